"""The store: SQLAlchemy models, Alembic migrations and the functions that save and query."""

from calpae.store.models import Document, ExtractedValue, SourceFile, SourceText
from calpae.store.repository import find_source, list_documents, save_extraction
from calpae.store.session import (
    database_url,
    make_engine,
    migrate,
    open_store,
)

__all__ = [
    "Document",
    "ExtractedValue",
    "SourceFile",
    "SourceText",
    "database_url",
    "find_source",
    "list_documents",
    "make_engine",
    "migrate",
    "open_store",
    "save_extraction",
]
