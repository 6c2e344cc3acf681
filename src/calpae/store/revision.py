"""The store revision: one integer raised in the same transaction as every change to what the
pages show, so that a reader can tell with one cheap query whether anything changed.

Session events rather than calls in each writer: a new writer (a correction, a review status)
cannot forget it. Writes to the job table alone (a queue worker's heartbeat, every few
seconds) change no page and leave the revision alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

# tables whose changes no cached page shows (the job pages are never cached)
UNTRACKED_TABLES = frozenset({"ingest_jobs", "store_revision"})
_CHANGED = "calpae_revision_changed"
_BUMP = text("UPDATE store_revision SET revision = revision + 1 WHERE id = 1")
_READ = text("SELECT revision FROM store_revision WHERE id = 1")


def current_revision(connection: Connection) -> int:
    return int(connection.execute(_READ).scalar_one())


def _tracked(obj: Any) -> bool:
    table = getattr(obj, "__tablename__", None)
    return table not in UNTRACKED_TABLES


def _after_flush(session: Session, _context: Any) -> None:
    if any(_tracked(o) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in UNTRACKED_TABLES:
        state.session.info[_CHANGED] = True


def _before_commit(session: Session) -> None:
    session.flush()  # what is still pending is flushed after this event: flush it first
    if session.info.pop(_CHANGED, False):
        session.connection().execute(_BUMP)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CHANGED, None)


def track_revisions(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    """Make every session of `factory` raise the revision when it commits a change."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _forget)
    return factory
