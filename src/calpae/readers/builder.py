"""Assemble a SourceDocument line by line, so that every reader computes offsets the same way.

A reader appends lines (prose, or table rows given as cells) and, for paged formats, starts
pages and attaches positioned words to the current line; `build` joins the lines with
newlines and turns every relative position into an offset of the final text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from calpae import deadline
from calpae.errors import LimitExceeded
from calpae.model import BBox, Cell, FileInfo, Page, SourceDocument, Table, Word, build_lines
from calpae.readers.base import Limits, count, line_too_long
from calpae.values.fold import fold

if TYPE_CHECKING:
    import numpy as np

CELL_SEP = "\t"


@dataclass(slots=True)
class _Line:
    text: str
    page: int | None
    heading: int = 0
    table: int | None = None  # id of the table run the row belongs to
    cells: list[tuple[int, int]] | None = None  # spans relative to the line start
    words: list[tuple[int, int, BBox]] = field(default_factory=list)


@dataclass
class DocumentBuilder:
    info: FileInfo
    max_chars: int = 60_000_000
    notes: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)  # lines, line length, table cells
    _lines: list[_Line] = field(default_factory=list)
    _pages: list[dict] = field(default_factory=list)
    _chars: int = 0
    _cells: int = 0
    _table_id: int = 0
    _in_table: bool = False
    _word_runs: list[tuple[np.ndarray, np.ndarray, np.ndarray, list[BBox]]] = field(
        default_factory=list)

    @property
    def page(self) -> int | None:
        return len(self._pages) or None

    def start_page(self, width: float | None = None, height: float | None = None,
                   method: str = "text", confidence: float | None = None,
                   continue_table: bool = False) -> int:
        """Start a page; continue_table: its first rows continue the previous page's table."""
        if not continue_table:
            self.end_table()
        self._pages.append({"width": width, "height": height, "method": method,
                            "confidence": confidence, "first_line": len(self._lines)})
        return len(self._pages)

    def _push(self, line: _Line) -> int:
        self._chars += len(line.text) + 1
        if self._chars > self.max_chars:
            raise LimitExceeded(self.info.name, "texte trop long pour être analysé",
                                "text too long to analyse")
        number = len(self._lines) + 1
        if len(line.text) > self.limits.max_line_chars:
            raise line_too_long(self.info.name, number, len(line.text), self.limits)
        if number > self.limits.max_lines:
            raise LimitExceeded(self.info.name, f"trop de lignes (> {count(self.limits.max_lines)}"
                                " ; CALPAE_MAX_LINES)", "too many lines")
        if not number & 0x3FF:
            deadline.check()
        self._lines.append(line)
        return number - 1

    def add_line(self, text: str, heading: int = 0) -> int:
        """Append one line of prose; returns its index (for `add_word`)."""
        self.end_table()
        return self._push(_Line(text.replace("\n", " "), self.page, heading))

    def add_row(self, cells: list[str]) -> int:
        """Append one table row, its cells joined by a tab; consecutive rows form one table."""
        self._cells += len(cells)
        if self._cells > self.limits.max_table_cells:
            raise LimitExceeded(self.info.name, "tableaux trop grands (plus de "
                                f"{count(self.limits.max_table_cells)} cellules ; "
                                "CALPAE_MAX_TABLE_CELLS)", "tables too large (cells)")
        cells = [c.replace("\n", " ").replace(CELL_SEP, " ") for c in cells]
        spans, pos = [], 0
        for c in cells:
            spans.append((pos, pos + len(c)))
            pos += len(c) + len(CELL_SEP)
        if not self._in_table:
            self._in_table = True
            self._table_id += 1
        return self._push(_Line(CELL_SEP.join(cells), self.page, 0, self._table_id, spans))

    def end_table(self) -> None:
        self._in_table = False

    @property
    def in_table(self) -> bool:
        """Whether the last line appended is a row of a table still open."""
        return self._in_table

    def add_word(self, line_index: int, start: int, end: int, bbox: BBox) -> None:
        """Attach a positioned word to line_index; start/end are relative to the line."""
        self._lines[line_index].words.append((start, end, bbox))

    def add_word_run(self, line_indices: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                     boxes: list[BBox]) -> None:
        """Attach many words at once: word k lies on line line_indices[k] at
        starts[k]:ends[k] (relative to that line) with boxes[k]."""
        self._word_runs.append((line_indices, starts, ends, boxes))

    def _run_words(self, starts: list[int]) -> list[Word]:
        if not self._word_runs:
            return []
        import numpy as np  # only paged formats attach word runs; text readers never load it

        line_start = np.array(starts, dtype=np.int64)
        line_page = np.array([ln.page or 1 for ln in self._lines], dtype=np.int64)
        words: list[Word] = []
        for lines, begin, end, boxes in self._word_runs:
            base = line_start[lines]
            # tuple.__new__ over zip builds every Word in C, without a Python-level call each
            words += map(tuple.__new__, repeat(Word),
                         zip((base + begin).tolist(), (base + end).tolist(),
                             line_page[lines].tolist(), boxes, strict=True))
        return words

    def build(self) -> SourceDocument:
        texts = [ln.text for ln in self._lines] or [""]
        text = "\n".join(texts)
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        page_starts = [starts[p["first_line"]] if p["first_line"] < len(starts) else len(text)
                       for p in self._pages]
        headings = {i + 1: ln.heading for i, ln in enumerate(self._lines) if ln.heading}
        lines = build_lines(text, page_starts, headings)
        pages = []
        for i, p in enumerate(self._pages):
            end = page_starts[i + 1] - 1 if i + 1 < len(page_starts) else len(text)
            pages.append(Page(i + 1, page_starts[i], max(page_starts[i], end), p["width"],
                              p["height"], p["method"], p["confidence"]))
        tables: dict[int, list[Cell]] = {}
        table_pages: dict[int, int | None] = {}
        row_of: dict[int, int] = {}
        words = self._run_words(starts)
        for i, ln in enumerate(self._lines):
            base = starts[i]
            if ln.table is not None and ln.cells is not None:
                r = row_of.get(ln.table, 0)
                row_of[ln.table] = r + 1
                table_pages.setdefault(ln.table, ln.page)
                tables.setdefault(ln.table, []).extend(
                    _cell(r, c, ln.text, s, e, base) for c, (s, e) in enumerate(ln.cells))
            if ln.words:
                page = ln.page or 1
                words.extend([Word(base + s, base + e, page, bbox) for s, e, bbox in ln.words])
        built = tuple(Table(n, tuple(cells), cells[0].start, cells[-1].end, table_pages[tid])
                      for n, (tid, cells) in enumerate(sorted(tables.items())))
        return SourceDocument(self.info, text, lines, built, tuple(pages),
                              tuple(sorted(words, key=itemgetter(0))), tuple(self.notes),
                              folded=fold(text))


def _cell(row: int, col: int, line: str, s: int, e: int, base: int) -> Cell:
    raw = line[s:e]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return Cell(row, col, text, base + s + lead, base + s + lead + len(text))


_SPACES = re.compile(r"[ \t]+")


def collapse_spaces(s: str) -> str:
    return _SPACES.sub(" ", s).strip()
