"""The body of the `process_upload` task: claim the job, run the normal ingest path on its file
with a heartbeat that renews the lease and writes the progress, then record how it ended.

`calpae.pipeline.ingest_file` stores a file in one transaction, so a worker killed mid-file
leaves nothing of it: the job's lease runs out, `recover` puts the job back, another run
stores the file once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from calpae.errors import CalpaeError
from calpae.pipeline import IngestStatus, ingest_file
from calpae.progress import Progress
from calpae.tasks import jobs, runtime
from calpae.tasks.config import TaskConfig
from calpae.tasks.jobs import JobStatus

log = logging.getLogger("calpae.tasks")

PROGRESS_EVERY = 0.5  # seconds between two progress writes at most


class Heartbeat:
    """A thread that renews a running job's lease every third of it, and writes the latest
    progress as it comes (at most every PROGRESS_EVERY seconds)."""

    def __init__(self, factory: sessionmaker[Session], job_id: int, worker: str,
                 lease_seconds: float) -> None:
        self.factory, self.job_id, self.worker = factory, job_id, worker
        self.lease_seconds = lease_seconds
        self.kept = True  # False once the job was found taken over (lease lost)
        self._latest: Progress | None = None
        self._written: Progress | None = None
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}",
                                        daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()

    def progress(self, progress: Progress) -> None:
        """The progress listener handed to the ingest (called in the worker's thread)."""
        self._latest = progress
        self._wake.set()

    def _run(self) -> None:
        interval = max(self.lease_seconds / 3, 0.1)
        last = time.monotonic()  # the claim set the lease
        while not self._stop.is_set():
            self._wake.wait(max(last + interval - time.monotonic(), 0))
            self._wake.clear()
            pause = last + PROGRESS_EVERY - time.monotonic()
            if self._stop.is_set() or (pause > 0 and self._stop.wait(pause)):
                return
            self._beat(self._latest)
            last = time.monotonic()

    def _beat(self, latest: Progress | None) -> None:
        try:
            with self.factory() as session:
                kept = jobs.heartbeat(session, self.job_id, self.worker, self.lease_seconds,
                                      latest if latest is not self._written else None)
            self._written = latest
        except Exception:  # the database busy or gone for a moment: try again next beat
            log.warning("job %s: lease not renewed", self.job_id, exc_info=True)
            return
        if not kept and self.kept:
            log.warning("job %s: taken over by another worker (lease expired)", self.job_id)
        self.kept = self.kept and kept


def process_upload(job_id: int) -> str | None:
    """Run job `job_id` if it is waiting; return its final status (None if not run here)."""
    config = runtime.current_config()
    factory = runtime.sessions(config.database_url)
    worker = jobs.worker_name()
    with factory() as session:
        job = jobs.claim(session, job_id, worker, config.lease_seconds)
        if job is None:
            log.info("job %s: not waiting, left alone", job_id)
            return None
        log.info("job %s: %s (attempt %d)", job_id, job.display_name, job.attempts)
        path, name = Path(job.stored_path or ""), job.display_name
    try:
        with Heartbeat(factory, job_id, worker, config.lease_seconds) as beat, \
                factory() as session:
            outcome = _ingest(session, path, name, beat)
    except BaseException as e:
        # stopped (SIGTERM, Ctrl-C), the database gone, a bug of ours: not the file's fault
        _give_back(factory, job_id, worker, job.attempts, config.max_attempts, e)
        raise
    status, document_id, error = outcome
    keep = status is JobStatus.STORED  # the original of a document; others are not needed
    with factory() as session:
        ended = jobs.finish(session, job_id, worker, status, document_id=document_id,
                            error=error, keep_file=keep)
    if not keep and ended:
        path.unlink(missing_ok=True)
    log.info("job %s: %s%s", job_id, status, f" ({error})" if error else "")
    return str(status) if ended else None


def _give_back(factory: sessionmaker[Session], job_id: int, worker: str, attempts: int,
               max_attempts: int, error: BaseException) -> None:
    """Let an interrupted job wait again, or fail it once it has had all its attempts.

    A job interrupted by a stop (SIGTERM, Ctrl-C) is put on the queue again at once, for the
    next worker to start; after an error of ours, Huey's own retries send it again."""
    try:
        with factory() as session:
            if attempts >= max_attempts and isinstance(error, Exception):
                jobs.finish(session, job_id, worker, JobStatus.FAILED, keep_file=False,
                            error=f"erreur interne ({type(error).__name__}: {error}) / "
                            "internal error")
                return
            back = jobs.release(session, job_id, worker, "reprise après l'arrêt d'un processus")
        if back and not isinstance(error, Exception):
            from calpae.tasks.queue import get_queue  # the queue registers this module's task

            get_queue().send(job_id)
    except Exception:
        log.exception("job %s: could not be given back; recovery will", job_id)


def _ingest(session: Session, path: Path, name: str,
            beat: Heartbeat) -> tuple[JobStatus, int | None, str | None]:
    if not path.is_file():
        return JobStatus.FAILED, None, CalpaeError(
            name, "fichier reçu introuvable (supprimé du dossier des envois ?)",
            "uploaded file not found").message
    try:
        result = ingest_file(session, path, name=name, on_progress=beat.progress)
    except CalpaeError as e:
        return JobStatus.FAILED, None, e.message
    status = JobStatus.STORED if result.status is IngestStatus.STORED else JobStatus.DUPLICATE
    return status, result.document_id, None


def recover(send: Callable[[int], object], config: TaskConfig | None = None,
            queued: Iterable[int] = ()) -> list[int]:
    """Put back the jobs of dead workers and the lost waiting ones, and `send` each again."""
    config = config or runtime.current_config()
    with runtime.sessions(config.database_url)() as session:
        ids = jobs.recover(session, config.max_attempts, queued)
    for job_id in ids:
        send(job_id)
    if ids:
        log.info("jobs sent again: %s", ", ".join(map(str, ids)))
    return ids
