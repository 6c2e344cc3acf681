"""Reading order of OCR words: a table's columns joined into rows, prose columns kept apart.

Tesseract's page segmentation puts each column of a table without ruling lines into a block
of its own and reads the blocks one after the other: the table comes out one column at a
time. Here Tesseract's blocks are only units to be joined: blocks whose lines sit level
with each other are read together, line by line across the page (as the text-layer path
reads a page), except when both are prose (two columns of running text, read one after the
other as Tesseract does). Ruling lines found on the image give cell grids, as in native PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from calpae.readers.layout import Grid, Rule

BBox = tuple[float, float, float, float]

_PROSE_WORDS_PER_LINE = 4.5  # running text: lines of many words ...
_PROSE_MAX_NUMBERS = 0.2  # ... hardly any of them numbers
_LEVEL = 0.4  # two lines are level when their centres differ by less than this × height
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class OcrWord:
    """A word as Tesseract read it: box in the pixels of the image it read, and the numbers
    of its block and of its line (block, paragraph, line)."""

    text: str
    box: BBox
    line: tuple[int, int, int]

    @property
    def block(self) -> int:
        return self.line[0]


@dataclass(slots=True)
class _Block:
    """One Tesseract block: its words (indices) and its lines' vertical extents."""

    words: list[int]
    lines: list[tuple[float, float]]  # (top, bottom) of each line
    prose: bool
    box: BBox


def line_extents(words: list[OcrWord]) -> dict[tuple[int, int, int], tuple[float, float]]:
    """(top, bottom) of each Tesseract line: the band its words share."""
    out: dict[tuple[int, int, int], tuple[float, float]] = {}
    for w in words:
        top, bottom = out.get(w.line, (w.box[1], w.box[3]))
        out[w.line] = (min(top, w.box[1]), max(bottom, w.box[3]))
    return out


def reading_units(words: list[OcrWord], grids: list[Grid], scale: float = 1.0) -> list[list[int]]:
    """Word indices in units to be laid out one after the other, top to bottom: Tesseract's
    blocks, those level with each other (or in one ruled table) joined. Prose blocks side by
    side (columns of running text) keep Tesseract's order among themselves.

    `grids` are in the words' pixel coordinates times `scale`.
    """
    blocks = _blocks(words)
    units = _Forest(len(blocks))
    for a, b in _joined_pairs(blocks, words, grids, scale):
        units.join(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(blocks)):  # blocks are in Tesseract's order
        members.setdefault(units.root(i), []).append(i)
    groups = list(members.values())
    return [sorted(i for b in group for i in blocks[b].words)
            for group in _in_reading_order(groups, blocks)]


class _Forest:
    """Disjoint sets of block numbers."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.root(a)] = self.root(b)


def _in_reading_order(groups: list[list[int]], blocks: list[_Block]) -> list[list[int]]:
    """Groups of blocks top to bottom; a run of prose columns (prose groups side by side,
    chained) is placed by its top and read in Tesseract's order."""
    boxes = [_box([blocks[b] for b in g]) for g in groups]
    prose = [len(g) == 1 and blocks[g[0]].prose for g in groups]
    regions = _Forest(len(groups))
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            if prose[a] and prose[b] and _side_by_side(boxes[a], boxes[b]):
                regions.join(a, b)
    members: dict[int, list[int]] = {}
    for g in range(len(groups)):
        members.setdefault(regions.root(g), []).append(g)
    ordered = sorted(members.values(), key=lambda m: min(boxes[g][1] for g in m))
    return [groups[g] for region in ordered for g in region]


def _box(blocks: list[_Block]) -> BBox:
    return (min(b.box[0] for b in blocks), min(b.box[1] for b in blocks),
            max(b.box[2] for b in blocks), max(b.box[3] for b in blocks))


def _side_by_side(a: BBox, b: BBox) -> bool:
    return (a[2] <= b[0] or b[2] <= a[0]) and a[1] < b[3] and b[1] < a[3]


def _blocks(words: list[OcrWord]) -> list[_Block]:
    extents = line_extents(words)
    members: dict[int, list[int]] = {}
    for i, w in enumerate(words):
        members.setdefault(w.block, []).append(i)
    out = []
    for indices in members.values():
        keys = list(dict.fromkeys(words[i].line for i in indices))
        texts = [words[i].text for i in indices]
        boxes = [words[i].box for i in indices]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
               max(b[3] for b in boxes))
        out.append(_Block(indices, [extents[k] for k in keys], _is_prose(texts, len(keys)),
                          box))
    return out


def _is_prose(texts: list[str], n_lines: int) -> bool:
    """Running text: several lines of many words, few of them numbers (a table's label
    column has short lines, its amount columns are numbers)."""
    if n_lines < 2 or len(texts) / n_lines < _PROSE_WORDS_PER_LINE:
        return False
    numbers = sum(1 for t in texts if _DIGIT.search(t))
    return numbers / len(texts) <= _PROSE_MAX_NUMBERS


def _joined_pairs(blocks: list[_Block], words: list[OcrWord], grids: list[Grid],
                  scale: float) -> list[tuple[int, int]]:
    pairs = _same_grid_pairs(blocks, words, grids, scale)
    for a in range(len(blocks)):
        for b in range(a + 1, len(blocks)):
            if not (blocks[a].prose and blocks[b].prose) and _level(blocks[a], blocks[b]):
                pairs.append((a, b))
    return pairs


def _level(a: _Block, b: _Block) -> bool:
    """Whether some line of a sits level with some line of b (the rows of one table)."""
    ta, ba = np.array(a.lines).T
    tb, bb = np.array(b.lines).T
    if ta.min() > bb.max() or tb.min() > ba.max():
        return False
    centre_a, centre_b = (ta + ba)[:, None] / 2, (tb + bb)[None, :] / 2
    height = np.minimum((ba - ta)[:, None], (bb - tb)[None, :])
    return bool((np.abs(centre_a - centre_b) < _LEVEL * height).any())


def _same_grid_pairs(blocks: list[_Block], words: list[OcrWord], grids: list[Grid],
                     scale: float) -> list[tuple[int, int]]:
    """Blocks with words in the same ruled table, chained (a table is read as one unit)."""
    pairs = []
    for grid in grids:
        x0, top, x1, bottom = grid.box
        inside = []
        for n, block in enumerate(blocks):
            for i in block.words:
                bx0, btop, bx1, bbottom = words[i].box
                cx, cy = (bx0 + bx1) / 2 * scale, (btop + bbottom) / 2 * scale
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    inside.append(n)
                    break
        pairs += list(pairwise(inside))
    return pairs


# --- ruling lines on the image --------------------------------------------------------------

_DARK = 128
_MAX_RUNS = 20_000  # more long dark runs than that (halved image): a picture, not a table
_LEVEL_SLACK = 0.003  # slope left on lines after levelling (the skew search's 0.1° step)
_EDGE = 2  # pixels erased on each side of a rule
_GAP = 3  # pixels of the halved image: slack when runs are chained


def find_rules(image: np.ndarray, min_length: int, max_thickness: int,
               tilt: float = 0.0) -> tuple[list[Rule], np.ndarray]:
    """Horizontal and vertical ruling lines of a greyscale page image (pixel coordinates),
    and the mask of the pixels they cover.

    A rule is a chain of runs of dark pixels at least min_length long on adjacent rows, at
    most max_thickness thick (thicker dark areas are pictures or filled boxes). tilt: the
    slope of vertical lines on the image (a levelling shear leaves them as tilted as on the
    scan), which widens a long vertical rule by its length times the slope. The mask covers
    every long run, two pixels more on each side: Tesseract drops the text of small boxed
    cells, and reads it once the lines are erased. The search runs on the image halved by a
    minimum over 2×2 pixels (a one-pixel line stays dark), four times fewer pixels.
    """
    dark = _halved(image) < _DARK
    mask = np.zeros(image.shape, dtype=bool)
    horizontal = vertical = []
    rows, starts, ends = _long_runs(_bridged(dark), min_length // 2)
    if len(rows) <= _MAX_RUNS:
        for row, lo, hi in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
            mask[max(0, 2 * row - _EDGE):2 * row + 2 + _EDGE, 2 * lo:2 * hi] = True
        horizontal = _chains(rows, starts, ends, max_thickness / 2, _LEVEL_SLACK)
    rows, starts, ends = _long_runs(_bridged(np.ascontiguousarray(dark.T)), min_length // 2)
    if len(rows) <= _MAX_RUNS:
        for row, lo, hi in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
            mask[2 * lo:2 * hi, max(0, 2 * row - _EDGE):2 * row + 2 + _EDGE] = True
        vertical = _chains(rows, starts, ends, max_thickness / 2, abs(tilt) + _LEVEL_SLACK)
    rules = [Rule(True, 2 * at + 0.5, 2 * lo, 2 * hi) for at, lo, hi in horizontal] + \
        [Rule(False, 2 * at + 0.5, 2 * lo, 2 * hi) for at, lo, hi in vertical]
    return rules, mask


def _halved(image: np.ndarray) -> np.ndarray:
    """The image at half size, each pixel the darkest of the 2×2 it stands for."""
    even = image[:image.shape[0] // 2 * 2, :image.shape[1] // 2 * 2]
    return np.minimum(np.minimum(even[0::2, 0::2], even[0::2, 1::2]),
                      np.minimum(even[1::2, 0::2], even[1::2, 1::2]))


def _chains(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, max_thickness: float,
            slope: float) -> list[tuple[float, float, float]]:
    """(position, from, to) of the rules the runs form, runs chained over adjacent rows."""
    chains: list[list[float]] = []  # [first row, last row, lo, hi, sum of rows, count]
    open_chains: list[int] = []
    for row, lo, hi in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
        open_chains = [c for c in open_chains if chains[c][1] >= row - _GAP]
        for c in open_chains:
            chain = chains[c]
            if lo <= chain[3] + _GAP and chain[2] <= hi + _GAP:
                chain[1], chain[2], chain[3] = row, min(chain[2], lo), max(chain[3], hi)
                chain[4] += row
                chain[5] += 1
                break
        else:
            chains.append([row, row, lo, hi, row, 1])
            open_chains.append(len(chains) - 1)
    return [(c[4] / c[5], c[2], c[3]) for c in chains
            if c[1] - c[0] < max_thickness + slope * (c[3] - c[2])]


def _bridged(dark: np.ndarray) -> np.ndarray:
    """Dark pixels, with one-pixel gaps along a row filled (breaks in a scanned line; wider
    gaps would join the feet of the letters of a word)."""
    out = dark.copy()
    out[:, 1:-1] |= dark[:, :-2] & dark[:, 2:]
    return out


def _long_runs(dark: np.ndarray, min_length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, start, end) of every run of dark pixels at least min_length long, row by row."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    long = ends - starts >= min_length
    return rows[long], starts[long], ends[long]
