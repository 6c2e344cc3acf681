"""The Huey queue, chosen by URL (ADR 0009), its two tasks, and `enqueue`.

- `sqlite:///var/queue.sqlite3` (`sqlite:////abs/path`): SQLite storage, the embedded default;
- `redis://host:6379/0` (`rediss://`): Redis storage, for workers on several machines (needs
  the `redis` package: `pip install 'calpae[redis]'`);
- `memory://`: in the process only (tests, `immediate` mode).

The queue carries job ids only; the job table is the truth. Its tasks: `process_upload(job_id)`
and, every minute in a running consumer, `recover_jobs` (jobs of dead workers, lost messages).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper
from huey.exceptions import ConfigurationError
from sqlalchemy.orm import Session

from calpae.errors import CalpaeError
from calpae.store.models import IngestJob
from calpae.tasks import jobs, run, runtime
from calpae.tasks.upload import Upload

log = logging.getLogger("calpae.tasks")

QUEUE_NAME = "calpae"
PROCESS_RETRIES = 2  # runs of process_upload after an error of ours (the job stays the truth)
PROCESS_RETRY_DELAY = 10


def _bad_url(url: str, reason_fr: str, reason_en: str) -> CalpaeError:
    return CalpaeError(None, f"file d'attente inutilisable ({url}) : {reason_fr} "
                       "(CALPAE_QUEUE_URL)", f"unusable queue: {reason_en}")


def make_huey(url: str, immediate: bool = False) -> Huey:
    """A Huey instance on the storage the URL names."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        if not url.lower().startswith("sqlite:///") or len(url) <= len("sqlite:///"):
            raise _bad_url(url, "attendu sqlite:///chemin/queue.sqlite3",
                           "expected sqlite:///path/queue.sqlite3")
        path = Path(url[len("sqlite:///"):]).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _bad_url(url, f"dossier impossible à créer ({e.strerror})",
                           "cannot create its folder") from e
        return SqliteHuey(QUEUE_NAME, filename=str(path), results=False, immediate=immediate,
                          immediate_use_memory=False)
    if scheme in ("redis", "rediss", "unix"):
        try:
            return RedisHuey(QUEUE_NAME, url=url, results=False, immediate=immediate,
                             immediate_use_memory=False)
        except ConfigurationError as e:
            raise _bad_url(url, "le paquet redis manque (pip install 'calpae[redis]')",
                           "the redis package is missing") from e
    if scheme == "memory":
        return MemoryHuey(QUEUE_NAME, results=False, immediate=immediate)
    raise _bad_url(url, "seuls sqlite://, redis:// et memory:// sont pris en charge",
                   "only sqlite://, redis:// and memory:// are supported")


class Queue:
    """A Huey instance with calpae's tasks registered on it."""

    def __init__(self, url: str, immediate: bool = False) -> None:
        self.url = url
        self.huey = make_huey(url, immediate)
        self.process_upload: TaskWrapper = self.huey.task(
            retries=PROCESS_RETRIES, retry_delay=PROCESS_RETRY_DELAY,
            name="process_upload")(run.process_upload)
        self.recover_jobs: TaskWrapper = self.huey.periodic_task(
            crontab(minute="*"), name="recover_jobs")(self.recover)

    def send(self, job_id: int) -> None:
        """Put job `job_id` on the queue (run at once in immediate mode)."""
        self.process_upload(job_id)

    def queued_job_ids(self) -> set[int]:
        """The jobs whose message waits in the queue (or in its schedule, for a retry)."""
        found = set()
        for task in [*self.huey.pending(), *self.huey.scheduled()]:
            if isinstance(task, self.process_upload.task_class) and task.args:
                found.add(task.args[0])
        return found

    def recover(self) -> list[int]:
        """Send again the jobs of dead workers and the waiting jobs the queue lost."""
        return run.recover(self.send, runtime.current_config(), self.queued_job_ids())


_queues: dict[str, Queue] = {}
_queues_lock = threading.Lock()


def get_queue(url: str | None = None) -> Queue:
    """The queue of this URL (default: the configured one), made once per process."""
    url = url or runtime.current_config().queue_url
    with _queues_lock:
        if url not in _queues:
            _queues[url] = Queue(url)
        return _queues[url]


def enqueue(session: Session, upload: Upload, queue: Queue | None = None) -> IngestJob:
    """The job of an accepted upload, deduplicated by its SHA-256, and sent to the queue.

    Bytes already stored give a job `déjà présent` at once (with the stored document's id);
    bytes already waiting or running give that job back. Commits the session (which must hold
    no other pending work). If the queue cannot be reached, the job waits and is sent again
    by the next recovery (`calpae worker` at start and every minute).
    """
    job, send = jobs.record_upload(session, upload)
    if send:
        queue = queue or get_queue()
        if queue.huey.immediate:
            queue.send(job.id)
            session.refresh(job)
        else:
            try:
                queue.send(job.id)
            except Exception:
                log.exception("job %s recorded but not sent; recovery will send it", job.id)
    return job
