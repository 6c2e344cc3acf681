"""The core model every layer shares: the read document, evidence spans and extracted values.

Offsets are character offsets into `SourceDocument.text`, the *normalised* text a reader
produced (see docs/adr/0002-evidence-offsets.md); lines are numbered from 1.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, NamedTuple, TypeVar

from calpae import deadline

T = TypeVar("T")

BBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin top-left


class ReadStatus(StrEnum):
    """How a value was read from its evidence."""

    EXACT = "exact"  # the text states the value as is
    REPAIRED = "repaired"  # read through OCR damage or layout artefacts (`3080¢€`, split digits)
    INFERRED = "inferred"  # known from the text by a general rule (territory code from its name)


Span = tuple[int, int]  # start, end: character offsets


@dataclass(frozen=True, slots=True)
class Evidence:
    """The place in a source document where a value was read."""

    start: int
    end: int
    line: int
    text: str
    page: int | None = None
    bbox: BBox | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "line": self.line,
                               "text": self.text}
        if self.page is not None:
            out["page"] = self.page
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out


@dataclass(frozen=True, slots=True)
class Extracted(Generic[T]):
    """A value read at one or several spans of a text, and how it was read.

    The one carrier from the value parsers to the store. A parser gives spans relative to the
    text it searched (`shifted` makes them absolute); `SourceDocument.anchor` adds the
    evidence: `evidence` covers every span, `parts` holds one evidence per span where a value
    was derived from several places (a sum the document prints in parts).
    """

    value: T
    spans: tuple[Span, ...] = ()
    status: ReadStatus = ReadStatus.EXACT
    reason: str | None = None  # why the value is not exact, in French, for the reviewer
    evidence: Evidence | None = None
    parts: tuple[Evidence, ...] = ()

    @classmethod
    def at(cls, value: T, start: int, end: int, status: ReadStatus = ReadStatus.EXACT,
           reason: str | None = None) -> Extracted[T]:
        """A value read at text[start:end]."""
        return cls(value, ((start, end),), status, reason)

    @classmethod
    def derived(cls, value: T, sources: Sequence[Extracted[Any]], reason: str) -> Extracted[T]:
        """A value computed from others (a sum of printed parts): every span they came from."""
        spans = tuple(span for found in sources for span in found.spans)
        repairs = [found.reason for found in sources if found.reason]
        full = "; ".join([reason, *dict.fromkeys(repairs)])
        return cls(value, spans, ReadStatus.INFERRED, full)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def repaired(self) -> bool:
        return self.status is ReadStatus.REPAIRED

    def shifted(self, offset: int) -> Extracted[T]:
        """The same value with its spans moved by offset (relative to absolute offsets)."""
        if not offset:
            return self
        spans = tuple((s + offset, e + offset) for s, e in self.spans)
        return dataclasses.replace(self, spans=spans)

    def but(self, **changes: Any) -> Extracted[Any]:
        """A copy with some fields changed (`found.but(value=…, status=…, reason=…)`)."""
        return dataclasses.replace(self, **changes)

    def evidence_json(self) -> dict[str, Any] | None:
        """The evidence, status and reason of the value, as `calpae extract --evidence` shows."""
        if self.evidence is None:
            out: dict[str, Any] = {}
        else:
            out = self.evidence.to_json()
        out["status"] = self.status.value
        if self.reason:
            out["reason"] = self.reason
        if self.parts:
            out["parts"] = [p.to_json() for p in self.parts]
        return out


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    start: int
    end: int  # offset of the line's end, excluding the newline
    page: int | None = None
    heading: int = 0  # heading level where the source marks one (Markdown `#`, DOCX style), else 0


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    index: int
    cells: tuple[Cell, ...]
    start: int
    end: int
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return 1 + max((c.row for c in self.cells), default=-1)

    def rows(self) -> list[list[Cell]]:
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return [sorted(r, key=lambda c: c.col) for r in out]


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    start: int
    end: int
    width: float | None = None  # points
    height: float | None = None
    method: str = "text"  # "text" (text layer / text file) or "ocr"
    confidence: float | None = None  # mean OCR word confidence, 0-100


class Word(NamedTuple):
    """A positioned word of a page (PDF text layer or OCR), for bounding boxes of evidence.

    A named tuple: readers build one per word of every page, and tuples are built in C and
    left alone by the cycle collector once it has seen they hold no container.
    """

    start: int
    end: int
    page: int
    bbox: BBox


@dataclass(frozen=True, slots=True)
class FileInfo:
    name: str
    sha256: str
    size: int
    format: str  # "text", "markdown", "html", "pdf", "image", "docx"


@dataclass(slots=True)
class SourceDocument:
    """One input file as read: normalised text with lines, tables, pages and word boxes."""

    file: FileInfo
    text: str
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    pages: tuple[Page, ...] = ()
    words: tuple[Word, ...] = ()
    notes: tuple[str, ...] = ()  # how the reader went (encoding, OCR choices), for the user
    # `calpae.values.fold.fold(text)`, filled once by the reader (see `calpae.extract.text.folded`):
    # the fold keeps every offset, so a slice of it is the folded slice of the text
    folded: str = field(default="", repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _word_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [ln.start for ln in self.lines]
        self._word_starts = [w.start for w in self.words]

    def line_at(self, offset: int) -> Line:
        i = max(0, bisect.bisect_right(self._line_starts, offset) - 1)
        return self.lines[i]

    def line_text(self, line: Line) -> str:
        return self.text[line.start:line.end]

    def lines_between(self, start: int, end: int) -> Iterator[tuple[Line, str]]:
        """The lines that begin before `end`, from the one holding `start`, with their text."""
        for line in self.lines[self.line_at(start).number - 1:]:
            if line.start >= end:
                break
            if not line.number & 0x3FF:  # extraction loops over lines: a point to stop at
                deadline.check()
            yield line, self.text[line.start:line.end]

    def iter_lines(self) -> Iterator[tuple[Line, str]]:
        for ln in self.lines:
            if not ln.number & 0x3FF:
                deadline.check()
            yield ln, self.text[ln.start:ln.end]

    def evidence(self, start: int, end: int) -> Evidence:
        """The evidence of text[start:end]: line, page and the union of its words' boxes."""
        line = self.line_at(start)
        bbox = None
        if self.words:
            i = max(0, bisect.bisect_right(self._word_starts, start) - 1)
            boxes = []
            page = None
            while i < len(self.words) and self.words[i].start < end:
                w = self.words[i]
                if w.end > start and (page is None or w.page == page):
                    page = w.page
                    boxes.append(w.bbox)
                i += 1
            if boxes:
                bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                        max(b[2] for b in boxes), max(b[3] for b in boxes))
        return Evidence(start, end, line.number, self.text[start:end], line.page, bbox)

    def anchor(self, found: Extracted[T]) -> Extracted[T]:
        """The value with its evidence: where each of its spans was read in this document."""
        if not found.spans:
            return found
        covering = self.evidence(found.start, found.end)
        parts = tuple(self.evidence(s, e) for s, e in found.spans) if len(found.spans) > 1 else ()
        return dataclasses.replace(found, evidence=covering, parts=parts)

    def extracted(self, value: T, start: int, end: int, status: ReadStatus = ReadStatus.EXACT,
                  reason: str | None = None) -> Extracted[T]:
        """A value read at text[start:end] of this document, with its evidence."""
        return self.anchor(Extracted.at(value, start, end, status, reason))


def build_lines(text: str, page_starts: Sequence[int] = (),
                headings: dict[int, int] | None = None) -> tuple[Line, ...]:
    """Split text on newlines into numbered lines; page_starts are the pages' first offsets."""
    lines = []
    start = 0
    number = 1
    pi = 0
    headings = headings or {}
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        page = None
        if page_starts:
            while pi + 1 < len(page_starts) and page_starts[pi + 1] <= start:
                pi += 1
            page = pi + 1
        lines.append(Line(number, start, stop, page, headings.get(number, 0)))
        if end < 0:
            break
        start = end + 1
        number += 1
    return tuple(lines)


def to_tree(obj: Any, evidence: bool = False) -> Any:
    """Turn extraction dataclasses into calpae-json data.

    Extracted values become their plain value; with evidence=True, a sibling key
    `<key>_evidence` holds {start, end, line, text[, page, bbox]}. Dataclass fields whose
    metadata says `internal` stay out of calpae-json.
    """
    if isinstance(obj, Extracted):
        return to_tree(obj.value, evidence)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if f.metadata.get("internal"):
                continue
            v = getattr(obj, f.name)
            key = f.metadata.get("key", f.name)
            out[key] = to_tree(v, evidence)
            if evidence and isinstance(v, Extracted):
                out[f"{key}_evidence"] = v.evidence_json()
        return out
    if isinstance(obj, dict):
        return {k: to_tree(v, evidence) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_tree(v, evidence) for v in obj]
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, float) and obj.is_integer():
        return int(obj)
    return obj


class ValueAt(NamedTuple):
    """One extracted value of a tree, with where it sits in calpae-json."""

    path: str  # positional: `actions[3].budget.state`, shifts when one more fiche is found
    key: str  # stable: `actions[1.2].budget.state`, survives re-extraction of the same document
    value: Extracted[Any]


def iter_extracted(obj: Any, path: str = "", key: str = "") -> Iterator[ValueAt]:
    """Every Extracted value below obj with its positional path and its stable key.

    A list item's key part is what identifies it (`stable_key(index)` where the item defines
    it, an action's ref, a table row's position and label; the slug of a text value), with
    `~2`, `~3` for repeats; an item with nothing to go by keeps its position (`#3`).
    """
    if isinstance(obj, Extracted):
        yield ValueAt(path, key, obj)
        yield from iter_extracted(obj.value, path, key)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            name = f.metadata.get("key", f.name)
            yield from iter_extracted(getattr(obj, f.name), _join(path, name), _join(key, name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_extracted(v, _join(path, str(k)), _join(key, str(k)))
    elif isinstance(obj, list | tuple):
        for i, (v, item_key) in enumerate(zip(obj, item_keys(obj), strict=True)):
            yield from iter_extracted(v, f"{path}[{i}]", f"{key}[{item_key}]")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def item_keys(items: Sequence[Any]) -> Iterator[str]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        hook = getattr(item, "stable_key", None)
        if hook is not None:
            found = hook(index)
        elif isinstance(item, Extracted) and isinstance(item.value, str):
            found = slug(item.value)
        else:
            found = None
        found = found or f"#{index}"
        seen[found] = seen.get(found, 0) + 1
        yield found if seen[found] == 1 else f"{found}~{seen[found]}"


def slug(text: str | None, limit: int = 48) -> str:
    """Lower-case words joined by dashes (`Prévention spécialisée` → `prévention-spécialisée`):
    the part of a stable key a text gives."""
    if not text:
        return ""
    return "-".join(_WORD.findall(text.lower()))[:limit].rstrip("-")


_WORD = re.compile(r"[^\W_]+")
