"""Full-text search on SQLite: FTS5 indexes of the source texts and of the fiches' titles and
measures, kept up to date by triggers (other databases search with LIKE for now).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# External-content FTS5 tables: the index holds the tokens, the text stays in its own table
# (`snippet()` reads it there). Accents are folded so that `execution` finds `exécution`.
TOKENIZE = "unicode61 remove_diacritics 2"

# (index, content table, its key column, indexed columns)
INDEXES = (
    ("search_texts", "source_texts", "source_file_id", ("text",)),
    ("search_actions", "action_lines", "id", ("title", "measure")),
)


def _fts5_available(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.calpae_fts5_probe USING fts5(x)")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.calpae_fts5_probe")
    return True


def _statements(index: str, table: str, key: str, columns: tuple[str, ...]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.{key}, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.{key}, {old});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', "
        f"content_rowid='{key}', tokenize='{TOKENIZE}')",
        f"CREATE TRIGGER {index}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_ad AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_au AFTER UPDATE ON {table} BEGIN {remove} {insert} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",  # what was stored before
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or not _fts5_available(bind):
        return
    for index in INDEXES:
        for statement in _statements(*index):
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for index, _table, _key, _columns in INDEXES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {index}")
