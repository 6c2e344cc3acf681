"""Background ingestion (ADR 0009): uploads accepted into a folder, one job per file in the
`ingest_jobs` table, processed by Huey workers through the normal ingest path.

What the web upload page calls::

    upload = accept_upload(request_file, client_name)      # CalpaeError if refused
    with sessions() as session:
        job = enqueue(session, upload)                     # deduplicated by SHA-256
    ...
    job = get_job(session, job_id); describe(job)          # status, progress, document id
    start_embedded_worker() / stop_embedded_worker()       # on server start-up / shutdown
"""

from calpae.tasks.config import TaskConfig
from calpae.tasks.jobs import JobStatus, describe, get_job, list_jobs
from calpae.tasks.queue import Queue, enqueue, get_queue
from calpae.tasks.upload import Upload, UploadLimits, accept_upload, display_name
from calpae.tasks.worker import (
    EmbeddedWorker,
    run_worker,
    start_embedded_worker,
    stop_embedded_worker,
)

__all__ = [
    "EmbeddedWorker",
    "JobStatus",
    "Queue",
    "TaskConfig",
    "Upload",
    "UploadLimits",
    "accept_upload",
    "describe",
    "display_name",
    "enqueue",
    "get_job",
    "get_queue",
    "list_jobs",
    "run_worker",
    "start_embedded_worker",
    "stop_embedded_worker",
]
