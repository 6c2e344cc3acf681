"""Tables without ruling lines in a text layer: rows told apart by wide gaps between words.

Word exports and text-layer PDFs often lay tables out without any border; their rows come out
as prose lines whose cells are separated by gaps far wider than a space. Such lines are read
as table rows (cells joined by a tab, as the other readers give them), their cells placed in
the columns the whole run of rows shares, and a wrapped cell's next line joined to its row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np

from calpae.model import BBox

# A gap wider than this many line heights separates two cells (a space is about a third of one;
# loose justified prose stays well under one).
CELL_GAP = 1.2
# A wrapped cell's next line sits closer to its row than this many line heights.
WRAP_GAP = 0.5


@dataclass
class Run:
    """Consecutive table rows: each row as its cells (word indices), cells left to right."""

    top: float
    rows: list[list[list[int]]] = field(default_factory=list)
    bottom: float = 0.0


def line_cells(lines: list[list[int]], array: np.ndarray) -> list[list[list[int]]] | None:
    """Every line's words (left to right) grouped into cells at gaps wider than CELL_GAP line
    heights (`array`: the boxes as rows, indexed like them); None when no line has a gap wide
    enough to split it (the page has no borderless table)."""
    sizes = list(map(len, lines))
    flat = np.fromiter(chain.from_iterable(lines), dtype=np.intp, count=sum(sizes))
    x0, top, x1, bottom = array[flat].T
    line_of = np.repeat(np.arange(len(lines)), sizes)
    height = np.maximum.reduceat(bottom - top, np.cumsum([0, *sizes[:-1]]))[line_of[1:]]
    wide = (line_of[1:] == line_of[:-1]) & (x0[1:] - x1[:-1] > CELL_GAP * height)
    if not wide.any():
        return None
    breaks = np.flatnonzero(wide) + 1
    cuts: dict[int, list[int]] = {}
    line_starts = np.cumsum([0, *sizes]).tolist()
    for line, at in zip(line_of[breaks].tolist(), breaks.tolist(), strict=True):
        cuts.setdefault(line, []).append(at - line_starts[line])
    return [[line[a:b] for a, b in pairwise([0, *cuts[n], len(line)])] if n in cuts
            else [line[:]] for n, line in enumerate(lines)]


def runs(lines: list[list[int]], boxes: list[BBox],
         array: np.ndarray | None = None) -> list[Run | list[int]]:
    """Prose lines (top to bottom) as prose lines and runs of table rows, in order (`array`:
    the boxes as an n × 4 array, when the caller has it)."""
    if not lines:
        return []
    all_cells = line_cells(lines, np.array(boxes) if array is None else array)
    if all_cells is None:
        return list(lines)
    out: list[Run | list[int]] = []
    pending: list[list[int]] = []  # one-cell lines after a run: its group labels, or prose
    for line, cells in zip(lines, all_cells, strict=True):
        last = out[-1] if out else None
        if isinstance(last, Run) and not pending and _continues(last, line, cells, boxes):
            _join_wrapped(last.rows[-1], cells[0], boxes)
            last.bottom = max(last.bottom, _bottom(line, boxes))
        elif len(cells) >= 2:
            if isinstance(last, Run) and pending:
                _take_labels(last, pending, boxes)
                pending = []
            if not isinstance(last, Run):
                last = Run(min(boxes[i][1] for i in line))
                out.append(last)
            last.rows.append(cells)
            last.bottom = _bottom(line, boxes)
        elif isinstance(last, Run) and len(pending) < 3 and _aligned(last, line, boxes):
            pending.append(line)
        else:
            out.extend(pending)
            pending = []
            out.append(line)
    out.extend(pending)
    placed: list[Run | list[int]] = []
    for item in out:
        placed.extend(_in_columns(item, boxes) if isinstance(item, Run) else [item])
    return placed


def _aligned(run: Run, line: list[int], boxes: list[BBox]) -> bool:
    """A line starting where a cell of the run starts, close under it: maybe a group label."""
    x0 = boxes[line[0]][0]
    height = _height(line, boxes)
    return (abs(height - _height(_words(run.rows[-1]), boxes)) < 0.3 * height
            and min(boxes[i][1] for i in line) - run.bottom < 1.5 * height
            and any(abs(_extent(c, boxes)[0] - x0) < 0.5 * height
                    for row in run.rows for c in row))


def _height(words: list[int], boxes: list[BBox]) -> float:
    return max(boxes[i][3] - boxes[i][1] for i in words)


def _words(row: list[list[int]]) -> list[int]:
    return [i for cell in row for i in cell]


def _take_labels(run: Run, pending: list[list[int]], boxes: list[BBox]) -> None:
    """One-cell lines between rows of a run become rows of it, a wrapped label joined."""
    for line in pending:
        cells = [list(line)]  # a pending line has no gap wide enough to split it
        if run.rows and len(run.rows[-1]) == 1 and _continues(run, line, cells, boxes):
            run.rows[-1][0].extend(line)
        else:
            run.rows.append(cells)
        run.bottom = _bottom(line, boxes)


def _bottom(line: list[int], boxes: list[BBox]) -> float:
    return max(boxes[i][3] for i in line)


def _continues(run: Run, line: list[int], cells: list[list[int]], boxes: list[BBox]) -> bool:
    """A one-cell line right under a row, inside one of its cells' extent: a wrapped cell."""
    height = _height(line, boxes)
    if len(cells) != 1 or abs(height - _height(_words(run.rows[-1]), boxes)) >= 0.3 * height:
        return False
    if min(boxes[i][1] for i in line) - run.bottom > WRAP_GAP * height:
        return False
    x0, x1 = boxes[line[0]][0], boxes[line[-1]][2]
    return sum(1 for c in run.rows[-1] if _overlap((x0, x1), _extent(c, boxes)) > 0) == 1


def _join_wrapped(row: list[list[int]], words: list[int], boxes: list[BBox]) -> None:
    span = (boxes[words[0]][0], boxes[words[-1]][2])
    for cell in row:
        if _overlap(span, _extent(cell, boxes)) > 0:
            cell.extend(words)
            return


def _extent(cell: list[int], boxes: list[BBox]) -> tuple[float, float]:
    return min(boxes[i][0] for i in cell), max(boxes[i][2] for i in cell)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _in_columns(run: Run, boxes: list[BBox]) -> list[Run]:
    """The run's rows with their cells in the columns the rows share (an empty cell where a
    row has nothing in a column); a row whose cells would not fit the columns of the rows
    before it (two cells in one column) starts another table."""
    tables: list[Run] = []
    group: list[list[list[int]]] = []
    extents: list[list[tuple[float, float]]] = []  # of group's cells, computed once
    placed: list[list[list[int]]] = []  # group's rows in its columns
    for row in run.rows:
        row_extents = [_extent(c, boxes) for c in row]
        grown = _placed([*group, row], [*extents, row_extents]) if group else None
        if group and grown is None:
            tables.append(Run(run.top, placed))
            group, extents = [], []
        group.append(row)
        extents.append(row_extents)
        placed = grown or _placed(group, extents) or group
    if group:
        tables.append(Run(run.top, placed))
    return tables


def _placed(rows: list[list[list[int]]],
            extents: list[list[tuple[float, float]]]) -> list[list[list[int]]] | None:
    bands = _bands(list(chain.from_iterable(extents)))
    placed = []
    for row, row_extents in zip(rows, extents, strict=True):
        cells: list[list[int]] = [[] for _ in bands]
        for cell, extent in zip(row, row_extents, strict=True):
            k = next(n for n, band in enumerate(bands) if _overlap(band, extent) >= 0)
            if cells[k]:
                return None
            cells[k] = cell
        placed.append(cells)
    return placed


def _bands(extents: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping extents merged into column bands, left to right."""
    bands: list[tuple[float, float]] = []
    for x0, x1 in sorted(extents):
        if bands and x0 <= bands[-1][1]:
            bands[-1] = (bands[-1][0], max(bands[-1][1], x1))
        else:
            bands.append((x0, x1))
    return bands
