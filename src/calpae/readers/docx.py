"""Word documents (DOCX): paragraphs and tables in body order, heading styles as levels."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from calpae import deadline
from calpae.errors import EncryptedFile, LimitExceeded, UnreadableFile
from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, count
from calpae.readers.binary import OLE_MAGIC
from calpae.readers.builder import DocumentBuilder, collapse_spaces
from calpae.readers.normalize import normalise

_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.I)
_TITLE_STYLES = {"title", "titre"}
_MIN_RATIO_SIZE = 1024 * 1024  # small members may compress very well without harm


def read(data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
    """Read a DOCX (recognised by `calpae.readers.binary`)."""
    if data.startswith(OLE_MAGIC):
        raise EncryptedFile(info.name, "document Word protégé par un mot de passe",
                            "password-protected Word document")
    check_zip(data, info, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on malformed packages
        raise UnreadableFile(info.name, "document Word illisible (DOCX corrompu)",
                             "unreadable Word document (corrupt DOCX)") from e
    builder = DocumentBuilder(info, limits.max_text_chars, limits=limits)
    write_body(builder, document, limits)
    return builder.build()


def check_zip(data: bytes, info: FileInfo, limits: Limits) -> None:
    """Refuse zip bombs and non-Word archives from the zip directory, before any inflating."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as e:
        raise UnreadableFile(info.name, "archive DOCX illisible (tronquée ou corrompue)",
                             "unreadable DOCX archive (truncated or corrupt)") from e
    if not any(m.filename == "word/document.xml" for m in members):
        raise UnreadableFile(info.name, "archive ZIP sans document Word",
                             "ZIP archive without a Word document")
    if any(m.flag_bits & 0x1 for m in members):
        raise EncryptedFile(info.name, "archive DOCX chiffrée", "encrypted DOCX archive")
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise LimitExceeded(info.name, f"contenu décompressé trop volumineux "
                            f"({total / 1e6:.0f} Mo > {limits.max_unzipped_bytes / 1e6:.0f} Mo)",
                            "uncompressed content too large")
    for m in members:
        if m.file_size > _MIN_RATIO_SIZE and m.file_size > limits.max_zip_ratio * max(
                m.compress_size, 1):
            raise LimitExceeded(info.name, f"taux de compression suspect ({m.filename} : "
                                f"{m.file_size // max(m.compress_size, 1)}:1)",
                                "suspicious compression ratio (zip bomb)")


def write_body(builder: DocumentBuilder, document: Document, limits: Limits) -> None:
    """Paragraphs and tables of the body in their order."""
    for n, child in enumerate(document.element.body.iterchildren()):
        if not n & 0xFF:
            deadline.check()
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = _clean(paragraph.text)
            if text or not builder.in_table:
                builder.add_line(text, _heading_level(paragraph))
        elif child.tag == qn("w:tbl"):
            write_table(builder, Table(child, document), limits)


def write_table(builder: DocumentBuilder, table: Table, limits: Limits) -> None:
    builder.end_table()
    for row in row_cells(table, builder.info.name, limits):
        cells = [_clean(" ".join(_cell_texts(cell, builder.info.name, limits))) for cell in row]
        if any(cells):
            builder.add_row(cells)
    builder.end_table()


def row_cells(table: Table, file: str, limits: Limits) -> Iterator[list[_Cell]]:
    """The cells of each row, a merged cell once, in one pass over the grid.

    python-docx's `row.cells` yields a cell once per grid column it spans (a million times
    for a `gridSpan` of a million) and finds the top of a vertical merge by walking up the
    rows, row by row, for each merged cell: quadratic in the merge's height. Here the top
    cell of each grid column is carried from row to row; a merged cell still reads as its
    top cell in every row it covers, as with python-docx.
    """
    above: dict[int, object] = {}  # grid column -> the tc whose text covers it in the row
    for tr in table._tbl.tr_lst:
        offset, here, row, seen = tr.grid_before, {}, [], set()
        for tc in tr.tc_lst:
            span = tc.grid_span
            if span > limits.max_span:
                raise LimitExceeded(file, f"cellule de tableau fusionnée sur {count(span)} "
                                    f"colonnes (> {count(limits.max_span)} ; CALPAE_MAX_SPAN)",
                                    "table cell spans too many columns")
            top = above.get(offset, tc) if tc.vMerge == "continue" else tc
            here[offset] = top
            if id(top) not in seen:
                seen.add(id(top))
                row.append(_Cell(top, table))
            offset += span
        above = here
        yield row


def _cell_texts(cell: _Cell, file: str, limits: Limits) -> list[str]:
    texts = [p.text for p in cell.paragraphs]
    for nested in cell.tables:
        for row in row_cells(nested, file, limits):
            texts += [c.text for c in row]
    return texts


def _clean(text: str) -> str:
    return collapse_spaces(normalise(text))


def _heading_level(paragraph: Paragraph) -> int:
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return 0
    m = _HEADING_STYLE.match(name.strip())
    if m:
        return max(1, int(m.group(1)))
    return 1 if name.strip().lower() in _TITLE_STYLES else 0
