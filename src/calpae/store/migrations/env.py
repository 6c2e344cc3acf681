"""Alembic environment: runs on the connection `calpae.store.session.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from calpae.store.models import Base

# The full-text indexes (migration 0004, SQLite only) and their shadow tables are no models.
SEARCH_INDEX_PREFIX = "search_"


def include_name(name, type_, _parent_names) -> bool:
    return not (type_ == "table" and name and name.startswith(SEARCH_INDEX_PREFIX))


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=include_name,
        # SQLite cannot ALTER most things in place; batch mode rebuilds tables portably.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    # Command-line use (`alembic -c .../alembic.ini upgrade head`): connect from the URL.
    from calpae.store.session import database_url

    engine = create_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as conn:
        run_migrations(conn)
    engine.dispose()


run()
