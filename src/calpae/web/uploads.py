"""Receiving an upload request (`POST /deposer`): refused from its headers when it is too
large, its files then streamed one after the other into the upload folder, and handed to the
queue once the whole request has been read.

Limits, all checked before a byte is kept beyond them:

- the whole request: `Content-Length` over `CALPAE_MAX_REQUEST_BYTES` is refused before its
  body is read; without `Content-Length` (chunked) the body is counted as it comes and cut off
  there. By default the limit is what the largest accepted request holds:
  `CALPAE_MAX_UPLOAD_FILES` files of `CALPAE_MAX_UPLOAD_BYTES` and their multipart headers;
- each file: `accept_upload` (`CALPAE_MAX_UPLOAD_BYTES`, a known format in its first bytes,
  not empty); a refused file does not stop the others;
- the number of files: the one past `CALPAE_MAX_UPLOAD_FILES` refuses the request.

A request refused as a whole keeps none of its files. Client file names only become
display names (`tasks.display_name`); files are written under generated names.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from calpae.errors import CalpaeError, UploadRefused, UploadTooLarge
from calpae.settings import MAX_REQUEST_BYTES_ENV, MAX_UPLOAD_FILES_ENV
from calpae.tasks import (
    Queue,
    TaskConfig,
    Upload,
    UploadLimits,
    accept_upload,
    describe,
    display_name,
    enqueue,
)
from calpae.tasks.upload import size_text
from calpae.web.multipart import MultipartReader, malformed

DEFAULT_MAX_FILES = 50
PART_OVERHEAD = 64 * 1024  # a part's boundary and headers (a long file name included)
FORM_OVERHEAD = 1024 * 1024
MAX_FIELDS = 20  # parts without a file, ignored
UPLOAD_THREADS = 8  # requests receiving files at once; the others wait, without a thread


def _env_int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True, slots=True)
class RequestLimits:
    """What one upload request may hold."""

    file: UploadLimits
    max_files: int = DEFAULT_MAX_FILES
    max_request_bytes: int = DEFAULT_MAX_FILES * (UploadLimits().max_bytes + PART_OVERHEAD) \
        + FORM_OVERHEAD

    @classmethod
    def from_config(cls, config: TaskConfig) -> RequestLimits:
        files = _env_int(MAX_UPLOAD_FILES_ENV, DEFAULT_MAX_FILES)
        largest = files * (config.max_upload_bytes + PART_OVERHEAD) + FORM_OVERHEAD
        return cls(UploadLimits.from_config(config), files,
                   _env_int(MAX_REQUEST_BYTES_ENV, largest))


def request_too_large(name: str | None, limit: int, announced: int | None = None,
                      ) -> UploadTooLarge:
    said = f"{size_text(announced)} annoncés, " if announced is not None else ""
    return UploadTooLarge(name, f"envoi trop volumineux ({said}au plus {size_text(limit)} par "
                          "envoi ; CALPAE_MAX_REQUEST_BYTES) : aucun fichier de cet envoi n'a "
                          "été gardé", "upload too large")


def too_many_files(name: str, limit: int) -> UploadTooLarge:
    return UploadTooLarge(name, f"plus de {limit} fichiers dans un même envoi "
                          "(CALPAE_MAX_UPLOAD_FILES) : aucun n'a été gardé, envoyez-les en "
                          "plusieurs fois", f"more than {limit} files in one upload")


def no_file() -> UploadRefused:
    return UploadRefused(None, "aucun fichier reçu : choisissez au moins un fichier",
                         "no file in the upload")


def interrupted(silent_seconds: float | None = None) -> UploadRefused:
    why = (f"rien reçu pendant {silent_seconds:.0f} s" if silent_seconds is not None
           else "connexion fermée avant la fin")
    return UploadRefused(None, f"envoi interrompu ({why})", "upload interrupted")


class CountedBody:
    """The body's chunks, counted: past `limit` bytes the request is refused at once (the
    file being received, if any, is named)."""

    def __init__(self, read_chunk: Callable[[], bytes], limit: int) -> None:
        self.read_chunk, self.limit = read_chunk, limit
        self.received = 0
        self.receiving: str | None = None

    def __call__(self) -> bytes:
        chunk = self.read_chunk()
        self.received += len(chunk)
        if self.received > self.limit:
            raise request_too_large(self.receiving, self.limit)
        return chunk


@dataclass
class Received:
    """One file of the request: kept (`upload`, then its `job` once enqueued) or refused."""

    name: str
    upload: Upload | None = None
    error: CalpaeError | None = None
    job: dict[str, Any] | None = None


def discard(received: list[Received]) -> None:
    for r in received:
        if r.upload is not None and r.job is None:
            r.upload.path.unlink(missing_ok=True)


def receive_files(read_chunk: Callable[[], bytes], boundary: bytes, limits: RequestLimits,
                  directory: Path) -> list[Received]:
    """Read a multipart body (`read_chunk()` gives its next bytes, b"" at the end): each file
    part into `directory` through `accept_upload`, refused files noted; UploadRefused (and
    nothing kept) when the request as a whole is refused."""
    body = CountedBody(read_chunk, limits.max_request_bytes)
    reader = MultipartReader(boundary, body)
    received: list[Received] = []
    files = fields = 0
    try:
        while (part := reader.next_part()) is not None:
            body.receiving = None
            if not part.is_file:
                fields += 1
                if fields > MAX_FIELDS:
                    raise malformed(f"plus de {MAX_FIELDS} champs sans fichier",
                                    "too many fields")
                continue
            if not part.filename and part.is_empty():
                continue  # a browser's file input with nothing chosen
            name = display_name(part.filename, limits.file.max_name_chars)
            files += 1
            if files > limits.max_files:
                raise too_many_files(name, limits.max_files)
            body.receiving = name  # until the next part: skipping a refused one counts too
            try:
                upload = accept_upload(part, part.filename, limits.file, directory)
            except UploadRefused:
                raise
            except CalpaeError as e:  # this file only: the rest of its part is skipped
                received.append(Received(name, error=e))
            else:
                received.append(Received(name, upload=upload))
    except BaseException:
        discard(received)
        raise
    if not received:
        raise no_file()
    return received


def enqueue_all(received: list[Received], sessions: sessionmaker[Session], queue: Queue) -> None:
    """Hand every kept file to the queue (deduplicated by content there)."""
    try:
        with sessions() as session:
            for r in received:
                if r.upload is not None:
                    r.job = describe(enqueue(session, r.upload, queue))
    except BaseException:
        discard(received)
        raise
