"""The store's connection handling and migrations."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from calpae.errors import StoreError
from calpae.settings import DATABASE_URL_ENV
from calpae.store import database_url, make_engine, migrate
from calpae.store.models import Base
from calpae.store.session import MIGRATIONS_DIR


def test_migrations_create_every_table(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.sqlite3'}")
    migrate(engine)
    migrate(engine)  # a second start-up finds the schema up to date
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"source_files", "source_texts", "documents", "extracted_values",
            "alembic_version"} <= tables


def test_models_and_migrations_agree(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate(engine)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises if the models hold something no migration creates
    engine.dispose()


def test_url_comes_from_argument_then_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:////tmp/from-env.sqlite3")
    assert database_url("sqlite:///given.sqlite3") == "sqlite:///given.sqlite3"
    assert database_url() == "sqlite:////tmp/from-env.sqlite3"
    monkeypatch.delenv(DATABASE_URL_ENV)
    assert database_url().endswith("/var/calpae.sqlite3")


def test_bad_url_is_a_store_error():
    with pytest.raises(StoreError, match="invalide"):
        make_engine("not a url at all")


def test_schema_compiles_for_postgresql():
    ddl = [str(CreateTable(t).compile(dialect=postgresql.dialect()))
           for t in Base.metadata.sorted_tables]
    assert any("calpae_json JSON NOT NULL" in d for d in ddl)
    assert any("ON DELETE CASCADE" in d for d in ddl)


def test_values_stored_before_keys_get_their_path_as_key_and_downgrade_works(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO source_files (id, sha256, name, size, format, ingested_at, reader_notes)"
            " VALUES (1, 'ab', 'a.txt', 1, 'text', '2026-01-01', '[]')"))
        connection.execute(text(
            "INSERT INTO documents (id, source_file_id, action_count, calpae_json)"
            " VALUES (1, 1, 0, '{}')"))
        connection.execute(text(
            "INSERT INTO extracted_values (document_id, path, value, status)"
            " VALUES (1, 'actions[0].budget.state', '1000', 'exact')"))
        command.upgrade(config, "head")
        assert connection.execute(text("SELECT key FROM extracted_values")).scalar_one() == (
            "actions[0].budget.state")
        command.downgrade(config, "0001")
        columns = {c["name"] for c in inspect(connection).get_columns("extracted_values")}
        assert "key" not in columns and "path" in columns
    engine.dispose()
