"""The reader contract, the registry that picks a reader from the bytes, and input limits."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from calpae.errors import LimitExceeded, UnreadableFile, UnsupportedFormat
from calpae.model import FileInfo, SourceDocument


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Limits:
    """Guards against inputs that would exhaust the machine; configurable by environment."""

    max_bytes: int = 100 * 1024 * 1024
    max_text_bytes: int = 20 * 1024 * 1024  # a text export of a CALPAE document is ~100 KB
    max_pages: int = 2000
    max_pixels: int = 60_000_000  # one page image; a 300-dpi A3 page is about 17 Mpx
    max_unzipped_bytes: int = 300 * 1024 * 1024
    max_zip_ratio: int = 200
    max_text_chars: int = 60_000_000
    ocr_dpi: int = 300

    @classmethod
    def from_env(cls) -> Limits:
        d = cls()
        return cls(
            max_bytes=_env_int("CALPAE_MAX_BYTES", d.max_bytes),
            max_text_bytes=_env_int("CALPAE_MAX_TEXT_BYTES", d.max_text_bytes),
            max_pages=_env_int("CALPAE_MAX_PAGES", d.max_pages),
            max_pixels=_env_int("CALPAE_MAX_PIXELS", d.max_pixels),
            max_unzipped_bytes=_env_int("CALPAE_MAX_UNZIPPED_BYTES", d.max_unzipped_bytes),
            max_zip_ratio=_env_int("CALPAE_MAX_ZIP_RATIO", d.max_zip_ratio),
            max_text_chars=_env_int("CALPAE_MAX_TEXT_CHARS", d.max_text_chars),
            ocr_dpi=_env_int("CALPAE_OCR_DPI", d.ocr_dpi),
        )


class Reader(Protocol):
    """One input format. `score` says how well it fits the bytes (0: not at all)."""

    format: str

    def score(self, head: bytes, name: str) -> float: ...

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument: ...


_READERS: list[Reader] = []


def register(reader_cls: Callable[[], Reader]) -> Callable[[], Reader]:
    """Class decorator: register one instance of a reader."""
    _READERS.append(reader_cls())
    return reader_cls


def readers() -> tuple[Reader, ...]:
    return tuple(_READERS)


def choose_reader(head: bytes, name: str) -> Reader | None:
    scored = [(r.score(head, name), i, r) for i, r in enumerate(_READERS)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0], -s[1]))[2]


def read_bytes(data: bytes, name: str, limits: Limits | None = None) -> SourceDocument:
    """Read one file's bytes into a SourceDocument, or raise a CalpaeError naming the file."""
    limits = limits or Limits.from_env()
    if not data:
        raise UnreadableFile(name, "fichier vide", "empty file")
    if len(data) > limits.max_bytes:
        raise LimitExceeded(
            name,
            f"fichier trop volumineux ({len(data) / 1e6:.0f} Mo > {limits.max_bytes / 1e6:.0f} Mo)",
            "file too large",
        )
    reader = choose_reader(data[:65536], name)
    if reader is None:
        raise UnsupportedFormat(
            name,
            "format non reconnu (ni texte, Markdown, HTML, PDF, DOCX ni image)",
            "unrecognised format",
        )
    info = FileInfo(Path(name).name, hashlib.sha256(data).hexdigest(), len(data), reader.format)
    return reader.read(data, info, limits)


def load_file(path: str | os.PathLike[str], limits: Limits | None = None) -> bytes:
    """The bytes of one regular file within the size limit, or a CalpaeError naming it."""
    p = Path(path)
    limits = limits or Limits.from_env()
    try:
        if p.is_dir():
            raise UnreadableFile(str(p), "c'est un dossier, pas un fichier", "is a directory")
        if p.exists() and not p.is_file():  # reading a pipe or /dev/zero would never end
            raise UnreadableFile(str(p), "ce n'est pas un fichier ordinaire (tube, "
                                 "périphérique…)", "not a regular file")
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise LimitExceeded(
                str(p),
                f"fichier trop volumineux ({size / 1e6:.0f} Mo > {limits.max_bytes / 1e6:.0f} Mo)",
                "file too large",
            )
        return p.read_bytes()
    except FileNotFoundError as e:
        raise UnreadableFile(str(p), "fichier introuvable", "file not found") from e
    except PermissionError as e:
        raise UnreadableFile(str(p), "lecture refusée (droits)", "permission denied") from e
    except OSError as e:
        raise UnreadableFile(str(p), f"lecture impossible ({e.strerror})", "cannot read") from e


def read_file(path: str | os.PathLike[str], limits: Limits | None = None) -> SourceDocument:
    limits = limits or Limits.from_env()
    return read_bytes(load_file(path, limits), str(path), limits)
