"""Page layout from positioned words: lines in reading order, ruled tables as cell grids.

Shared by the PDF text-layer and OCR paths; coordinates are points with a top-left origin.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from calpae.model import BBox
from calpae.readers.borderless import Run
from calpae.readers.borderless import runs as borderless_runs
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
    for a, b in _crossings([rules[i] for i in horizontal], [rules[j] for j in vertical]):
        parent[root(horizontal[a])] = root(vertical[b])
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(root(i), []).append(r)
    return list(groups.values())


def _crossings(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[int, int]]:
    """(i, j) for every horizontal rule i that meets vertical rule j, in row-major order."""
    if not horizontal or not vertical:
        return []
    t = _RULE_TOLERANCE
    h = np.array([(r.at, r.lo, r.hi) for r in horizontal])[:, :, None]
    v = np.array([(r.at, r.lo, r.hi) for r in vertical]).T[None, :, :]
    meet = (h[:, 1] - t <= v[:, 0]) & (v[:, 0] <= h[:, 2] + t) & \
        (v[:, 1] - t <= h[:, 0]) & (h[:, 0] <= v[:, 2] + t)
    rows, cols = np.nonzero(meet)
    return list(zip(rows.tolist(), cols.tolist(), strict=True))


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _RULE_TOLERANCE:
            continue
        out.append(v)
    return out


@dataclass(slots=True)
class PageWords:
    """A page's words as parallel sequences: `texts`, `boxes` (tuples) and `array` (n × 4,
    float64) of (x0, top, x1, bottom). Layout refers to words by index; words it merges are
    appended to `texts` and `boxes` (not to `array`)."""

    texts: list[str]
    boxes: list[BBox]
    array: np.ndarray

    @classmethod
    def of(cls, texts: list[str], array: np.ndarray) -> PageWords:
        return cls(texts, list(map(tuple, array.tolist())), array)

    def __len__(self) -> int:
        return len(self.array)


@dataclass(slots=True)
class _Block:
    top: float
    lines: list[list[int]] | None = None  # a prose line (one element) of word indices ...
    rows: list[list[list[int]]] = field(default_factory=list)  # ... or a table's rows of cells


def blocks(words: PageWords, grids: list[Grid], borderless: bool = False) -> list[_Block]:
    """Prose lines and table rows of one page in reading order (top to bottom).

    Same result as `group_lines` on the prose and on each cell, computed for the whole page
    at once: a word belongs to the first grid that contains its centre. With borderless=True,
    prose lines whose words stand in columns apart are read as rows of a table without rules.
    """
    if not len(words):
        return []
    cells = _CellIndex(grids)
    x0, top, x1, bottom = words.array.T
    keys = cells.keys((x0 + x1) / 2, (top + bottom) / 2) if grids else \
        np.full(len(words), -1, dtype=np.int64)
    line_keys, lines = _page_lines(words, keys)
    # keys sort ascending and prose is -1: the prose lines come first
    n_prose = bisect_left(line_keys, 0)
    prose = lines[:n_prose]
    content: dict[int, list[int]] = {}
    for key, line in zip(line_keys[n_prose:], lines[n_prose:], strict=True):
        content.setdefault(key, []).extend(line)
    boxes = words.boxes
    out: list[_Block] = []
    for item in borderless_runs(prose, boxes, _all_boxes(words)) if borderless else prose:
        if isinstance(item, Run):
            out.append(_Block(item.top, rows=item.rows))
        else:
            out.append(_Block(boxes[item[0]][1], lines=[item]))
    for g, grid in enumerate(grids):
        rows = cells.rows(g, content)
        if rows:
            out.append(_Block(grid.ys[0], rows=rows))
    return sorted(out, key=lambda b: b.top)


def _all_boxes(words: PageWords) -> np.ndarray:
    """The boxes of the page's words and of the words layout merged, as one array."""
    merged = words.boxes[len(words.array):]
    return np.vstack([words.array, np.array(merged)]) if merged else words.array


class _CellIndex:
    """Numbers every cell of every grid, so that a word's cell is one integer (-1: prose)."""

    def __init__(self, grids: list[Grid]) -> None:
        self.grids = grids
        self.first: list[int] = []
        count = 0
        for g in grids:
            self.first.append(count)
            count += (len(g.xs) - 1) * (len(g.ys) - 1)

    def keys(self, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
        keys = np.full(len(cx), -1, dtype=np.int64)
        for g, first in zip(self.grids, self.first, strict=True):
            inside = (keys < 0) & (g.xs[0] <= cx) & (cx <= g.xs[-1]) & \
                (g.ys[0] <= cy) & (cy <= g.ys[-1])
            if not inside.any():
                continue
            row = _clamp(np.searchsorted(g.ys, cy[inside], "right") - 1, len(g.ys) - 2)
            col = _clamp(np.searchsorted(g.xs, cx[inside], "right") - 1, len(g.xs) - 2)
            keys[inside] = first + row * (len(g.xs) - 1) + col
        return keys

    def rows(self, g: int, content: dict[int, list[int]]) -> list[list[list[int]]]:
        """The rows of grid g that hold words, each as its cells' word indices."""
        n_cols = len(self.grids[g].xs) - 1
        first = self.first[g]
        filled = sorted({(k - first) // n_cols for k in content
                         if first <= k < first + n_cols * (len(self.grids[g].ys) - 1)})
        return [[content.get(first + r * n_cols + c, []) for c in range(n_cols)]
                for r in filled]


def _clamp(values: np.ndarray, top: int) -> np.ndarray:
    return np.minimum(np.maximum(values, 0), top)


def _page_lines(words: PageWords, keys: np.ndarray) -> tuple[list[int], list[list[int]]]:
    """The key and the word indices of every line, as `group_lines` forms them within each key.

    Words sorted by (key, centre, x0) come in runs of equal key, top and bottom (a line set in
    one font); a run joins a line exactly when its first word does, so only runs are walked.
    """
    x0, top, _, bottom = words.array.T
    cy = (top + bottom) / 2
    order = np.lexsort((x0, cy, keys))
    k, t, b = keys[order], top[order], bottom[order]
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (k[1:] != k[:-1]) | (t[1:] != t[:-1]) | (b[1:] != b[:-1])
    starts = np.flatnonzero(new_run)
    run_lines = _band_lines(k[starts].tolist(), t[starts].tolist(), b[starts].tolist(),
                            cy[order][starts].tolist())
    line_of = np.repeat(np.array(run_lines), np.diff(np.append(starts, len(order))))
    if _unsorted_within(line_of, x0[order]):
        by_x = np.lexsort((x0[order], line_of))  # stable: ties keep the (centre, x0) order
        order, line_of = order[by_x], line_of[by_x]
    firsts = np.flatnonzero(np.r_[True, line_of[1:] != line_of[:-1]])
    touching = _touching_lines(words.array[order], line_of)
    flat, line_keys = order.tolist(), keys[order[firsts]].tolist()
    bounds = [*firsts.tolist(), len(flat)]
    lines = [flat[lo:hi] for lo, hi in pairwise(bounds)]
    for n in sorted(touching):
        lines[n] = _merge_indices(words, lines[n])
    return line_keys, lines


def _unsorted_within(line_of: np.ndarray, x0: np.ndarray) -> bool:
    """Whether some word stands left of the word before it in its line (line_of ascending)."""
    return bool(((line_of[1:] == line_of[:-1]) & (x0[1:] < x0[:-1])).any())


def _band_lines(keys: list[int], tops: list[float], bottoms: list[float],
                centres: list[float]) -> list[int]:
    """The line number of each run: `group_lines`' band test, applied to each run's first
    word (a word joins when its centre falls inside the band of the line being built)."""
    out = []
    line, key, band_top, band_bottom = -1, None, 0.0, 0.0
    for k, t, b, c in zip(keys, tops, bottoms, centres, strict=True):
        if k == key:
            height = band_bottom - band_top
            if band_top - 0.1 * height <= c <= band_bottom + 0.1 * height and \
                    c - band_top < height:
                if b - t <= 1.5 * height:
                    band_top, band_bottom = min(band_top, t), max(band_bottom, b)
                out.append(line)
                continue
        line, key, band_top, band_bottom = line + 1, k, t, b
        out.append(line)
    return out


def _touching_lines(boxes: np.ndarray, line_of: np.ndarray) -> set[int]:
    """Lines where two neighbours touch, the only ones `_merge_touching` can change (a later
    merge in a line needs an earlier one)."""
    x0, top, x1, bottom = boxes.T
    height = np.minimum((bottom - top)[1:], (bottom - top)[:-1])
    gap = x0[1:] - x1[:-1]
    near = (line_of[1:] == line_of[:-1]) & (-0.3 * height < gap) & (gap < 0.08 * height)
    return set(line_of[1:][near].tolist())


def _merge_indices(words: PageWords, line: list[int]) -> list[int]:
    merged = _merge_touching([PWord(words.texts[i], *words.boxes[i]) for i in line])
    if len(merged) == len(line):
        return line
    out = []
    for w in merged:
        out.append(len(words.texts))
        words.texts.append(w.text)
        words.boxes.append(w.bbox)
    return out


def emit(builder: DocumentBuilder, words: PageWords, page_blocks: list[_Block]) -> None:
    """Write a page's blocks into the builder, attaching every word's box.

    A table that opens the page continues the builder's open table, if any (the caller decides
    with `continue_table`); a table that closes the page is left open for the next page.
    """
    texts = words.texts
    run = _WordRun()
    for n, block in enumerate(page_blocks):
        if block.lines is not None:
            for line in block.lines:
                run.add(builder.add_line(" ".join([texts[i] for i in line])), 0, line)
            continue
        if n:
            builder.end_table()
        for row in block.rows:
            index = builder.add_row([" ".join([texts[i] for i in cell]) for cell in row])
            for col, cell in enumerate(row):
                run.add(index, col, cell)
    run.send(builder, words)


class _WordRun:
    """The words of a page in the order they were written, as groups (a prose line or a table
    cell): their positions in the lines are then computed for all words at once."""

    def __init__(self) -> None:
        self.order: list[int] = []
        self.group_line: list[int] = []
        self.group_col: list[int] = []  # separators (tabs) before the group in its line
        self.group_size: list[int] = []

    def add(self, line_index: int, col: int, word_indices: list[int]) -> None:
        if word_indices:
            self.order += word_indices
            self.group_line.append(line_index)
            self.group_col.append(col)
            self.group_size.append(len(word_indices))

    def send(self, builder: DocumentBuilder, words: PageWords) -> None:
        if not self.order:
            return
        sizes = np.array(self.group_size)
        group = np.repeat(np.arange(len(sizes)), sizes)
        group_lines = np.array(self.group_line)
        lines = group_lines[group]
        lengths = np.fromiter(map(len, map(words.texts.__getitem__, self.order)),
                              dtype=np.int64, count=len(self.order))
        # a word follows the earlier words of its line, one space after each but the last of
        # each group, and one tab before each group after the first (or empty cell)
        before = _rank_in_line(lines, lengths)
        earlier = _rank_in_line(lines, np.ones_like(lengths))
        earlier_groups = _rank_in_line(group_lines, np.ones_like(sizes))[group]
        starts = before + earlier - earlier_groups + np.array(self.group_col)[group]
        builder.add_word_run(lines, starts, starts + lengths,
                             list(map(words.boxes.__getitem__, self.order)))


def _rank_in_line(lines: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """For items in line order: the sum of the sizes of the items before each in its line."""
    before = np.cumsum(sizes) - sizes
    new_line = np.r_[True, lines[1:] != lines[:-1]]
    return before - before[np.flatnonzero(new_line)][np.cumsum(new_line) - 1]


def columns(block: _Block) -> int | None:
    """The number of columns of a table block, None for prose."""
    return len(block.rows[0]) if block.lines is None and block.rows else None

