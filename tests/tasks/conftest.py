"""Fixtures of the queue tests: a configuration in a scratch folder (database, SQLite queue,
uploads), streams that count what is read, a worker process, and a slow multi-page scan."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The builders live in tests/builders; pytest's importlib mode does not put tests/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import calpae
from builders.queue import LEASE_SECONDS, scratch_task_config, wait_for, write_slow_scan
from calpae.settings import (
    DATABASE_URL_ENV,
    JOB_LEASE_ENV,
    QUEUE_URL_ENV,
    UPLOAD_DIR_ENV,
)
from calpae.tasks import TaskConfig, runtime

SRC = Path(calpae.__file__).resolve().parents[1]
__all__ = ["LEASE_SECONDS", "wait_for"]  # for the tests of this folder


@pytest.fixture
def config(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch,
           ) -> Iterator[TaskConfig]:
    """Database, queue and uploads in tmp_path, also in the environment (for subprocesses),
    set as this process's task configuration; a short lease so that dead workers show fast."""
    made = scratch_task_config(tmp_path, monkeypatch)
    assert made.database_url == database_url
    runtime.configure(made)
    yield made
    runtime.configure(None)
    runtime.dispose()


class CountingStream(io.RawIOBase):
    """A stream of `size` bytes starting with `head` that counts what was read from it."""

    def __init__(self, size: int, head: bytes = b"CALPAE ") -> None:
        self.size, self.head, self.given, self.reads = size, head, 0, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        self.reads += 1
        n = self.size - self.given if n < 0 else min(n, self.size - self.given)
        start, self.given = self.given, self.given + n
        out = bytearray(b"a" * n)
        head = self.head[start:start + n]
        out[:len(head)] = head
        return bytes(out)


@pytest.fixture
def counting_stream() -> type[CountingStream]:
    return CountingStream


def calpae_env(config: TaskConfig, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(SRC), DATABASE_URL_ENV: config.database_url,
                QUEUE_URL_ENV: config.queue_url, UPLOAD_DIR_ENV: str(config.upload_dir),
                JOB_LEASE_ENV: str(config.lease_seconds), **extra})
    return env


CLI = "import sys; from calpae.cli import app; sys.argv[0] = 'calpae'; app()"


@pytest.fixture
def start_worker(config: TaskConfig, tmp_path: Path,
                 ) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `calpae worker ARGS` in its own process group (so that a test can kill it with
    its worker processes); every one started is stopped at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-c", CLI, "worker", *args],
                                env=calpae_env(config), stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="session")
def slow_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_slow_scan(tmp_path_factory.mktemp("scan"))
