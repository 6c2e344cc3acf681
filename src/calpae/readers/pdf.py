"""PDF files: the text layer where it is usable, OCR of the page where it is absent or garbage."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from calpae.errors import EncryptedFile, LimitExceeded, UnreadableFile
from calpae.model import FileInfo, SourceDocument
from calpae.readers import ocr
from calpae.readers.base import Limits, register
from calpae.readers.builder import DocumentBuilder
from calpae.readers.layout import PWord, Rule, blocks, columns, emit, find_grids
from calpae.readers.normalize import normalise

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CID = re.compile(r"\(cid:\d+\)")
_SPACE = re.compile(r"\s")
_LETTER = re.compile(r"[^\W\d_]")
_BROKEN = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# The most frequent French words: a page of real French text is full of them, a page whose
# font encoding is broken (shifted or substituted glyphs) has almost none.
_FRENCH = _wordset(
    "de la le les des du et en à au aux un une pour par sur dans est sont avec que qui ce "
    "cette ces se sa son ses il elle ils ne pas plus ou leur leurs d l n s qu été être "
    "convention département état action actions article montant crédits "
    "année social sociale mise œuvre auprès entre lutte contre pauvreté")
_MIN_VISIBLE = 10


@register
class PdfReader:
    format = "pdf"

    def score(self, head: bytes, name: str) -> float:
        return 1.0 if b"%PDF-" in head[:1024] else 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        doc = open_pdf(data, info, limits)
        try:
            builder = DocumentBuilder(info, limits.max_text_chars)
            state = _ReadState()
            for index in range(len(doc)):
                page = _load_page(doc, index, info)
                try:
                    read_page(builder, page, index + 1, limits, state)
                finally:
                    page.close()
        finally:
            doc.close()
        source = builder.build()
        if not source.text.strip():
            raise UnreadableFile(info.name, "aucun texte lisible dans le PDF",
                                 "no readable text in the PDF")
        return source


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


def read_page(builder: DocumentBuilder, page: pdfium.PdfPage, number: int, limits: Limits,
              state: _ReadState) -> None:
    """One page into the builder: its text layer, or OCR when the layer is unusable."""
    geometry = _Geometry(page)
    textpage = page.get_textpage()
    try:
        words = text_layer_words(textpage, geometry)
    finally:
        textpage.close()
    verdict = text_layer_problem(" ".join(w.text for w in words))
    if verdict is None:
        page_blocks = blocks(words, find_grids(page_rules(page, geometry)))
        continued = bool(page_blocks) and state.open_columns is not None and \
            columns(page_blocks[0]) == state.open_columns
        builder.start_page(geometry.width, geometry.height, "text", continue_table=continued)
        emit(builder, page_blocks)
        state.open_columns = columns(page_blocks[-1]) if page_blocks else None
        return
    state.open_columns = None
    if not words and not _has_images(page):
        builder.start_page(geometry.width, geometry.height, "text")
        builder.notes.append(f"page {number} : page blanche")
        return
    ocr_page_into(builder, page, number, geometry, limits, verdict)


def ocr_page_into(builder: DocumentBuilder, page: pdfium.PdfPage, number: int,
                  geometry: _Geometry, limits: Limits, verdict: str) -> None:
    dpi = _fitting_dpi(geometry, limits)
    image = page.render(scale=dpi / 72, rotation=0).to_pil().convert("L")
    result = ocr.recognise(image)
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

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        """(x0, top, x1, bottom) on the displayed page for a user-space rectangle."""
        xa, xb = x0 - self.left, x1 - self.left
        ta, tb = self.h - (y1 - self.bottom), self.h - (y0 - self.bottom)  # top-left origin
        if self.rotation == 90:
            return (self.h - tb, xa, self.h - ta, xb)
        if self.rotation == 180:
            return (self.w - xb, self.h - tb, self.w - xa, self.h - ta)
        if self.rotation == 270:
            return (ta, self.w - xb, tb, self.w - xa)
        return (xa, ta, xb, tb)


def text_layer_words(textpage: pdfium.PdfTextPage, geometry: _Geometry) -> list[PWord]:
    """The page's words with boxes; only each word's first and last characters are measured,
    which keeps the cost near that of plain text extraction."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    if len(text) != count:  # characters outside the BMP: measure char by char
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)

    def char_box(i: int) -> tuple[float, float, float, float]:
        # loose boxes span the advance width and the font height: the glyphs of a word abut
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, ref)
        return rect.left, rect.bottom, rect.right, rect.top

    words = []
    for m in re.finditer(r"\S+", text):
        token = m.group()
        first, last = char_box(m.start()), char_box(m.end() - 1)
        if _same_line(first, last):
            parts = [(token, first, last)]
        else:
            parts = _split_by_lines(token, m.start(), char_box)
        for part, a, b in parts:
            clean = part if part.isascii() else normalise(part.translate(_LIGATURES)).strip()
            if clean:
                x0, top, x1, bottom = geometry.box(min(a[0], b[0]), min(a[1], b[1]),
                                                   max(a[2], b[2]), max(a[3], b[3]))
                words.append(PWord(clean, x0, top, x1, bottom))
    return words


def _same_line(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[0] <= b[2] + 1


def _split_by_lines(token: str, offset: int, char_box) -> list:
    """A token whose characters pdfium did not separate although they sit apart."""
    parts: list = []
    start = 0
    boxes = [char_box(offset + i) for i in range(len(token))]
    for i in range(1, len(token) + 1):
        if i == len(token) or not _same_line(boxes[i - 1], boxes[i]):
            parts.append((token[start:i], boxes[start], boxes[i - 1]))
            start = i
    return parts


def page_rules(page: pdfium.PdfPage, geometry: _Geometry) -> list[Rule]:
    """Rulings of the page: thin paths and the edges of stroked rectangles."""
    rules = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        x0, top, x1, bottom = geometry.box(*obj.get_bounds())
        w, h = x1 - x0, bottom - top
        if h <= 2.5 and w > 5:
            rules.append(Rule(True, (top + bottom) / 2, x0, x1))
        elif w <= 2.5 and h > 5:
            rules.append(Rule(False, (x0 + x1) / 2, top, bottom))
        elif w > 5 and h > 5 and _stroked(obj):
            rules += [Rule(True, top, x0, x1), Rule(True, bottom, x0, x1),
                      Rule(False, x0, top, bottom), Rule(False, x1, top, bottom)]
    return rules


def _stroked(obj: pdfium.PdfObject) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    ok = pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(ok and stroke.value)


def text_layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be trusted (French reason), or None if it is usable."""
    visible = len(text) - len(_SPACE.findall(text))
    if visible < _MIN_VISIBLE:
        return "pas de couche texte"
    letters = len(_LETTER.findall(text))
    broken = len(_CID.findall(text)) * 6 + len(_BROKEN.findall(text))
    if broken / visible > 0.05:
        return "codage de police cassé"
    if letters / visible < 0.25:
        return "trop peu de lettres"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= 30 and sum(w in _FRENCH for w in words) / len(words) < 0.08:
        return "trop peu de mots français"
    return None
