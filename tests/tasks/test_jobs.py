"""Jobs in one process: deduplication by SHA-256, failures with their reason, progress, and
the recovery of jobs whose worker died."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from builders import seed_pdf
from calpae.pipeline import ingest_file
from calpae.progress import Progress
from calpae.store.files import FileStore
from calpae.store.models import Document, IngestJob, SourceFile
from calpae.tasks import JobStatus, Queue, TaskConfig, accept_upload, enqueue, get_job, runtime
from calpae.tasks import jobs as job_table

NOT_CALPAE = ("Liste de courses\n\nPain, lait, œufs, farine.\n"
              "Penser à rappeler le plombier mardi.\n").encode()


def upload_of(config: TaskConfig, data: bytes, name: str):
    return accept_upload(io.BytesIO(data), name, directory=config.upload_dir)


@pytest.fixture
def queue(config: TaskConfig) -> Queue:
    """The configured SQLite queue, not consumed: tests run its messages by hand."""
    return Queue(config.queue_url)


@pytest.fixture
def immediate(config: TaskConfig) -> Queue:
    """A queue that runs each task as it is sent (for tests of the task body)."""
    return Queue("memory://", immediate=True)


def run_pending(queue: Queue) -> list[object]:
    """Run every message waiting in the queue, as a worker would."""
    results = []
    while (task := queue.huey.dequeue()) is not None:
        results.append(task.execute())
    return results


def count(config: TaskConfig, model) -> int:
    with runtime.sessions()() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_file_that_is_no_document_ends_in_failure_with_the_reason(config: TaskConfig,
                                                                   immediate: Queue):
    upload = upload_of(config, NOT_CALPAE, "courses.txt")
    with runtime.sessions()() as session:
        job = enqueue(session, upload, immediate)
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert job.error.startswith("courses.txt : ce texte n'est pas une convention")
    assert " / not a CALPAE" in job.error
    assert job.active_sha256 is None and job.document_id is None
    assert not upload.path.exists()  # a failed upload is not kept
    assert count(config, SourceFile) == 0


def test_a_document_is_stored_with_its_display_name(config: TaskConfig, immediate: Queue,
                                                    seed_files: list[Path]):
    upload = upload_of(config, seed_files[1].read_bytes(), "../../Avenant n°1.txt")
    with runtime.sessions()() as session:
        job = enqueue(session, upload, immediate)
        assert job.status == JobStatus.STORED and job.document_id is not None
        document = session.get(Document, job.document_id)
        assert document.source_file.name == "Avenant n°1.txt"
    assert Path(job.stored_path).is_file()  # the original of a stored document is kept


def test_a_pdf_through_the_queue_is_kept_in_the_file_store(config: TaskConfig,
                                                           immediate: Queue):
    data = seed_pdf("001", max_pages=1)[1]
    upload = upload_of(config, data, "avenant.pdf")
    with runtime.sessions()() as session:
        job = enqueue(session, upload, immediate)
    assert job.status == JobStatus.STORED
    kept = FileStore.for_url(config.database_url).find(upload.sha256, "pdf")
    assert kept is not None and kept.read_bytes() == data
    assert kept != Path(job.stored_path)  # its own copy, whatever becomes of the upload


def test_the_same_file_enqueued_twice_is_processed_once(config: TaskConfig, queue: Queue,
                                                        seed_files: list[Path]):
    data = seed_files[0].read_bytes()
    with runtime.sessions()() as session:
        first = enqueue(session, upload_of(config, data, "a.txt"), queue)
        second = enqueue(session, upload_of(config, data, "copie de a.txt"), queue)
    assert second.id == first.id and first.status == JobStatus.PENDING
    assert queue.queued_job_ids() == {first.id} and queue.huey.pending_count() == 1
    assert len(list(config.upload_dir.iterdir())) == 1  # the second copy is not kept
    queue.send(first.id)  # a message sent twice (a recovery racing a worker) changes nothing
    assert run_pending(queue) == [str(JobStatus.STORED), None]
    assert count(config, SourceFile) == 1 and count(config, IngestJob) == 1
    with runtime.sessions()() as session:
        third = enqueue(session, upload_of(config, data, "a.txt"), queue)
        assert third.id != first.id and third.status == JobStatus.DUPLICATE
        assert third.document_id == get_job(session, first.id).document_id
    assert queue.huey.pending_count() == 0 and count(config, SourceFile) == 1


def test_bytes_stored_by_the_command_line_are_already_present(config: TaskConfig, queue: Queue,
                                                              seed_files: list[Path]):
    with runtime.sessions()() as session:
        stored = ingest_file(session, seed_files[2])
        job = enqueue(session, upload_of(config, seed_files[2].read_bytes(), "x.txt"), queue)
    assert job.status == JobStatus.DUPLICATE and job.document_id == stored.document_id
    assert job.finished_at is not None and queue.huey.pending_count() == 0


def test_pages_are_reported_while_a_pdf_is_read(config: TaskConfig, tmp_path: Path):
    _source, data = seed_pdf("001")
    path = tmp_path / "avenant.pdf"
    path.write_bytes(data)
    heard: list[Progress] = []
    with runtime.sessions()() as session:
        ingest_file(session, path, on_progress=heard.append)
    steps = [p.step for p in heard]
    pages = [p for p in heard if p.step.startswith("lecture page")]
    assert steps[0] == "lecture" and steps[-1] == "enregistrement et contrôles"
    assert len(pages) >= 2 and pages[0].step == f"lecture page 1/{pages[0].total}"
    assert [p.done for p in pages] == list(range(pages[0].total))
    assert "extraction" in steps


def test_progress_and_lease_are_written_by_the_heartbeat(config: TaskConfig, queue: Queue,
                                                         seed_files: list[Path]):
    from calpae.tasks.run import Heartbeat

    with runtime.sessions()() as session:
        job = enqueue(session, upload_of(config, seed_files[0].read_bytes(), "a.txt"), queue)
        claimed = job_table.claim(session, job.id, "here:1:t", lease_seconds=60)
        first_lease = claimed.lease_expires_at
    with Heartbeat(runtime.sessions(), job.id, "here:1:t", lease_seconds=0.3) as beat:
        beat.progress(Progress("OCR page 3/30", 2, 30))
        import time
        time.sleep(0.8)
    with runtime.sessions()() as session:
        seen = get_job(session, job.id)
    assert (seen.step, seen.pages_done, seen.pages_total) == ("OCR page 3/30", 2, 30)
    assert seen.lease_expires_at < first_lease  # renewed for 0.3 s from now, not 60


def expire(config: TaskConfig, job_id: int, worker: str = "elsewhere:1:Worker-1",
           attempts: int = 1) -> None:
    with runtime.sessions()() as session:
        session.execute(update(IngestJob).where(IngestJob.id == job_id).values(
            status=JobStatus.RUNNING, worker=worker, attempts=attempts,
            lease_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        session.commit()


def test_a_job_whose_lease_expired_is_sent_again_then_given_up(config: TaskConfig,
                                                               queue: Queue,
                                                               seed_files: list[Path]):
    with runtime.sessions()() as session:
        job = enqueue(session, upload_of(config, seed_files[0].read_bytes(), "a.txt"), queue)
    assert queue.huey.dequeue() is not None  # the message taken by a worker that then died
    expire(config, job.id)
    assert queue.recover() == [job.id]
    with runtime.sessions()() as session:
        assert get_job(session, job.id).status == JobStatus.PENDING
    assert queue.recover() == []  # sent once: now in the queue
    assert run_pending(queue) == [str(JobStatus.STORED)]
    with runtime.sessions()() as session:
        assert get_job(session, job.id).attempts == 2

    other = upload_of(config, seed_files[1].read_bytes(), "b.txt")
    with runtime.sessions()() as session:
        given_up = enqueue(session, other, queue)
    expire(config, given_up.id, attempts=config.max_attempts)
    assert queue.recover() == []
    with runtime.sessions()() as session:
        failed = get_job(session, given_up.id)
    assert failed.status == JobStatus.FAILED and failed.active_sha256 is None
    assert f"interrompu {config.max_attempts} fois" in failed.error
    assert not other.path.exists()


def test_a_live_lease_is_left_alone_unless_its_process_is_gone(config: TaskConfig,
                                                               queue: Queue,
                                                               seed_files: list[Path]):
    import os
    import socket

    with runtime.sessions()() as session:
        job = enqueue(session, upload_of(config, seed_files[0].read_bytes(), "a.txt"), queue)
        job_table.claim(session, job.id, f"{socket.gethostname()}:{os.getppid()}:W", 60)
    queue.huey.flush()
    assert queue.recover() == []  # the lease runs, and the process holding it lives
    with runtime.sessions()() as session:
        job_table.release(session, job.id, f"{socket.gethostname()}:{os.getppid()}:W", "x")
        job_table.claim(session, job.id, f"{socket.gethostname()}:999999999:W", 60)
    assert queue.recover() == [job.id]  # no such process on this machine


def test_a_waiting_job_the_queue_lost_is_sent_again(config: TaskConfig, queue: Queue,
                                                    seed_files: list[Path]):
    with runtime.sessions()() as session:
        job = enqueue(session, upload_of(config, seed_files[0].read_bytes(), "a.txt"), queue)
    assert queue.recover() == []  # its message waits in the queue
    queue.huey.flush()  # lost (a Redis flushed, a worker dead between dequeue and claim)
    assert queue.recover() == []  # sent less than a minute ago: maybe being claimed
    with runtime.sessions()() as session:
        session.execute(update(IngestJob).values(
            enqueued_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)))
        session.commit()
    assert queue.recover() == [job.id]
    assert queue.queued_job_ids() == {job.id}
