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
from calpae.readers.layout import PWord, emit_lines

# Tesseract's OpenMP threads fight each other on small machines (5x slower on 2 cores);
# one thread per page is faster, and pages can be run in parallel by the caller instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

LANG = "fra"
_MAX_SKEW = 5.0  # degrees; larger tilts are rare in scans and slow to search
_SKEW_WIDTH = 800  # pixels: about the width the skew search works at
_GOOD_CONFIDENCE = 50


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
    """The words of one image in lines, boxes in the pixels of the image as given."""

    lines: list[list[PWord]]
    size: tuple[int, int]
    confidence: float
    angle: float  # total correction applied, degrees counter-clockwise
    turns: list[_Turn | _Shear] = field(default_factory=list)

    @property
    def good_words(self) -> int:
        return sum(1 for line in self.lines for w in line if _is_real_word(w.text))


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


def recognise(image: Image.Image, deskew: bool = True, orient: bool = True) -> OcrResult:
    """OCR one page image: deskew, Tesseract words, and a 90°-turn retry on poor results."""
    original = image.convert("L")
    turns: list[_Turn | _Shear] = []
    work = original
    if deskew:
        angle = estimate_skew(work)
        if abs(angle) >= 0.1:
            work = _level(work, angle, turns)
    result = _tesseract(work, original.size, turns)
    if orient and (result.confidence < _GOOD_CONFIDENCE or result.good_words < 5):
        quarter = _orientation(work)
        if quarter:
            turned_steps = list(turns)
            retry = _tesseract(_turn(work, quarter, turned_steps), original.size, turned_steps)
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


def _tesseract(image: Image.Image, size: tuple[int, int], turns: list) -> OcrResult:
    lines: dict[tuple[str, str, str], list[PWord]] = {}
    confidences = []
    for row in _tsv_words(image):
        block, par, line, left, top, width, height, conf, text = row
        text = text.strip()
        if not text or conf < 0:
            continue
        confidences.append(conf)
        box = _unturn_box(left, top, left + width, top + height, turns)
        lines.setdefault((block, par, line), []).append(PWord(text, *box))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    total = sum(t.angle for t in turns)
    return OcrResult(list(lines.values()), size, mean, total, list(turns))


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
    """Start an OCR page in the builder and write its lines, boxes scaled to points."""
    width, height = page_size or (result.size[0] * scale, result.size[1] * scale)
    builder.start_page(width, height, "ocr", round(result.confidence, 1))
    emit_lines(builder, [[PWord(w.text, w.x0 * scale, w.top * scale, w.x1 * scale,
                                w.bottom * scale) for w in line] for line in result.lines])
