"""Where the database is, how to connect to it, and bringing its schema up to date."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from calpae.errors import StoreError
from calpae.settings import DATABASE_URL_ENV
from calpae.store.revision import track_revisions

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_database_url() -> str:
    """SQLite file `var/calpae.sqlite3` of the source checkout, else of the working directory."""
    package_dir = Path(__file__).resolve().parents[1]
    checkout = package_dir.parents[1]
    in_checkout = package_dir.parent.name == "src" and (checkout / "pyproject.toml").is_file()
    base = checkout if in_checkout else Path.cwd()
    return f"sqlite:///{base / 'var' / 'calpae.sqlite3'}"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(DATABASE_URL_ENV) or default_database_url()


def data_dir(url: str) -> Path:
    """The folder of a SQLite database file, else `var/` beside the default database: where
    the queue, the uploads and the kept files go unless told otherwise."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database not in (
            None, "", ":memory:"):
        return Path(parsed.database).expanduser().resolve().parent
    return Path(make_url(default_database_url()).database or "var").parent


SQLITE_BUSY_SECONDS = 30.0
"""How long a SQLite connection waits for another one's write (queue workers, the web app and
the command line write to one file) before it fails with « database is locked »."""


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores ON DELETE CASCADE unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_write_ahead_log(dbapi_connection, _record) -> None:
    # Readers (the web pages, `calpae jobs`) then never wait for a writer (a queue worker),
    # nor a writer for them. Kept by the file; SQLite answers `memory` for an in-memory base.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StoreError(None, f"adresse de base de données invalide : {url}",
                         "invalid database URL") from e
    on_disk = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "",
                                                                                ":memory:")
    if on_disk:
        folder = Path(parsed.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(None, f"impossible de créer le dossier de la base {folder} "
                             f"({e.strerror})", "cannot create the database folder") from e
    try:
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS}
                               if on_disk and parsed.get_driver_name() == "pysqlite" else {})
    except (ArgumentError, ImportError) as e:
        raise StoreError(None, f"base de données inutilisable ({parsed.get_backend_name()}) : {e}",
                         "unusable database") from e
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        if on_disk:
            event.listen(engine, "connect", _sqlite_write_ahead_log)
    return engine


def migrate(engine: Engine) -> None:
    """`alembic upgrade head` through the API, with the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as e:
        reason = f"base de données inaccessible ou illisible ({type(e).__name__})"
        raise StoreError(None, reason, "database unreachable or unreadable") from e


@contextmanager
def open_store(url: str | None = None) -> Iterator[sessionmaker[Session]]:
    """A session factory on an up-to-date database; the engine is disposed of afterwards."""
    engine = make_engine(database_url(url))
    try:
        migrate(engine)
        yield track_revisions(sessionmaker(engine, expire_on_commit=False))
    finally:
        engine.dispose()
