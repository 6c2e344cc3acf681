"""Real consumers: `calpae worker` processes, killed and restarted, and the embedded worker."""

from __future__ import annotations

import io
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from calpae.pipeline import ingest_file
from calpae.store.models import Document, IngestJob, SourceFile, SourceText
from calpae.tasks import (
    JobStatus,
    TaskConfig,
    accept_upload,
    enqueue,
    get_job,
    get_queue,
    runtime,
    start_embedded_worker,
    stop_embedded_worker,
)
from calpae.tasks.jobs import FINAL

from .conftest import LEASE_SECONDS, wait_for


def enqueue_file(config: TaskConfig, path: Path) -> int:
    with path.open("rb") as stream:
        upload = accept_upload(stream, path.name, directory=config.upload_dir)
    with runtime.sessions()() as session:
        return enqueue(session, upload, get_queue(config.queue_url)).id


def jobs_now(ids: list[int]) -> list[IngestJob]:
    with runtime.sessions()() as session:
        return [get_job(session, i) for i in ids]


def rows(model) -> int:
    with runtime.sessions()() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_worker_process_stores_the_seeds(config: TaskConfig, start_worker,
                                           seed_files: list[Path]):
    with runtime.sessions()() as session:
        ingest_file(session, seed_files[0])  # stored before: the upload is already present
    ids = [enqueue_file(config, p) for p in seed_files[:3]]
    assert [j.status for j in jobs_now(ids)] == [JobStatus.DUPLICATE, JobStatus.PENDING,
                                                 JobStatus.PENDING]
    start_worker("--workers", "2")
    done = wait_for(lambda: all(j.status in FINAL for j in jobs_now(ids)) and jobs_now(ids),
                    60, "the three jobs ended")
    assert [j.status for j in done] == [JobStatus.DUPLICATE, JobStatus.STORED, JobStatus.STORED]
    assert all(j.document_id for j in done) and len({j.document_id for j in done}) == 3
    assert rows(SourceFile) == rows(Document) == 3


@pytest.mark.ocr
def test_a_worker_killed_mid_file_leaves_nothing_and_the_job_is_run_again(
        config: TaskConfig, start_worker, slow_scan: Path, seed_files: list[Path]):
    scan = enqueue_file(config, slow_scan)
    seed = enqueue_file(config, seed_files[3])
    first = start_worker("--workers", "1")

    def mid_file() -> bool:
        job = jobs_now([scan])[0]
        return job.status == JobStatus.RUNNING and (job.pages_done or 0) >= 1 and \
            job.pages_done < job.pages_total

    wait_for(mid_file, 90, "the scan's OCR past its first page")
    os.killpg(first.pid, signal.SIGKILL)  # the consumer and its worker process, at once
    first.wait(10)
    killed = jobs_now([scan])[0]
    assert killed.status == JobStatus.RUNNING and " page " in killed.step
    assert 0 < killed.pages_done < killed.pages_total
    with runtime.sessions()() as session:  # nothing of the file was stored
        assert session.scalar(select(func.count()).select_from(SourceFile).where(
            SourceFile.sha256 == killed.sha256)) == 0

    wait_for(lambda: True, LEASE_SECONDS + 0.5, "")  # the lease runs out
    start_worker("--workers", "1")
    done = wait_for(lambda: all(j.status in FINAL for j in jobs_now([scan, seed]))
                    and jobs_now([scan, seed]), 120, "both jobs ended after the restart")
    assert [j.status for j in done] == [JobStatus.STORED, JobStatus.STORED]
    assert done[0].attempts == 2 and done[0].error is None
    assert rows(SourceFile) == rows(SourceText) == rows(Document) == 2  # each stored once
    with runtime.sessions()() as session:
        assert session.scalar(select(func.count()).select_from(SourceFile).where(
            SourceFile.sha256 == done[0].sha256)) == 1


def test_a_worker_stopped_by_sigterm_gives_its_job_back(config: TaskConfig, start_worker,
                                                        slow_scan: Path):
    scan = enqueue_file(config, slow_scan)
    worker = start_worker("--workers", "1")
    wait_for(lambda: jobs_now([scan])[0].status == JobStatus.RUNNING, 60, "the scan started")
    os.kill(worker.pid, signal.SIGTERM)  # the consumer interrupts its workers
    assert worker.wait(30) == 0
    job = jobs_now([scan])[0]
    assert job.status == JobStatus.PENDING and job.attempts == 1
    assert rows(SourceFile) == 0
    assert get_queue(config.queue_url).queued_job_ids() == {scan}  # for the next worker


def test_the_embedded_worker_processes_uploads_in_this_process(config: TaskConfig,
                                                               seed_files: list[Path]):
    worker = start_embedded_worker(workers=1)
    try:
        assert start_embedded_worker() is worker  # one per process
        ids = [enqueue_file(config, p) for p in seed_files[:2]]
        with seed_files[0].open("rb") as stream:  # the same bytes again, under another name
            upload = accept_upload(io.BytesIO(stream.read()), "copie.txt",
                                   directory=config.upload_dir)
        with runtime.sessions()() as session:
            assert enqueue(session, upload).id == ids[0]
        done = wait_for(lambda: all(j.status in FINAL for j in jobs_now(ids)) and jobs_now(ids),
                        60, "the embedded worker ended both jobs")
        assert [j.status for j in done] == [JobStatus.STORED, JobStatus.STORED]
        assert worker.thread.is_alive()
    finally:
        stop_embedded_worker(timeout=10)
    assert not worker.thread.is_alive()


def test_the_embedded_worker_can_be_stopped_right_after_its_start(config: TaskConfig):
    for _ in range(5):  # its consumer's threads may not exist yet when stop() comes
        worker = start_embedded_worker(workers=2)
        stop_embedded_worker(timeout=10)
        assert not worker.thread.is_alive()
