"""The queue's test set-up, shared by tests/tasks and tests/web: a task configuration in a
scratch folder (also in the environment, for subprocesses), and waiting for a condition."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from calpae.settings import JOB_LEASE_ENV, QUEUE_URL_ENV, UPLOAD_DIR_ENV
from calpae.tasks import TaskConfig

LEASE_SECONDS = 2.0  # short, so that dead workers show fast


def scratch_task_config(folder: Path, monkeypatch: pytest.MonkeyPatch) -> TaskConfig:
    """Queue and uploads in `folder`, beside the database CALPAE_DATABASE_URL names."""
    monkeypatch.setenv(QUEUE_URL_ENV, f"sqlite:///{folder / 'queue' / 'queue.sqlite3'}")
    monkeypatch.setenv(UPLOAD_DIR_ENV, str(folder / "uploads"))
    monkeypatch.setenv(JOB_LEASE_ENV, str(LEASE_SECONDS))
    return TaskConfig.from_env()


def wait_for(condition: Callable[[], object], timeout: float, what: str,
             every: float = 0.1) -> object:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(every)
    pytest.fail(f"not within {timeout} s: {what}")


def write_slow_scan(folder: Path) -> Path:
    """A scanned (image-only) execution report of several pages, written into `folder`: its
    OCR takes seconds a page, long enough to act while it runs."""
    from calpae.demo.corpus import generate

    manifest = generate(folder, 1, range(2019, 2021), 1, plant_rate=0.0, scans=1)
    [scan] = [d for d in manifest["documents"] if d["format"] == "scan"]
    return folder / scan["file"]
