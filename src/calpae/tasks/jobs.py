"""The job table (`ingest_jobs`): recording an upload, claiming a job, its lease and progress,
how it ended, and finding the jobs of dead workers.

Every change of state is one conditional UPDATE (`WHERE status = … AND worker = …`), so that
two workers, or two recoverers on two machines, never both take the same job: the one whose
UPDATE touched no row lost the race and leaves the job alone.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from calpae.progress import Progress
from calpae.store import find_source
from calpae.store.models import IngestJob, utc_now
from calpae.tasks.upload import Upload


class JobStatus(StrEnum):
    PENDING = "en_attente"
    RUNNING = "en_cours"
    STORED = "enregistré"  # as calpae.pipeline.IngestStatus
    DUPLICATE = "déjà présent"
    FAILED = "échec"


FINAL = frozenset({JobStatus.STORED, JobStatus.DUPLICATE, JobStatus.FAILED})
LOST_AFTER_SECONDS = 60.0  # a waiting job absent from the queue this long is sent again


def worker_name() -> str:
    """Who runs a job: `host:pid:thread`, so that a restarted worker on the same machine can
    tell that the process holding a job is gone without waiting for its lease."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


def _dead_here(worker: str | None) -> bool:
    """Whether `worker` names a process of this machine that no longer runs."""
    host, _, rest = (worker or "").partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:  # a killed child nobody has reaped yet still answers: a zombie is dead too
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def record_upload(session: Session, upload: Upload) -> tuple[IngestJob, bool]:
    """The job of an accepted upload, committed, and whether it must be sent to the queue.

    Bytes already stored make a job `déjà présent` at once (pointing to their document); bytes
    already waiting or running return that job. In both cases the new copy is deleted.
    Commits the session (which must hold no other pending work).
    """
    known = find_source(session, upload.sha256)
    if known is not None:
        now = utc_now()
        job = IngestJob(sha256=upload.sha256, display_name=upload.display_name,
                        size=upload.size, format=upload.format, status=JobStatus.DUPLICATE,
                        step=str(JobStatus.DUPLICATE), attempts=0, created_at=now,
                        finished_at=now,
                        document_id=known.document.id if known.document else None)
        session.add(job)
        session.commit()
        upload.path.unlink(missing_ok=True)
        return job, False
    active = _active(session, upload.sha256)
    if active is None:
        job = IngestJob(sha256=upload.sha256, active_sha256=upload.sha256,
                        stored_path=str(upload.path), display_name=upload.display_name,
                        size=upload.size, format=upload.format, status=JobStatus.PENDING,
                        step="en attente", attempts=0, enqueued_at=utc_now())
        session.add(job)
        try:
            session.commit()
            return job, True
        except IntegrityError:  # the same bytes enqueued at the same moment by someone else
            session.rollback()
            active = _active(session, upload.sha256)
            if active is None:
                raise
    session.commit()
    upload.path.unlink(missing_ok=True)
    return active, False


def _active(session: Session, sha256: str) -> IngestJob | None:
    return session.scalar(select(IngestJob).where(IngestJob.active_sha256 == sha256))


def _lease(seconds: float) -> tuple[dt.datetime, dt.datetime]:
    now = utc_now()
    return now, now + dt.timedelta(seconds=seconds)


def claim(session: Session, job_id: int, worker: str, lease_seconds: float) -> IngestJob | None:
    """Take a waiting job for `worker` with a lease, or None if it is not waiting (already
    taken, ended, or unknown)."""
    now, until = _lease(lease_seconds)
    taken = session.execute(
        update(IngestJob)
        .where(IngestJob.id == job_id, IngestJob.status == JobStatus.PENDING)
        .values(status=JobStatus.RUNNING, worker=worker, attempts=IngestJob.attempts + 1,
                started_at=now, heartbeat_at=now, lease_expires_at=until, step="démarrage",
                pages_done=None, pages_total=None, error=None)).rowcount
    session.commit()
    return session.get(IngestJob, job_id, populate_existing=True) if taken else None


def heartbeat(session: Session, job_id: int, worker: str, lease_seconds: float,
              progress: Progress | None = None) -> bool:
    """Renew the lease (and write the progress); False if the job is no longer this worker's."""
    now, until = _lease(lease_seconds)
    values: dict[str, Any] = {"heartbeat_at": now, "lease_expires_at": until}
    if progress is not None:
        values.update(step=progress.step[:200], pages_done=progress.done,
                      pages_total=progress.total)
    kept = session.execute(update(IngestJob).where(
        IngestJob.id == job_id, IngestJob.worker == worker,
        IngestJob.status == JobStatus.RUNNING).values(**values)).rowcount
    session.commit()
    return bool(kept)


def finish(session: Session, job_id: int, worker: str | None, status: JobStatus, *,
           document_id: int | None = None, error: str | None = None,
           keep_file: bool = True) -> bool:
    """End a running job (of `worker`; any worker for None); False if it was not running."""
    if status not in FINAL:
        raise ValueError(f"not a final status: {status}")
    conditions = [IngestJob.id == job_id, IngestJob.status == JobStatus.RUNNING]
    if worker is not None:
        conditions.append(IngestJob.worker == worker)
    values: dict[str, Any] = {
        "status": status, "active_sha256": None, "finished_at": utc_now(),
        "lease_expires_at": None, "step": str(status), "document_id": document_id,
        "error": error}
    if not keep_file:
        values["stored_path"] = None
    done = session.execute(update(IngestJob).where(*conditions).values(**values)).rowcount
    session.commit()
    return bool(done)


def release(session: Session, job_id: int, worker: str, step: str) -> bool:
    """Give a running job back to the queue (its worker is stopping); True if it must be sent
    again."""
    back = session.execute(update(IngestJob).where(
        IngestJob.id == job_id, IngestJob.worker == worker, IngestJob.status == JobStatus.RUNNING,
    ).values(status=JobStatus.PENDING, lease_expires_at=None, step=step,
             enqueued_at=utc_now())).rowcount
    session.commit()
    return bool(back)


def interrupted_message(attempts: int) -> str:
    return (f"traitement interrompu {attempts} fois (processus arrêté ou bloqué) : abandonné "
            f"(CALPAE_JOB_MAX_ATTEMPTS) / processing cut short {attempts} times, given up")


def recover(session: Session, max_attempts: int, queued: Iterable[int] = (),
            lost_after: float = LOST_AFTER_SECONDS) -> list[int]:
    """Put back the jobs of dead workers and the waiting jobs the queue lost; return the ids
    to send to the queue again.

    A running job is its worker's while its lease lasts, or until its process is seen gone on
    this machine; then it waits again, or fails once it has been cut short `max_attempts`
    times (a file that kills its worker must not kill them all). A waiting job that is not in
    the queue (`queued`) and was sent over `lost_after` seconds ago is sent again.
    """
    now = utc_now()
    send: list[int] = []
    given_up: list[Path] = []  # the files of the jobs given up, removed once committed
    running = session.scalars(select(IngestJob).where(IngestJob.status == JobStatus.RUNNING))
    for job in list(running):
        expired = job.lease_expires_at is None or as_utc(job.lease_expires_at) < now
        if not expired and not _dead_here(job.worker):
            continue
        same = [IngestJob.id == job.id, IngestJob.status == JobStatus.RUNNING,
                IngestJob.worker == job.worker, IngestJob.attempts == job.attempts]
        if job.attempts >= max_attempts:
            path = job.stored_path  # read before the UPDATE, which the session applies to job
            failed = session.execute(update(IngestJob).where(*same).values(
                status=JobStatus.FAILED, active_sha256=None, finished_at=now,
                lease_expires_at=None, step=str(JobStatus.FAILED), stored_path=None,
                error=interrupted_message(job.attempts))).rowcount
            if failed and path:
                given_up.append(Path(path))
            continue
        moved = session.execute(update(IngestJob).where(*same).values(
            status=JobStatus.PENDING, lease_expires_at=None, enqueued_at=now,
            step="reprise après l'arrêt d'un processus")).rowcount
        if moved:
            send.append(job.id)
    queued = set(queued)
    before = now - dt.timedelta(seconds=lost_after)
    waiting = session.execute(select(IngestJob.id, IngestJob.enqueued_at).where(
        IngestJob.status == JobStatus.PENDING,
        or_(IngestJob.enqueued_at.is_(None), IngestJob.enqueued_at < before)))
    for job_id, sent in list(waiting):
        if job_id in queued or job_id in send:
            continue
        moved = session.execute(update(IngestJob).where(
            IngestJob.id == job_id, IngestJob.status == JobStatus.PENDING,
            IngestJob.enqueued_at.is_(None) if sent is None else IngestJob.enqueued_at == sent,
        ).values(enqueued_at=now)).rowcount
        if moved:
            send.append(job_id)
    session.commit()
    for path in given_up:
        path.unlink(missing_ok=True)
    return send


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def list_jobs(session: Session, limit: int | None = 100, status: JobStatus | None = None,
              ids: Iterable[int] | None = None) -> list[IngestJob]:
    """The latest jobs first (of these `ids` only, when given)."""
    query = select(IngestJob).order_by(IngestJob.id.desc()).limit(limit)
    if status is not None:
        query = query.where(IngestJob.status == status)
    if ids is not None:
        query = query.where(IngestJob.id.in_(list(ids)))
    return list(session.scalars(query.execution_options(populate_existing=True)))


def get_job(session: Session, job_id: int) -> IngestJob | None:
    return session.get(IngestJob, job_id, populate_existing=True)


def describe(job: IngestJob) -> dict[str, Any]:
    """A job as JSON (what `calpae jobs --format json` prints and a web page can poll)."""

    def when(moment: dt.datetime | None) -> str | None:
        return None if moment is None else as_utc(moment).isoformat(timespec="seconds")

    return {
        "id": job.id, "name": job.display_name, "sha256": job.sha256, "size": job.size,
        "format": job.format, "status": job.status, "final": job.status in FINAL,
        "step": job.step, "pages_done": job.pages_done, "pages_total": job.pages_total,
        "document_id": job.document_id, "error": job.error, "attempts": job.attempts,
        "created_at": when(job.created_at), "started_at": when(job.started_at),
        "finished_at": when(job.finished_at),
    }
