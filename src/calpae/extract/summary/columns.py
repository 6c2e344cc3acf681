"""Columns of a flattened table read from word positions (native PDF text layers, OCR boxes).

A text layer without ruling lines gives no cells: a row's line holds its amounts one after
the other, and an empty cell in the middle of the row leaves no trace in the text. The words'
boxes keep it: the header's words stand above their columns, so each header *chunk* (words
of one line close to each other) is a piece of a column title, chunks of successive header
lines that overlap horizontally are one column, and each amount of a row belongs to the
column it stands under.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from calpae.extract.summary import keywords as tb
from calpae.model import BBox, SourceDocument, Word

_GAP_FACTOR = 0.6  # a gap wider than this many word heights separates two cells of a line
_MIN_GAP = 4.0  # points


@dataclass
class Column:
    """One header column: its horizontal extent and its title."""

    x0: float
    x1: float
    parts: list[tuple[float, float, str]]  # (top, x0, text) of its header chunks
    key: str | None = None

    @property
    def text(self) -> str:
        return " ".join(t for _top, _x, t in sorted(self.parts))


@dataclass(frozen=True, slots=True)
class _Chunk:
    x0: float
    x1: float
    top: float
    page: int
    text: str


class WordIndex:
    """The positioned words of a source, looked up by character span."""

    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.words = source.words
        self.starts = [w.start for w in self.words]

    def __bool__(self) -> bool:
        return bool(self.words)

    def within(self, start: int, end: int) -> list[Word]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.words) and self.words[i].start < end:
            out.append(self.words[i])
            i += 1
        return out

    def box(self, start: int, end: int) -> tuple[int, BBox] | None:
        """The page and box of the words of a span, or None where no word is there."""
        words = [w for w in self.within(start, end) if w.end > start]
        if not words:
            i = bisect.bisect_right(self.starts, start) - 1
            if i < 0 or self.words[i].end <= start:
                return None
            words = [self.words[i]]
        page = words[0].page
        boxes = [w.bbox for w in words if w.page == page]
        return page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                      max(b[2] for b in boxes), max(b[3] for b in boxes))


def _line_chunks(index: WordIndex, start: int, end: int) -> list[_Chunk]:
    """The words of a line grouped into cells: a wide horizontal gap starts a new cell."""
    words = sorted(index.within(start, end), key=lambda w: (w.page, w.bbox[0]))
    chunks: list[list[Word]] = []
    for word in words:
        if chunks:
            last = chunks[-1][-1]
            height = max(last.bbox[3] - last.bbox[1], word.bbox[3] - word.bbox[1])
            gap = word.bbox[0] - last.bbox[2]
            if word.page == last.page and gap <= max(_MIN_GAP, _GAP_FACTOR * height):
                chunks[-1].append(word)
                continue
        chunks.append([word])
    text = index.source.text
    return [_Chunk(min(w.bbox[0] for w in c), max(w.bbox[2] for w in c),
                   min(w.bbox[1] for w in c), c[0].page,
                   " ".join(text[w.start:w.end] for w in c)) for c in chunks]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def header_columns(index: WordIndex, spans: list[tuple[int, int]]) -> list[Column] | None:
    """The header's columns, left to right, from the word boxes of its lines' spans.

    Chunks overlapping horizontally are one column; a chunk over two columns that do not
    overlap each other (`Financements 2021` above `Etat` and `CD`) titles both.
    """
    chunks = [c for start, end in spans for c in _line_chunks(index, start, end)]
    if len({c.page for c in chunks}) > 1:
        page = chunks[-1].page
        chunks = [c for c in chunks if c.page == page]
    spanning = {id(c) for c in chunks if _spans_columns(c, chunks)}
    columns: list[Column] = []
    for chunk in sorted((c for c in chunks if id(c) not in spanning), key=lambda c: c.x0):
        target = next((col for col in columns
                       if _overlap(col.x0, col.x1, chunk.x0, chunk.x1) > 0), None)
        if target is None:
            columns.append(Column(chunk.x0, chunk.x1, []))
            target = columns[-1]
        target.x0, target.x1 = min(target.x0, chunk.x0), max(target.x1, chunk.x1)
        target.parts.append((chunk.top, chunk.x0, chunk.text))
    columns = _merge_overlapping(columns)
    for chunk in chunks:
        if id(chunk) in spanning:
            for col in columns:
                if _overlap(col.x0, col.x1, chunk.x0, chunk.x1) > 0:
                    col.parts.append((chunk.top, chunk.x0, chunk.text))
    return columns if len(columns) >= 2 else None


def _spans_columns(chunk: _Chunk, chunks: list[_Chunk]) -> bool:
    """Whether a chunk stands over two chunks of one line lower down."""
    below: dict[float, int] = {}
    for other in chunks:
        if other.top > chunk.top + 1 and _overlap(chunk.x0, chunk.x1, other.x0, other.x1) > 0:
            below[round(other.top)] = below.get(round(other.top), 0) + 1
    return any(n >= 2 for n in below.values())


def _merge_overlapping(columns: list[Column]) -> list[Column]:
    out: list[Column] = []
    for col in sorted(columns, key=lambda c: c.x0):
        if out and _overlap(out[-1].x0, out[-1].x1, col.x0, col.x1) > 0:
            out[-1].x0, out[-1].x1 = min(out[-1].x0, col.x0), max(out[-1].x1, col.x1)
            out[-1].parts.extend(col.parts)
        else:
            out.append(col)
    return out


def column_of(columns: list[Column], box: BBox) -> int:
    """The column an amount stands under: the one it overlaps most, else the nearest one."""
    x0, x1 = box[0], box[2]
    best = max(range(len(columns)), key=lambda i: _overlap(columns[i].x0, columns[i].x1, x0, x1))
    if _overlap(columns[best].x0, columns[best].x1, x0, x1) > 0:
        return best
    centre = (x0 + x1) / 2
    return min(range(len(columns)),
               key=lambda i: min(abs(columns[i].x0 - centre), abs(columns[i].x1 - centre)))


def place_amounts(index: WordIndex, columns: list[Column],
                  slots: list[tb.Slot]) -> list[str | None] | None:
    """The column key of each amount of a row, or None where the boxes do not settle it
    (a word without a box, two amounts under one column)."""
    out: list[str | None] = []
    taken: set[int] = set()
    for slot in slots:
        found = index.box(slot.start, slot.end)
        if found is None:
            return None
        col = column_of(columns, found[1])
        if col in taken:
            return None
        taken.add(col)
        out.append(columns[col].key)
    return out
