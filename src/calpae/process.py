"""Process one file without the store: read it, extract it, word any failure for the user."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from calpae import progress
from calpae.deadline import time_budget
from calpae.errors import CalpaeError
from calpae.extract import extract
from calpae.extract.models import Extraction
from calpae.model import SourceDocument
from calpae.readers import Limits, choose_reader, load_file, read_bytes

DETECTION_BYTES = 65536
"""How many first bytes choose a reader (`detect_format` needs no more)."""


def unexpected_error(path: str | os.PathLike[str], error: BaseException) -> CalpaeError:
    """A bug or an unforeseen input, worded for the user instead of a traceback."""
    detail = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return CalpaeError(str(path), f"erreur inattendue lors du traitement ({detail})",
                       "unexpected error while processing")


@contextmanager
def reported_as_calpae_error(path: str | os.PathLike[str]) -> Iterator[None]:
    """Let CalpaeErrors through and turn any other exception into one naming the file."""
    try:
        yield
    except CalpaeError:
        raise
    except Exception as e:
        raise unexpected_error(path, e) from e


def extract_bytes(data: bytes, name: str, limits: Limits | None = None,
                  ) -> tuple[SourceDocument, Extraction]:
    """Read and extract the bytes of one file within its limits and time budget; raise
    CalpaeError (naming it) on failure."""
    limits = limits or Limits.from_env()
    with reported_as_calpae_error(name), time_budget(name, limits.time_budget):
        progress.report("lecture")
        source = read_bytes(data, name, limits)
        progress.report("extraction", len(source.pages) or None, len(source.pages) or None)
        return source, extract(source)


def detect_format(head: bytes, name: str) -> str | None:
    """The format the reader chosen for these first bytes reads (`pdf`, `docx`, `text`…), or
    None when no reader takes them: what an upload is checked against before it is kept."""
    reader = choose_reader(head[:DETECTION_BYTES], name)
    return None if reader is None else reader.format


def extract_file(path: str | os.PathLike[str]) -> tuple[SourceDocument, Extraction]:
    """Read and extract one file without storing it; raise CalpaeError on failure."""
    with reported_as_calpae_error(path):
        data = load_file(path)
    return extract_bytes(data, str(path))
