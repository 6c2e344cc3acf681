"""The reader contract, the registry that picks a reader from the bytes, and input limits."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from calpae import deadline
from calpae.errors import LimitExceeded, UnreadableFile, UnsupportedFormat
from calpae.model import FileInfo, SourceDocument


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def count(n: int) -> str:
    """A count as a French reader writes it: `1 000 000`."""
    return f"{n:,}".replace(",", " ")


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
    # The shape of the text: generous for any real document, small enough that a flood of
    # newlines, a line of megabytes or a table of a million cells is refused before analysis.
    max_lines: int = 200_000  # a 2 000-page document of 100 lines a page
    max_line_chars: int = 100_000  # a CALPAE line is under 2 000 characters
    max_table_cells: int = 50_000  # a CALPAE document's tables hold a thousand or so
    max_depth: int = 256  # HTML element nesting; real pages stay under 50
    max_span: int = 1_000  # columns one DOCX cell spans; Word allows 63
    # Time budget of one file (seconds, ADR 0006): a base, plus so much per page of a PDF or
    # image and per 100 KB of any other file. 0 turns the budget off.
    time_budget: float = 10.0
    time_per_page: float = 10.0
    time_per_100kb: float = 5.0

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
            max_lines=_env_int("CALPAE_MAX_LINES", d.max_lines),
            max_line_chars=_env_int("CALPAE_MAX_LINE_CHARS", d.max_line_chars),
            max_table_cells=_env_int("CALPAE_MAX_TABLE_CELLS", d.max_table_cells),
            max_depth=_env_int("CALPAE_MAX_DEPTH", d.max_depth),
            max_span=_env_int("CALPAE_MAX_SPAN", d.max_span),
            time_budget=_env_float("CALPAE_TIME_BUDGET", d.time_budget),
            time_per_page=_env_float("CALPAE_TIME_PER_PAGE", d.time_per_page),
            time_per_100kb=_env_float("CALPAE_TIME_PER_100KB", d.time_per_100kb),
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
    if reader.format not in PAGED_FORMATS:  # the paged readers allow time per page they find
        deadline.allow(limits.time_per_100kb * len(data) / 100_000)
    return reader.read(data, info, limits)


PAGED_FORMATS = frozenset({"pdf", "image"})


def check_lines(text: str, file: str, limits: Limits) -> None:
    """Refuse a text of too many lines or with a line too long, before any line is parsed."""
    lines = text.count("\n") + 1
    if lines > limits.max_lines:
        raise LimitExceeded(file, f"trop de lignes ({count(lines)} > {count(limits.max_lines)} ; "
                            "CALPAE_MAX_LINES)", "too many lines")
    if len(text) <= limits.max_line_chars:
        return
    lengths = list(map(len, text.split("\n")))
    if max(lengths) > limits.max_line_chars:
        number, length = next((i, n) for i, n in enumerate(lengths, start=1)
                              if n > limits.max_line_chars)
        raise line_too_long(file, number, length, limits)


def line_too_long(file: str, number: int, length: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(file, f"ligne {count(number)} trop longue ({count(length)} caractères > "
                         f"{count(limits.max_line_chars)} ; CALPAE_MAX_LINE_CHARS)",
                         "line too long")


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
