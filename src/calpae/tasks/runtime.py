"""What a worker process runs with: its configuration and its database sessions.

A worker started by `calpae worker` or `start_embedded_worker` is configured once; a task run
anywhere else (immediate mode, a test) reads the environment. Each process opens its own
engine on first use (process workers are forked: a connection must never cross a fork), and
brings the schema up to date once.
"""

from __future__ import annotations

import os
import threading

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from calpae.store import make_engine, migrate
from calpae.tasks.config import TaskConfig

_config: TaskConfig | None = None
_engines: dict[tuple[int, str], tuple[Engine, sessionmaker[Session]]] = {}
_lock = threading.Lock()


def configure(config: TaskConfig | None) -> None:
    """Set the configuration tasks run with in this process (None: the environment's)."""
    global _config
    _config = config


def current_config() -> TaskConfig:
    return _config if _config is not None else TaskConfig.from_env()


def sessions(database_url: str | None = None) -> sessionmaker[Session]:
    """The session factory of this process on the configured (or given) database."""
    url = database_url or current_config().database_url
    key = (os.getpid(), url)
    with _lock:
        found = _engines.get(key)
        if found is None:
            for other in [k for k in _engines if k[0] != os.getpid()]:
                del _engines[other]  # inherited through a fork: never used, never disposed
            engine = make_engine(url)
            migrate(engine)
            found = _engines[key] = (engine, sessionmaker(engine, expire_on_commit=False))
        return found[1]


def dispose() -> None:
    """Close this process's connections (before a fork, at shutdown, between tests)."""
    with _lock:
        for key in [k for k in _engines if k[0] == os.getpid()]:
            _engines.pop(key)[0].dispose()
