"""The document block: kind, year, territory, signatories, legal bases, dates, State funding."""

from __future__ import annotations

from calpae.extract.models import DocumentBlock
from calpae.model import SourceDocument


def extract_document(source: SourceDocument) -> DocumentBlock:
    return DocumentBlock()
