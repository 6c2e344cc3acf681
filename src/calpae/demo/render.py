"""Write a document's blocks (lines and tables) as text, Markdown, native PDF (reportlab),
DOCX (python-docx) or a scan (an image-only PDF of the rendered pages, slightly degraded).

The PDF, DOCX and scan helpers are also what the tests use to build such files from a seed
(`tests/builders`), so that both write the same way.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_MARKUP = re.compile(r"\*\*|</?(?:b|p|ul|li|br)\s*/?>")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    heading: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    mode: str = "tab"  # how text formats print it: tab | pipe | html | flat | columns


Block = Line | Table


def plain(text: str) -> str:
    """Text without its Markdown/HTML emphasis (for PDF and DOCX)."""
    text = re.sub(r"<br\s*/?>|</li>\s*<li>", " ; ", text)
    return _MARKUP.sub("", text)


def _table_text(table: Table) -> list[str]:
    rows = table.rows
    if table.mode == "pipe":
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + "---|" * width)
        return lines
    if table.mode == "html":
        cells = [("th" if n == 0 else "td", r) for n, r in enumerate(rows)]
        return ["<table>", *("<tr>" + "".join(f"<{t}>{c}</{t}>" for c in r) + "</tr>"
                             for t, r in cells), "</table>"]
    if table.mode == "flat":
        return [" ".join(c for c in r if c) for r in rows]
    if table.mode == "columns":
        width = [max(len(r[i]) if i < len(r) else 0 for r in rows)
                 for i in range(max(len(r) for r in rows))]
        out = []
        for r in rows:
            cells = [c.ljust(width[0]) if i == 0 else c.rjust(width[i] + 3)
                     for i, c in enumerate(r)]
            out.append("".join(cells).rstrip())
        return out
    return ["\t".join(r) for r in rows]


def to_text(blocks: list[Block], markdown: bool = False) -> str:
    """The blocks as a text file; with markdown, headings get their `#` marks."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(_table_text(block))
        elif markdown and block.heading:
            out.append("#" * block.heading + " " + block.text)
        else:
            out.append(block.text)
    return "\n".join(out).rstrip() + "\n"


def fonts() -> tuple[str, str]:
    """A Unicode font for reportlab (DejaVu where installed, else Helvetica)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not regular.exists():
        return "Helvetica", "Helvetica-Bold"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
    return "DejaVu", "DejaVu-Bold"


def pdf_bytes(blocks: list[Block], max_pages: int | None = None, repeat: int = 1,
              ruled: bool = True, strip_markup: bool = False) -> bytes:
    """A native PDF of the blocks, tables drawn as ruled tables (reportlab); with ruled=False,
    the cells laid out in columns without any line (as borderless Word tables export). The
    file is the same for the same blocks (fixed creation date and document id)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font, bold = fonts()
    clean = plain if strip_markup else (lambda t: t)
    width = A4[0] - 80
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=12.5)
    # long words stay whole in narrow cells, as office suites lay them out
    cell = ParagraphStyle("cell", fontName=font, fontSize=6.5, leading=8, splitLongWords=0)
    heads = {n: ParagraphStyle(f"h{n}", fontName=bold, fontSize=15 - n, leading=19 - n,
                               spaceBefore=4) for n in range(1, 7)}
    story = []
    for _ in range(repeat):
        for block in blocks:
            if isinstance(block, Line):
                text = clean(block.text)
                if not text.strip():
                    story.append(Spacer(1, 4))
                    continue
                style = heads.get(block.heading, body)
                # keep each source line on one PDF line where a smaller size allows it
                size = min(style.fontSize, 0.98 * width * 10 / max(stringWidth(text, font, 10), 1))
                if size < style.fontSize:
                    style = ParagraphStyle("fit", parent=style, fontSize=max(size, 6),
                                           leading=max(size, 6) * 1.25)
                story.append(Paragraph(escape(text), style))
            else:
                rows = block.rows
                n_cols = max(len(r) for r in rows)
                data = [[Paragraph(escape(clean(c)), cell) for c in r] + [""] * (n_cols - len(r))
                        for r in rows]
                table = LongTable(data, colWidths=[width / n_cols] * n_cols)
                table_style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
                if ruled:
                    table_style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
                table.setStyle(table_style)
                story.append(table)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=40, rightMargin=40,
                            topMargin=40, bottomMargin=40, invariant=1)
    if max_pages:
        story = _first_pages(story, doc, max_pages)
    doc.build(story)
    return out.getvalue()


def _first_pages(story: list, doc, max_pages: int) -> list:
    """Cut the story so that the PDF keeps about max_pages pages (cheap estimate by height)."""
    budget = max_pages * (doc.height - 20)
    kept, used = [], 0.0
    for flowable in story:
        _, h = flowable.wrap(doc.width, doc.height)
        if used + h > budget:
            break
        kept.append(flowable)
        used += h
    return kept


def docx_bytes(blocks: list[Block], strip_markup: bool = False) -> bytes:
    """A DOCX: heading styles for headings, real Word tables for tables; the same bytes for the
    same blocks (fixed core properties and archive dates)."""
    import docx

    clean = plain if strip_markup else (lambda t: t)
    document = docx.Document()
    for block in blocks:
        if isinstance(block, Line):
            if block.heading:
                document.add_heading(clean(block.text), level=min(block.heading, 9))
            else:
                document.add_paragraph(clean(block.text))
        else:
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = clean(text)
    _fix_properties(document)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_dates(out.getvalue())


def _fix_properties(document) -> None:
    from datetime import datetime

    props = document.core_properties
    props.created = props.modified = datetime(2020, 1, 1)
    props.last_modified_by = props.author = "calpae"
    props.revision = 1


def _fixed_zip_dates(data: bytes) -> bytes:
    """The same archive with every member dated 1 January 2020 (so the bytes are stable)."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def page_images(pdf: bytes, pages: list[int] | None = None, dpi: int = 200):
    """PIL images (grey) of the given 0-based pages of a PDF (every page by default)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        numbers = range(len(doc)) if pages is None else pages
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in numbers]
    finally:
        doc.close()


def degrade(image, angle: float = 1.0, noise: float = 12.0, blur: float = 0.6, seed_: int = 0):
    """A scanned look: small rotation, Gaussian noise, slight blur."""
    import numpy as np
    from PIL import Image, ImageFilter

    rotated = image.rotate(angle, resample=3, expand=True, fillcolor=255)
    rng = np.random.default_rng(seed_)
    arr = np.asarray(rotated, dtype=np.float32) + rng.normal(0, noise, rotated.size[::-1])
    noisy = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"), "L")
    return noisy.filter(ImageFilter.GaussianBlur(blur))


def scan_pdf(images, dpi: int = 200) -> bytes:
    """An image-only PDF of the given page images (no text layer), dated 1 January 2020 so that
    the same images give the same bytes."""
    import time

    out = io.BytesIO()
    first, *rest = images
    when = time.gmtime(1_577_836_800)
    first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest,
               creationDate=when, modDate=when)
    return out.getvalue()


def scanned(pdf: bytes, dpi: int = 200, seed_: int = 0, angle: float = 0.4) -> bytes:
    """A scan of a native PDF: every page rendered at dpi, lightly rotated and noised."""
    images = [degrade(img, angle=angle, noise=8.0, blur=0.4, seed_=seed_ + n)
              for n, img in enumerate(page_images(pdf, dpi=dpi))]
    return scan_pdf(images, dpi)
