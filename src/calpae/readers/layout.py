"""Page layout from positioned words: lines in reading order, ruled tables as cell grids.

Shared by the PDF text-layer and OCR paths; coordinates are points with a top-left origin.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from calpae.model import BBox
from calpae.readers.builder import DocumentBuilder

_RULE_TOLERANCE = 2.0  # points: how far apart two rulings may be and still meet


@dataclass(slots=True)
class PWord:
    """A word on a page with its box (x0, top, x1, bottom)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Rule:
    """A horizontal (y fixed) or vertical (x fixed) ruling from `lo` to `hi`."""

    horizontal: bool
    at: float
    lo: float
    hi: float


@dataclass(slots=True)
class Grid:
    """A ruled table: sorted row boundaries (ys) and column boundaries (xs)."""

    xs: list[float]
    ys: list[float]

    @property
    def box(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def contains(self, w: PWord) -> bool:
        cx = (w.x0 + w.x1) / 2
        return self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= w.cy <= self.ys[-1]

    def cell_of(self, w: PWord) -> tuple[int, int]:
        cx = (w.x0 + w.x1) / 2
        row = min(max(bisect.bisect_right(self.ys, w.cy) - 1, 0), len(self.ys) - 2)
        col = min(max(bisect.bisect_right(self.xs, cx) - 1, 0), len(self.xs) - 2)
        return row, col


@dataclass(slots=True)
class _Block:
    top: float
    lines: list[list[PWord]] | None = None  # a prose line (one element) ...
    rows: list[list[list[PWord]]] = field(default_factory=list)  # ... or a table's rows


def group_lines(words: list[PWord]) -> list[list[PWord]]:
    """Words into lines, top to bottom, each line left to right.

    A word joins a line when its vertical centre falls inside the line's band, so that
    superscripts and mixed font sizes stay on their line.
    """
    lines: list[list[PWord]] = []
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if bands:
            top, bottom = bands[-1]
            height = bottom - top
            if top - 0.1 * height <= w.cy <= bottom + 0.1 * height and w.cy - top < height:
                lines[-1].append(w)
                bands[-1] = (min(top, w.top), max(bottom, w.bottom)) if w.bottom - w.top <= \
                    1.5 * height else (top, bottom)
                continue
        lines.append([w])
        bands.append((w.top, w.bottom))
    return [_merge_touching(sorted(line, key=lambda w: w.x0)) for line in lines]


def _merge_touching(line: list[PWord]) -> list[PWord]:
    """Join words whose boxes touch: pieces of one word the text layer split apart (turned
    text, one glyph per text object)."""
    out = [line[0]] if line else []
    for w in line[1:]:
        last = out[-1]
        height = min(w.bottom - w.top, last.bottom - last.top)
        if -0.3 * height < w.x0 - last.x1 < 0.08 * height:
            out[-1] = PWord(last.text + w.text, last.x0, min(last.top, w.top), w.x1,
                            max(last.bottom, w.bottom))
        else:
            out.append(w)
    return out


def find_grids(rules: list[Rule]) -> list[Grid]:
    """Ruled tables: groups of crossing rulings with at least two rows and two columns."""
    groups = _connected(rules)
    grids = []
    for group in groups:
        ys = _cluster([r.at for r in group if r.horizontal])
        xs = _cluster([r.at for r in group if not r.horizontal])
        if (len(xs) >= 3 and len(ys) >= 2) or (len(xs) >= 2 and len(ys) >= 3):
            grids.append(Grid(xs, ys))
    return grids


def _connected(rules: list[Rule]) -> list[list[Rule]]:
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontal = [i for i, r in enumerate(rules) if r.horizontal]
    vertical = [i for i, r in enumerate(rules) if not r.horizontal]
    t = _RULE_TOLERANCE
    for i in horizontal:
        h = rules[i]
        for j in vertical:
            v = rules[j]
            if h.lo - t <= v.at <= h.hi + t and v.lo - t <= h.at <= v.hi + t:
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(root(i), []).append(r)
    return list(groups.values())


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _RULE_TOLERANCE:
            continue
        out.append(v)
    return out


def blocks(words: list[PWord], grids: list[Grid]) -> list[_Block]:
    """Prose lines and table rows of one page in reading order (top to bottom)."""
    in_grid: list[list[PWord]] = [[] for _ in grids]
    prose = []
    for w in words:
        for k, g in enumerate(grids):
            if g.contains(w):
                in_grid[k].append(w)
                break
        else:
            prose.append(w)
    out = [_Block(line[0].top, lines=[line]) for line in group_lines(prose)]
    for g, ws in zip(grids, in_grid, strict=True):
        if ws:
            out.append(_Block(g.ys[0], rows=_grid_rows(g, ws)))
    return sorted(out, key=lambda b: b.top)


def _grid_rows(grid: Grid, words: list[PWord]) -> list[list[list[PWord]]]:
    n_cols = len(grid.xs) - 1
    rows: dict[int, list[list[PWord]]] = {}
    for w in words:
        r, c = grid.cell_of(w)
        rows.setdefault(r, [[] for _ in range(n_cols)])[c].append(w)
    return [rows[r] for r in sorted(rows)]


def emit(builder: DocumentBuilder, page_blocks: list[_Block]) -> None:
    """Write a page's blocks into the builder, attaching every word's box.

    A table that opens the page continues the builder's open table, if any (the caller decides
    with `continues_table`); a table that closes the page is left open for the next page.
    """
    for n, block in enumerate(page_blocks):
        if block.lines is not None:
            for line in block.lines:
                _emit_line(builder, line)
            continue
        if n:
            builder.end_table()
        for row in block.rows:
            cells = [_reading_order(cell) for cell in row]
            texts = [" ".join(w.text for w in cell) for cell in cells]
            index = builder.add_row(texts)
            pos = 0
            for cell, text in zip(cells, texts, strict=True):
                _attach(builder, index, cell, pos)
                pos += len(text) + 1


def columns(block: _Block) -> int | None:
    """The number of columns of a table block, None for prose."""
    return len(block.rows[0]) if block.lines is None and block.rows else None


def _reading_order(cell: list[PWord]) -> list[PWord]:
    return [w for line in group_lines(cell) for w in line]


def _emit_line(builder: DocumentBuilder, line: list[PWord]) -> None:
    index = builder.add_line(" ".join(w.text for w in line))
    _attach(builder, index, line, 0)


def _attach(builder: DocumentBuilder, index: int, words: list[PWord], pos: int) -> None:
    for w in words:
        builder.add_word(index, pos, pos + len(w.text), w.bbox)
        pos += len(w.text) + 1


def emit_lines(builder: DocumentBuilder, lines: list[list[PWord]]) -> None:
    """Write prose lines (already in reading order) into the builder with their boxes."""
    for line in lines:
        _emit_line(builder, line)
