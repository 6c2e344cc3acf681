"""Ingest files: read, extract and store each one as a single transaction.

The original bytes of a paged file (PDF, image) are kept in the file store
(`calpae.store.files`) before the transaction commits, and removed again if it fails: a
stored document of those formats always has its file; a crash between the two leaves at most
a file no row names, which the next ingest of the same bytes takes up.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from calpae import progress
from calpae.errors import CalpaeError
from calpae.process import extract_bytes, reported_as_calpae_error
from calpae.readers import load_file
from calpae.store import find_source, save_extraction
from calpae.store.dossiers import refresh_territory
from calpae.store.files import KEPT_FORMATS, FileStore
from calpae.store.models import SourceFile


class IngestStatus(StrEnum):
    STORED = "enregistré"
    DUPLICATE = "déjà présent"
    FAILED = "échec"


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one file; `error` is set when status is FAILED."""

    path: Path
    status: IngestStatus
    format: str | None = None
    kind: str | None = None
    territory: str | None = None
    exercise_year: int | None = None
    actions: int | None = None
    document_id: int | None = None
    error: CalpaeError | None = None

    @classmethod
    def from_source(cls, path: Path, status: IngestStatus, row: SourceFile) -> IngestResult:
        doc = row.document
        if doc is None:
            return cls(path, status, format=row.format)
        territory = " ".join(p for p in (doc.territory_code, doc.territory_name) if p) or None
        return cls(path, status, row.format, doc.kind, territory, doc.exercise_year,
                   doc.action_count, doc.id)

    @classmethod
    def failure(cls, path: Path, error: CalpaeError) -> IngestResult:
        return cls(path, IngestStatus.FAILED, error=error)


def ingest_file(session: Session, path: str | os.PathLike[str], *, name: str | None = None,
                on_progress: progress.Listener | None = None,
                files: FileStore | None = None) -> IngestResult:
    """Read, extract and store one file in one transaction; raise CalpaeError on failure.

    A file whose bytes are already stored is not parsed again (OCR can take minutes).
    The session must not be inside a transaction: this function owns it.
    `name` is the file's name for the store and the errors when it is not the path's (an
    upload kept under a generated name); `on_progress` hears the pages and steps; `files` is
    where PDFs and images are kept (by default beside the session's database).
    """
    path = Path(path)
    with reported_as_calpae_error(name or path), progress.reporting_to(on_progress):
        return _ingest(session, path, name or str(path), files)


def _ingest(session: Session, path: Path, name: str, files: FileStore | None) -> IngestResult:
    data = load_file(path)  # read once: hashed here, then handed to the reader
    with session.begin():
        known = find_source(session, hashlib.sha256(data).hexdigest())
        if known is not None:
            return IngestResult.from_source(path, IngestStatus.DUPLICATE, known)
    source, extraction = extract_bytes(data, name)
    progress.report("enregistrement et contrôles")
    info = source.file
    kept = None
    if info.format in KEPT_FORMATS:
        files = files or FileStore.for_session(session)
        _, written = files.put(data, info.sha256, info.format, name)
        kept = files if written else None  # a file already there may be another row's
    try:
        try:
            with session.begin():
                row = save_extraction(session, source, extraction)
                assert row.document is not None
                refresh_territory(session, row.document.territory_key)
                return IngestResult.from_source(path, IngestStatus.STORED, row)
        except IntegrityError:
            # Another process stored the same bytes between our check and our insert.
            with session.begin():
                known = find_source(session, info.sha256)
                if known is not None:
                    return IngestResult.from_source(path, IngestStatus.DUPLICATE, known)
            raise
    except BaseException:
        _forget(session, kept, info.sha256, info.format)
        raise


def _forget(session: Session, files: FileStore | None, sha256: str, fmt: str) -> None:
    """Remove the file this ingest kept, unless a row of another process now names it."""
    if files is None:
        return
    try:
        with session.begin():
            if find_source(session, sha256) is not None:
                return
    except Exception:  # the database is what failed: the file names no row of ours
        pass
    files.remove(sha256, fmt)


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The given files, and every file below the given folders (sorted, hidden ones skipped).

    A path that does not exist is yielded as is, so that ingesting it reports why.
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name


def ingest_paths(session: Session, paths: Iterable[Path]) -> Iterator[IngestResult]:
    """Ingest each file in turn; a failing file becomes a FAILED result, never an exception."""
    for path in paths:
        try:
            yield ingest_file(session, path)
        except CalpaeError as e:
            yield IngestResult.failure(path, e)
