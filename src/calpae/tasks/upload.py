"""Accept an uploaded file: its bytes read in chunks into the upload folder under a generated
name, refused as soon as it is too large or its first bytes are no format calpae reads.

The client's name is never a path here: it is cleaned into a display name (no folder, no
control character, bounded length) that the job, the store and the messages show.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from calpae.errors import CalpaeError, LimitExceeded, UnreadableFile, UnsupportedFormat
from calpae.process import DETECTION_BYTES, detect_format
from calpae.tasks.config import DEFAULT_MAX_UPLOAD_BYTES, TaskConfig

DEFAULT_NAME = "fichier"
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")
# a generated name, as `accept_upload` writes them: what a job's stored path must look like
STORED_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z0-9]{1,8})?")
_FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "markdown": ".md",
                  "text": ".txt", "image": ".img"}


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much is read, and how the client's name is bounded."""

    max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES  # CALPAE_MAX_UPLOAD_BYTES
    chunk_bytes: int = 1024 * 1024
    max_name_chars: int = 200

    @classmethod
    def from_config(cls, config: TaskConfig) -> UploadLimits:
        return cls(max_bytes=config.max_upload_bytes)


@dataclass(frozen=True, slots=True)
class Upload:
    """A file accepted: where its bytes are, under what name to show it, and what they are."""

    path: Path
    display_name: str
    sha256: str
    size: int
    format: str


def display_name(client_name: str | None, max_chars: int = 200) -> str:
    """The client's file name made safe to show and store: its last path component only, in
    NFC, without control, format (bidirectional overrides) or separator characters, spaces
    collapsed, leading and trailing dots and spaces removed, at most `max_chars` characters
    (the extension kept); `fichier` when nothing is left."""
    name = unicodedata.normalize("NFC", client_name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if ch.isspace() else ch for ch in name
                   if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
                   or ch.isspace())
    name = re.sub(r" {2,}", " ", name).strip(" .")
    if not name:
        return DEFAULT_NAME
    if len(name) > max_chars:
        stem, dot, ext = name.rpartition(".")
        ext = f".{ext}" if dot and stem and len(ext) <= 16 else ""
        name = name[:max_chars - len(ext)].rstrip(" .") + ext
    return name


def _suffix(name: str, file_format: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else _FORMAT_SUFFIX.get(file_format, "")


def size_text(n: int) -> str:
    """A size as French messages write it: `52 Mo`, `2,6 Go`, `64 Ko`."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} Go".replace(".", ",")
    return f"{n / 1e6:.0f} Mo" if n >= 1e6 else f"{n / 1e3:.0f} Ko"


def too_large(name: str | None, max_bytes: int) -> LimitExceeded:
    """The refusal of a file over `max_bytes` (also what the upload page says before sending)."""
    return LimitExceeded(name, f"fichier trop volumineux (plus de {size_text(max_bytes)} ; "
                         "CALPAE_MAX_UPLOAD_BYTES)", "file too large")


def _detect(head: bytes, name: str) -> str:
    found = detect_format(head, name)
    if found is None:
        raise UnsupportedFormat(name, "format non reconnu (ni texte, Markdown, HTML, PDF, DOCX "
                                "ni image) : fichier refusé", "unrecognised format, file refused")
    return found


def accept_upload(stream: Readable, client_name: str | None, limits: UploadLimits | None = None,
                  directory: str | os.PathLike[str] | None = None) -> Upload:
    """Read `stream` in chunks into `directory` (default: the configured upload folder) under
    a generated name, hashing it on the way; raise a CalpaeError naming the file, with nothing
    left behind, when it is empty, larger than `limits.max_bytes` (the rest is not read), or
    when its first bytes are no format calpae reads (checked as soon as they are in)."""
    if limits is None or directory is None:
        config = TaskConfig.from_env()
        limits = limits or UploadLimits.from_config(config)
        directory = config.upload_dir if directory is None else directory
    folder = Path(directory)
    name = display_name(client_name, limits.max_name_chars)
    stem = uuid.uuid4().hex
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CalpaeError(name, f"dossier des envois inutilisable ({folder} : {e.strerror})",
                          "upload folder unusable") from e
    part = folder / f".{stem}.part"
    try:
        size, digest, file_format = _copy(stream, part, name, limits)
        final = folder / f"{stem}{_suffix(name, file_format)}"
        os.replace(part, final)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return Upload(final, name, digest, size, file_format)


def _copy(stream: Readable, part: Path, name: str, limits: UploadLimits) -> tuple[int, str, str]:
    digest, size, head = hashlib.sha256(), 0, b""
    file_format: str | None = None
    try:
        out = open(part, "xb")  # noqa: SIM115 — closed below, the name is ours
    except OSError as e:
        raise CalpaeError(name, f"impossible d'écrire le fichier reçu ({e.strerror})",
                          "cannot write the uploaded file") from e
    with out:
        while True:
            chunk = _read(stream, limits.chunk_bytes, name)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise too_large(name, limits.max_bytes)
            digest.update(chunk)
            if file_format is None and len(head) < DETECTION_BYTES:
                head += chunk[:DETECTION_BYTES - len(head)]
                if len(head) >= DETECTION_BYTES:
                    file_format = _detect(head, name)
            _write(out, chunk, name)
    if size == 0:
        raise UnreadableFile(name, "fichier vide", "empty file")
    return size, digest.hexdigest(), file_format or _detect(head, name)


def _read(stream: Readable, size: int, name: str) -> bytes:
    try:
        return stream.read(size)
    except OSError as e:
        raise UnreadableFile(name, "envoi interrompu", "upload interrupted") from e


def _write(out, chunk: bytes, name: str) -> None:
    try:
        out.write(chunk)
    except OSError as e:
        raise CalpaeError(name, f"impossible d'écrire le fichier reçu ({e.strerror})",
                          "cannot write the uploaded file") from e
