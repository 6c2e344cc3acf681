"""The Redis storage (CALPAE_QUEUE_URL=redis://…), where a Redis server and the redis package
are installed: a worker process consumes it as it does the SQLite queue."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from calpae.tasks import JobStatus, Queue, TaskConfig, accept_upload, enqueue, get_job, runtime
from calpae.tasks.jobs import FINAL

from .conftest import wait_for

# `make test` installs redis-server (Makefile APT_PACKAGES) and redis (dev extras): a missing
# one is a broken set-up, said as a failure rather than hidden as a skip.
assert shutil.which("redis-server"), "redis-server absent : lancer make setup / run make setup"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        wait_for(lambda: _answers(client), 10, "redis-server answers")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _answers(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


def test_a_worker_consumes_a_redis_queue(config: TaskConfig, redis_url: str, start_worker,
                                         seed_files: list[Path], monkeypatch):
    monkeypatch.setenv("CALPAE_QUEUE_URL", redis_url)
    redis_config = config.with_(queue_url=redis_url)
    runtime.configure(redis_config)
    queue = Queue(redis_url)
    ids = []
    with runtime.sessions()() as session:
        for path in seed_files[:2]:
            with path.open("rb") as stream:
                upload = accept_upload(stream, path.name, directory=config.upload_dir)
            ids.append(enqueue(session, upload, queue).id)
    assert queue.queued_job_ids() == set(ids)
    start_worker("--workers", "2", "--queue", redis_url)

    def ended():
        with runtime.sessions()() as session:
            jobs = [get_job(session, i) for i in ids]
        return jobs if all(j.status in FINAL for j in jobs) else None

    jobs = wait_for(ended, 60, "both jobs ended")
    assert [j.status for j in jobs] == [JobStatus.STORED, JobStatus.STORED]
    assert queue.queued_job_ids() == set()
