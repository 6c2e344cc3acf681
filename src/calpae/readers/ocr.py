"""OCR of page images with Tesseract (French model): deskew, orientation, words with boxes.

See docs/adr/0004-ocr-engine.md for the choice of engine and of the deskew method.
"""

from __future__ import annotations

import math
import os
import subprocess
import tempfile
from dataclasses import dataclass, field

import numpy as np
import pytesseract
from PIL import Image

from calpae.readers.builder import DocumentBuilder
from calpae.readers.layout import PageWords, Rule, blocks, emit, find_grids
from calpae.readers.scan_layout import OcrWord, find_rules, line_extents, reading_units

# Tesseract's OpenMP threads fight each other on small machines (5x slower on 2 cores);
# one thread per page is faster, and pages can be run in parallel by the caller instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "fra"
_MAX_SKEW = 5.0  # degrees; larger tilts are rare in scans and slow to search
_SKEW_WIDTH = 800  # pixels: about the width the skew search works at
_GOOD_CONFIDENCE = 50
_RULE_LENGTH = 0.4  # inches: shorter dark runs are strokes of letters, not table rulings
_RULE_THICKNESS = 0.04  # inches: thicker dark runs are pictures or filled boxes
_RULE_MARKS = "|¦"  # what Tesseract makes of the stubs of a ruling line; no word holds them


@dataclass(slots=True)
class _Turn:
    """One rotation applied to the image (PIL convention: counter-clockwise degrees, expand)."""

    angle: float
    before: tuple[int, int]
    after: tuple[int, int]

    def back(self, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [_unturn_point(p, self) for p in points]


@dataclass(slots=True)
class _Shear:
    """A vertical shear that levels tilted lines: column x moved down by round(x·slope) − lift.

    For the small tilts of scans it does the work of a rotation at a fraction of the cost
    (whole columns are copied, nothing is resampled); glyphs lean by the same few degrees,
    which Tesseract reads like slightly slanted type.
    """

    angle: float  # the rotation it stands for, PIL degrees
    slope: float
    lift: int

    def back(self, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x, y - (x * self.slope - self.lift)) for x, y in points]


@dataclass(slots=True)
class OcrResult:
    """The words of one image and the ruling lines seen on it, in the pixels of the image
    Tesseract read (levelled, perhaps turned); `turns` map them back onto the image as given.
    """

    words: list[OcrWord]
    size: tuple[int, int]
    confidence: float
    angle: float  # total correction applied, degrees counter-clockwise
    turns: list[_Turn | _Shear] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    @property
    def good_words(self) -> int:
        return sum(1 for w in self.words if _is_real_word(w.text))

    def box_on_image(self, box: tuple[float, float, float, float]) -> tuple[float, ...]:
        """A box of the image Tesseract read, on the image as given."""
        return _unturn_box(*box, self.turns)


def _is_real_word(text: str) -> bool:
    return sum(ch.isalpha() for ch in text) >= 2


def estimate_skew(image: Image.Image) -> float:
    """The small rotation (degrees, PIL sense) that makes text lines horizontal.

    Projection-profile search: levelled at the right angle, the ink of each text line falls
    into few pixel rows, so the row sums vary most sharply. Coarse then fine steps, on the
    ink pixels of a reduced image, each candidate levelled by a shear of their coordinates.
    """
    gray = image.convert("L")
    if gray.width >= 2 * _SKEW_WIDTH:
        gray = gray.reduce(gray.width // _SKEW_WIDTH)
    arr = np.asarray(gray, dtype=np.uint8)
    ys, xs = np.nonzero(arr < min(160, int(arr.mean()) - 20))
    if not len(xs):
        return 0.0
    ink = (xs.astype(np.float32), ys.astype(np.float32))
    best = _best_angle(ink, np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.5))
    return _best_angle(ink, np.arange(best - 0.5, best + 0.51, 0.1))


def _best_angle(ink: tuple[np.ndarray, np.ndarray], angles: np.ndarray) -> float:
    xs, ys = ink

    def sharpness(angle: float) -> float:
        slope = np.float32(-math.tan(math.radians(angle)))  # as `_level` moves the columns
        rows = np.rint(ys + xs * slope).astype(np.int32)
        counts = np.bincount(rows - rows.min()).astype(np.float64)
        return float(np.square(np.diff(counts)).sum())

    scores = [sharpness(a) for a in angles]
    return round(float(angles[int(np.argmax(scores))]), 2)


def recognise(image: Image.Image, deskew: bool = True, orient: bool = True,
              dpi: int = 300) -> OcrResult:
    """OCR one page image: deskew, Tesseract words, ruling lines, and a 90°-turn retry on
    poor results. dpi: the image's resolution (for the size of ruling lines)."""
    original = image.convert("L")
    turns: list[_Turn | _Shear] = []
    work = original
    if deskew:
        angle = estimate_skew(work)
        if abs(angle) >= 0.1:
            work = _level(work, angle, turns)
    result = _tesseract(work, original.size, turns, dpi)
    if orient and (result.confidence < _GOOD_CONFIDENCE or result.good_words < 5):
        quarter = _orientation(work)
        if quarter:
            turned_steps = list(turns)
            retry = _tesseract(_turn(work, quarter, turned_steps), original.size,
                               turned_steps, dpi)
            if retry.confidence > result.confidence:
                result = retry
    return result


def _turn(image: Image.Image, angle: float, turns: list) -> Image.Image:
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    turns.append(_Turn(angle, image.size, turned.size))
    return turned


def _level(image: Image.Image, angle: float, turns: list) -> Image.Image:
    """Level text lines tilted by a small angle (PIL degrees) with a vertical shear."""
    slope = -math.tan(math.radians(angle))  # PIL turns counter-clockwise, y runs down
    arr = np.asarray(image, dtype=np.uint8)
    height, width = arr.shape
    shifts = np.rint(np.arange(width) * slope).astype(np.int64)
    lift = int(shifts.min())
    shifts -= lift
    out = np.full((height + int(shifts.max()), width), 255, dtype=np.uint8)
    edges = np.flatnonzero(np.diff(shifts)) + 1
    for lo, hi in zip([0, *edges.tolist()], [*edges.tolist(), width], strict=True):
        down = int(shifts[lo])
        out[down:down + height, lo:hi] = arr[:, lo:hi]
    turns.append(_Shear(angle, slope, lift))
    return Image.fromarray(out)


def _orientation(image: Image.Image) -> int:
    """The quarter turn (PIL degrees) Tesseract's orientation detection suggests, or 0."""
    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT,
                                       config="--psm 0")
    except pytesseract.TesseractError:
        return 0
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def _tesseract(image: Image.Image, size: tuple[int, int], turns: list,
               dpi: int) -> OcrResult:
    """Tesseract's words for the image, read once its ruling lines are erased."""
    tilt = sum(t.slope for t in turns if isinstance(t, _Shear))
    pixels = np.array(image, dtype=np.uint8)
    rules, lines = find_rules(pixels, round(_RULE_LENGTH * dpi),
                              max(2, round(_RULE_THICKNESS * dpi)), tilt)
    if rules:
        pixels[lines] = 255
        image = Image.fromarray(pixels)
    words = []
    confidences = []
    for row in _tsv_words(image):
        block, par, line, left, top, width, height, conf, text = row
        text = text.strip().strip(_RULE_MARKS)
        if not text or conf < 0:
            continue
        confidences.append(conf)
        words.append(OcrWord(text, (left, top, left + width, top + height),
                             (int(block), int(par), int(line))))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    total = sum(t.angle for t in turns)
    return OcrResult(words, size, mean, total, list(turns), rules)


def _tsv_words(image: Image.Image) -> list[tuple]:
    """Tesseract's word rows for the image: (block, paragraph, line, left, top, width,
    height, confidence, text).

    The image is handed over as an uncompressed TIFF file and the TSV comes back on stdout:
    PNG encoding cost about half of Tesseract's own time on a 300-dpi page, and Tesseract
    reads a file faster than the same bytes on its standard input.
    """
    with tempfile.TemporaryDirectory(prefix="calpae-ocr-") as tmp:
        path = os.path.join(tmp, "page.tif")
        image.save(path, "TIFF")
        command = [pytesseract.pytesseract.tesseract_cmd, path, "stdout", "-l", LANG,
                   "--psm", "3", "tsv"]
        try:
            done = subprocess.run(command, capture_output=True, check=False)
        except FileNotFoundError as e:
            raise pytesseract.TesseractNotFoundError() from e
    if done.returncode:
        raise pytesseract.TesseractError(done.returncode,
                                         done.stderr.decode("utf-8", "replace").strip())
    rows = []
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = line.split("\t", 11)
        if len(cells) == 12 and cells[0] == "5":
            rows.append((cells[2], cells[3], cells[4], int(cells[6]), int(cells[7]),
                         int(cells[8]), int(cells[9]), float(cells[10]), cells[11]))
    return rows


def _unturn_box(x0: float, y0: float, x1: float, y1: float,
                turns: list) -> tuple[float, float, float, float]:
    """A box of the turned image mapped back onto the image as given."""
    points = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    for t in reversed(turns):
        points = t.back(points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _unturn_point(p: tuple[float, float], t: _Turn) -> tuple[float, float]:
    # PIL turns counter-clockwise as seen (y down); undoing it is a clockwise turn.
    a = math.radians(t.angle)
    dx, dy = p[0] - t.after[0] / 2, p[1] - t.after[1] / 2
    x = dx * math.cos(a) - dy * math.sin(a)
    y = dx * math.sin(a) + dy * math.cos(a)
    return x + t.before[0] / 2, y + t.before[1] / 2


def add_page(builder: DocumentBuilder, result: OcrResult, scale: float,
             page_size: tuple[float, float] | None = None) -> None:
    """Start an OCR page in the builder and write its lines and tables, boxes in points.

    Lines are rebuilt from the word boxes (see `scan_layout`): a table row comes out as one
    line, or as a row of cells when ruling lines frame the table.
    """
    width, height = page_size or (result.size[0] * scale, result.size[1] * scale)
    builder.start_page(width, height, "ocr", round(result.confidence, 1))
    grids = find_grids([Rule(r.horizontal, r.at * scale, r.lo * scale, r.hi * scale)
                        for r in result.rules])
    for unit in reading_units(result.words, grids, scale):
        words = _layout_words(result, unit, scale)
        page_blocks = blocks(words, grids)
        words.boxes = _boxes_on_page(result, unit, words.boxes, scale)
        builder.end_table()  # tables of two units are two tables
        emit(builder, words, page_blocks)


def _layout_words(result: OcrResult, unit: list[int], scale: float) -> PageWords:
    """The unit's words for line grouping: their own left and right edges, the top and bottom
    of their Tesseract line (so that a short or high mark keeps to its line), in points."""
    bands = line_extents([result.words[i] for i in unit])
    array = np.array([(result.words[i].box[0], *bands[result.words[i].line][:1],
                       result.words[i].box[2], bands[result.words[i].line][1])
                      for i in unit], dtype=np.float64).reshape(-1, 4) * scale
    return PageWords.of([result.words[i].text for i in unit], array)


def _boxes_on_page(result: OcrResult, unit: list[int], layout_boxes: list,
                   scale: float) -> list[tuple[float, ...]]:
    """Each word's own box on the page as given, in points; words the layout joined (appended
    after the unit's words) get the box of their layout geometry."""
    own = [result.words[i].box for i in unit]
    joined = [tuple(v / scale for v in b) for b in layout_boxes[len(unit):]]
    return [tuple(v * scale for v in result.box_on_image(b)) for b in own + joined]
