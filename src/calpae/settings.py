"""Names of the environment variables calpae reads that more than one layer needs.

This module imports nothing, so that the CLI can name a variable of the store without
loading the database stack (SQLAlchemy, Alembic) that `calpae extract` does not need.
"""

from __future__ import annotations

DATABASE_URL_ENV = "CALPAE_DATABASE_URL"

# The ingestion queue (`calpae.tasks`, ADR 0009): read by the worker, the web app and the CLI.
QUEUE_URL_ENV = "CALPAE_QUEUE_URL"  # sqlite:///…/queue.sqlite3 (default) or redis://host:6379/0
UPLOAD_DIR_ENV = "CALPAE_UPLOAD_DIR"  # where uploads are kept (default: uploads/ beside the base)
MAX_UPLOAD_BYTES_ENV = "CALPAE_MAX_UPLOAD_BYTES"  # per file
MAX_UPLOAD_FILES_ENV = "CALPAE_MAX_UPLOAD_FILES"  # per web upload request
MAX_REQUEST_BYTES_ENV = "CALPAE_MAX_REQUEST_BYTES"  # per web upload request, whole body
JOB_LEASE_ENV = "CALPAE_JOB_LEASE_SECONDS"  # a worker silent this long is taken for dead
JOB_ATTEMPTS_ENV = "CALPAE_JOB_MAX_ATTEMPTS"  # runs of a job before it is given up

# The original bytes of paged files (PDF, images), kept for the page images of the web app.
FILES_DIR_ENV = "CALPAE_FILES_DIR"  # default: files/ beside a SQLite base, else var/files/
