"""PDF files: the text layer where it is usable, OCR of the page where it is absent or garbage."""

from __future__ import annotations

import ctypes
import gc
import re
import unicodedata
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from calpae import deadline, progress
from calpae.errors import EncryptedFile, LimitExceeded, UnreadableFile
from calpae.model import FileInfo, SourceDocument
from calpae.pdfium_lock import PDFIUM, released
from calpae.readers import ocr
from calpae.readers.base import Limits
from calpae.readers.builder import DocumentBuilder
from calpae.readers.layout import PageWords, Rule, blocks, columns, emit, find_grids
from calpae.readers.normalize import _TRANSLATE, normalise
from calpae.readers.text_layer import text_layer_problem

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})


# The characters `normalise` replaces or drops, and the ligatures, but for spaces (no token
# holds one): a page without any of them (and in NFC) keeps its tokens as they are.
_CHANGED_BY_CLEANING = re.compile("[" + re.escape("".join(
    chr(c) for c in (*_TRANSLATE, *_LIGATURES) if not chr(c).isspace())) +
    "\x00-\x08\x0b\x0e-\x1f\x7f]")


def read(data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
    """Read a PDF (recognised by `calpae.readers.binary`)."""
    with collector_paused():
        source = _read_pages(data, info, limits)
    if not source.text.strip():
        raise UnreadableFile(info.name, "aucun texte lisible dans le PDF",
                             "no readable text in the PDF")
    return source


def _read_pages(data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
    # PDFium is held a page at a time (and let go during OCR), so that a page image the web
    # server renders meanwhile waits for one page at most
    with PDFIUM:
        doc = open_pdf(data, info, limits)
        count = len(doc)
    try:
        builder = DocumentBuilder(info, limits.max_text_chars, limits=limits)
        state = _ReadState(pages=count)
        for index in range(count):
            deadline.check()
            progress.page("lecture", index + 1, state.pages)
            with PDFIUM:
                page = _load_page(doc, index, info)
                try:
                    read_page(builder, page, index + 1, limits, state)
                finally:
                    page.close()
    finally:
        with PDFIUM:
            doc.close()
    return builder.build()


@contextmanager
def collector_paused():
    """Pause Python's cycle collector: reading builds hundreds of thousands of small objects
    (words, boxes) that hold no cycles, and the collector would walk them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def open_pdf(data: bytes, info: FileInfo, limits: Limits) -> pdfium.PdfDocument:
    """Open the PDF and check its page count before any page is read."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile(info.name, "PDF protégé par un mot de passe",
                                "password-protected PDF") from e
        raise UnreadableFile(info.name, "PDF illisible (tronqué ou corrompu)",
                             "unreadable PDF (truncated or corrupt)") from e
    n = len(doc)
    if n > limits.max_pages:
        doc.close()
        raise LimitExceeded(info.name, f"trop de pages ({n} > {limits.max_pages})",
                            "too many pages")
    if n == 0:
        doc.close()
        raise UnreadableFile(info.name, "PDF sans aucune page", "PDF has no page")
    deadline.allow(limits.time_per_page * n)
    return doc


def _load_page(doc: pdfium.PdfDocument, index: int, info: FileInfo) -> pdfium.PdfPage:
    try:
        return doc[index]
    except pdfium.PdfiumError as e:
        raise UnreadableFile(info.name, f"page {index + 1} illisible (PDF corrompu)",
                             f"page {index + 1} unreadable (corrupt PDF)") from e


@dataclass(slots=True)
class _ReadState:
    """What a page needs to know of the pages before it."""

    open_columns: int | None = None  # columns of the table that ended the previous page
    pages: int = 0  # in the document, for the progress shown (« OCR page 3/30 »)


def read_page(builder: DocumentBuilder, page: pdfium.PdfPage, number: int, limits: Limits,
              state: _ReadState) -> None:
    """One page into the builder: its text layer, or OCR when the layer is unusable."""
    geometry = _Geometry(page)
    textpage = page.get_textpage()
    try:
        words = text_layer_words(textpage, geometry)
    finally:
        textpage.close()
    verdict = text_layer_problem(" ".join(words.texts))
    if verdict is None:
        page_blocks = blocks(words, find_grids(page_rules(page, geometry)), borderless=True)
        continued = bool(page_blocks) and state.open_columns is not None and \
            columns(page_blocks[0]) == state.open_columns
        builder.start_page(geometry.width, geometry.height, "text", continue_table=continued)
        emit(builder, words, page_blocks)
        state.open_columns = columns(page_blocks[-1]) if page_blocks else None
        return
    state.open_columns = None
    if not len(words) and not _has_images(page):
        builder.start_page(geometry.width, geometry.height, "text")
        builder.notes.append(f"page {number} : page blanche")
        return
    progress.page("OCR", number, state.pages)
    ocr_page_into(builder, page, number, geometry, limits, verdict)


def ocr_page_into(builder: DocumentBuilder, page: pdfium.PdfPage, number: int,
                  geometry: _Geometry, limits: Limits, verdict: str) -> None:
    dpi = _fitting_dpi(geometry, limits)
    image = page.render(scale=dpi / 72, rotation=0).to_pil().convert("L")
    with released(PDFIUM):  # Tesseract's seconds need no PDFium: others may use it meanwhile
        result = ocr.recognise(image, dpi=dpi)
    ocr.add_page(builder, result, 72 / dpi, (geometry.width, geometry.height))
    builder.notes.append(f"page {number} : OCR ({verdict}), {dpi} dpi, "
                         f"confiance moyenne {result.confidence:.0f}, "
                         f"redressement {result.angle:+.2f}°")


def _fitting_dpi(geometry: _Geometry, limits: Limits) -> int:
    """The OCR resolution, lowered so that the page image stays under the pixel limit."""
    dpi = limits.ocr_dpi
    while dpi > 72 and geometry.width * geometry.height * (dpi / 72) ** 2 > limits.max_pixels:
        dpi -= 25
    return dpi


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))


class _Geometry:
    """Maps PDF user space (bottom-left origin, unrotated) to the displayed page, top-left."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.w, self.h = right - left, top - bottom
        self.rotation = page.get_rotation() % 360
        swap = self.rotation in (90, 270)
        self.width, self.height = (self.h, self.w) if swap else (self.w, self.h)

    def boxes(self, rects: np.ndarray) -> np.ndarray:
        """(x0, top, x1, bottom) on the displayed page for n user-space rectangles (n × 4:
        x0, y0, x1, y1)."""
        xa, xb = rects[:, 0] - self.left, rects[:, 2] - self.left
        ta = self.h - (rects[:, 3] - self.bottom)  # top-left origin
        tb = self.h - (rects[:, 1] - self.bottom)
        if self.rotation == 90:
            columns = (self.h - tb, xa, self.h - ta, xb)
        elif self.rotation == 180:
            columns = (self.w - xb, self.h - tb, self.w - xa, self.h - ta)
        elif self.rotation == 270:
            columns = (ta, self.w - xb, tb, self.w - xa)
        else:
            columns = (xa, ta, xb, tb)
        return np.stack(columns, axis=1)


def _bare(function, restype, *argtypes):
    """The pdfium function behind a pypdfium2 binding, called with plain integers: ctypes'
    conversion of typed pointer arguments costs more than the call itself."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P, _I = ctypes.c_void_p, ctypes.c_int
_LOOSE_CHAR_BOX = _bare(pdfium_c.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
_COUNT_OBJECTS = _bare(pdfium_c.FPDFPage_CountObjects, _I, _P)
_PAGE_OBJECT = _bare(pdfium_c.FPDFPage_GetObject, _P, _P, _I)
_FORM_COUNT = _bare(pdfium_c.FPDFFormObj_CountObjects, _I, _P)
_FORM_OBJECT = _bare(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_OBJECT_TYPE = _bare(pdfium_c.FPDFPageObj_GetType, _I, _P)
_OBJECT_BOUNDS = _bare(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
_DRAW_MODE = _bare(pdfium_c.FPDFPath_GetDrawMode, _I, _P, _P, _P)
_SPACE_CODES = [c for c in range(0x3001) if chr(c).isspace()]  # no space lies above U+3000
_IS_SPACE = np.zeros(0x3002, dtype=bool)
_IS_SPACE[_SPACE_CODES] = True


def char_boxes(textpage: pdfium.PdfTextPage, indices: list[int]) -> np.ndarray:
    """Loose boxes of the given characters as rows (left, bottom, right, top), user space.

    Loose boxes span the advance width and the font height, so the glyphs of a word abut.
    """
    out = np.zeros((len(indices), 4), dtype=np.float32)  # FS_RECTF: left, top, right, bottom
    address = out.ctypes.data
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    deque(map(_LOOSE_CHAR_BOX, repeat(raw), indices,
              range(address, address + 16 * len(indices), 16)), maxlen=0)
    return out[:, [0, 3, 2, 1]].astype(np.float64)


def text_layer_words(textpage: pdfium.PdfTextPage, geometry: _Geometry) -> PageWords:
    """The page's words with boxes; only each word's first and last characters are measured,
    which keeps the cost near that of plain text extraction."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    if len(text) != count:  # characters outside the BMP: read char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
    tokens = text.split()  # the same runs of non-space characters as the spans below
    if not tokens:
        return PageWords.of([], np.zeros((0, 4)))
    starts, ends = _token_spans(text)
    first, last = _end_boxes(textpage, starts, ends)
    one_line = (first[:, 1] < last[:, 3]) & (last[:, 1] < first[:, 3]) & \
        (first[:, 0] <= last[:, 2] + 1)
    rects = np.concatenate((np.minimum(first[:, :2], last[:, :2]),
                            np.maximum(first[:, 2:], last[:, 2:])), axis=1)
    if not one_line.all():
        tokens, rects = _split_tokens(textpage, tokens, starts, rects, one_line)
    array = geometry.boxes(rects)
    if _clean_already(text):
        return PageWords.of(tokens, array)
    texts = [t if t.isascii() and t.isprintable() else _clean(t) for t in tokens]
    if not all(texts):
        keep = [i for i, t in enumerate(texts) if t]
        texts, array = [texts[i] for i in keep], array[keep]
    return PageWords.of(texts, array)


def _end_boxes(textpage: pdfium.PdfTextPage, starts: np.ndarray,
               ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The boxes of each token's first and last characters, measured once for one-character
    tokens."""
    firsts_and_lasts = np.empty(2 * len(starts), dtype=np.int64)
    firsts_and_lasts[0::2], firsts_and_lasts[1::2] = starts, ends - 1
    measure = np.ones(len(firsts_and_lasts), dtype=bool)
    measure[1::2] = ends - starts > 1
    boxes = char_boxes(textpage, firsts_and_lasts[measure].tolist())
    row = np.cumsum(measure) - 1  # a last character not measured is its token's first
    return boxes[row[0::2]], boxes[row[1::2]]


def _token_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the runs of non-space characters of text."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ink = np.zeros(len(codes) + 2, dtype=bool)
    ink[1:-1] = ~_IS_SPACE[np.minimum(codes, len(_IS_SPACE) - 1)]
    edges = np.flatnonzero(ink[1:] != ink[:-1])
    return edges[0::2], edges[1::2]


def _clean_already(text: str) -> bool:
    """Whether no token of text can change when cleaned (checked on the whole page at once)."""
    # control characters are ASCII too: a page holding one is not clean
    return not _CHANGED_BY_CLEANING.search(text) and (
        text.isascii() or unicodedata.is_normalized("NFC", text))


@lru_cache(maxsize=8192)
def _clean(token: str) -> str:
    """A non-ASCII token with its ligatures spelt out and normalised (empty: nothing left)."""
    return normalise(token.translate(_LIGATURES)).strip()


def _split_tokens(textpage: pdfium.PdfTextPage, tokens: list[str], starts: np.ndarray,
                  rects: np.ndarray, one_line: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Tokens whose characters pdfium did not separate although they sit apart (turned text,
    one glyph per text object) cut where the characters leave the line."""
    out_tokens, out_rects = [], []
    for i, token in enumerate(tokens):
        if one_line[i]:
            out_tokens.append(token)
            out_rects.append(rects[i])
            continue
        offset = int(starts[i])
        boxes = char_boxes(textpage, list(range(offset, offset + len(token)))).tolist()
        for part, a, b in _split_by_lines(token, boxes):
            out_tokens.append(part)
            out_rects.append((min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
                              max(a[3], b[3])))
    return out_tokens, np.array(out_rects, dtype=np.float64)


def _same_line(a: list[float], b: list[float]) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[0] <= b[2] + 1


def _split_by_lines(token: str, boxes: list[list[float]]) -> list:
    parts: list = []
    start = 0
    for i in range(1, len(token) + 1):
        if i == len(token) or not _same_line(boxes[i - 1], boxes[i]):
            parts.append((token[start:i], boxes[start], boxes[i - 1]))
            start = i
    return parts


def page_rules(page: pdfium.PdfPage, geometry: _Geometry) -> list[Rule]:
    """Rulings of the page: thin paths and the edges of stroked rectangles."""
    paths = _path_objects(page)
    if not paths:
        return []
    bounds = np.zeros((len(paths), 4), dtype=np.float32)  # left, bottom, right, top
    address = bounds.ctypes.data
    ends = address + 16 * len(paths)
    deque(map(_OBJECT_BOUNDS, paths, range(address, ends, 16), range(address + 4, ends, 16),
              range(address + 8, ends, 16), range(address + 12, ends, 16)), maxlen=0)
    boxes = geometry.boxes(bounds.astype(np.float64))
    rules = []
    for obj, (x0, top, x1, bottom) in zip(paths, boxes.tolist(), strict=True):
        w, h = x1 - x0, bottom - top
        if h <= 2.5 and w > 5:
            rules.append(Rule(True, (top + bottom) / 2, x0, x1))
        elif w <= 2.5 and h > 5:
            rules.append(Rule(False, (x0 + x1) / 2, top, bottom))
        elif w > 5 and h > 5 and _stroked(obj):
            rules += [Rule(True, top, x0, x1), Rule(True, bottom, x0, x1),
                      Rule(False, x0, top, bottom), Rule(False, x1, top, bottom)]
    return rules


def _path_objects(page: pdfium.PdfPage) -> list[int]:
    """The page's path objects and those of its top-level forms, in content order."""
    raw = ctypes.cast(page.raw, ctypes.c_void_p).value
    objects = list(map(_PAGE_OBJECT, repeat(raw), range(_COUNT_OBJECTS(raw))))
    types = list(map(_OBJECT_TYPE, objects))
    if pdfium_c.FPDF_PAGEOBJ_FORM not in types:
        return [o for o, t in zip(objects, types, strict=True) if t == pdfium_c.FPDF_PAGEOBJ_PATH]
    out = []
    for obj, kind in zip(objects, types, strict=True):
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            out.append(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = list(map(_FORM_OBJECT, repeat(obj), range(max(_FORM_COUNT(obj), 0))))
            out += [o for o in inner if _OBJECT_TYPE(o) == pdfium_c.FPDF_PAGEOBJ_PATH]
    return out


def _stroked(obj: int) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    ok = _DRAW_MODE(obj, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(ok and stroke.value)


