"""Where the queue, the uploads and the database are, and the limits of uploads and jobs.

Everything comes from the environment (names in `calpae.settings`), so that the web server,
the workers and `calpae enqueue` started with the same environment agree; an explicit
argument wins. The defaults put the queue and the uploads beside a SQLite database
(`var/queue.sqlite3`, `var/uploads/`), which is the embedded, one-machine set-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from calpae.settings import (
    JOB_ATTEMPTS_ENV,
    JOB_LEASE_ENV,
    MAX_UPLOAD_BYTES_ENV,
    QUEUE_URL_ENV,
    UPLOAD_DIR_ENV,
)
from calpae.store import database_url as resolve_database_url
from calpae.store.session import data_dir

DEFAULT_MAX_UPLOAD_BYTES = 50_000_000  # « 50 Mo », as the messages write sizes
DEFAULT_LEASE_SECONDS = 30.0
DEFAULT_MAX_ATTEMPTS = 3


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True, slots=True)
class TaskConfig:
    """What the queue's producers (web upload, `calpae enqueue`) and consumers share."""

    database_url: str
    queue_url: str
    upload_dir: Path
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    lease_seconds: float = DEFAULT_LEASE_SECONDS  # a running job's worker renews it a third in
    max_attempts: int = DEFAULT_MAX_ATTEMPTS  # runs cut short (dead worker) before giving up

    @classmethod
    def from_env(cls, database_url: str | None = None, queue_url: str | None = None,
                 upload_dir: str | os.PathLike[str] | None = None) -> TaskConfig:
        db = resolve_database_url(database_url)
        folder = data_dir(db)
        queue = queue_url or os.environ.get(QUEUE_URL_ENV) or \
            f"sqlite:///{folder / 'queue.sqlite3'}"
        uploads = Path(upload_dir or os.environ.get(UPLOAD_DIR_ENV) or folder / "uploads")
        return cls(
            database_url=db,
            queue_url=queue,
            upload_dir=uploads.expanduser().resolve(),
            max_upload_bytes=int(_env_number(MAX_UPLOAD_BYTES_ENV, DEFAULT_MAX_UPLOAD_BYTES)),
            lease_seconds=_env_number(JOB_LEASE_ENV, DEFAULT_LEASE_SECONDS),
            max_attempts=int(_env_number(JOB_ATTEMPTS_ENV, DEFAULT_MAX_ATTEMPTS)),
        )

    def with_(self, **changes: object) -> TaskConfig:
        return replace(self, **changes)  # type: ignore[arg-type]
