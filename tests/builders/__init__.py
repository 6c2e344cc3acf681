"""Build test inputs (native PDF, scanned PDF, images, DOCX, HTML) from the seeds at test time."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from calpae.model import SourceDocument
from calpae.readers import read_file

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score.py"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def seed(stem_prefix: str) -> Path:
    """The seed whose file name starts with stem_prefix (`001`)."""
    return next(SEEDS.glob(f"{stem_prefix}_*.txt"))


def source_groups(source: SourceDocument) -> list[tuple[str, object]]:
    """The source as ("line", (text, heading)) and ("table", rows) items in order."""
    table_of_line: dict[int, int] = {}
    for t in source.tables:
        for c in t.cells:
            table_of_line[source.line_at(c.start).number] = t.index
    items: list[tuple[str, object]] = []
    current: int | None = None
    for line, text in source.iter_lines():
        tid = table_of_line.get(line.number)
        if tid is not None:
            if tid != current:
                items.append(("table", []))
                current = tid
            items[-1][1].append(text.split("\t"))  # type: ignore[union-attr]
            continue
        current = None
        items.append(("line", (text, line.heading)))
    return items


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not regular.exists():
        return "Helvetica", "Helvetica-Bold"
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
    return "DejaVu", "DejaVu-Bold"


def pdf_bytes(source: SourceDocument, max_pages: int | None = None,
              repeat: int = 1, ruled: bool = True) -> bytes:
    """A native PDF of the source's lines, its tables drawn as ruled tables (reportlab); with
    ruled=False, the tables' cells are laid out in columns without any line (as borderless Word
    tables export)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

    font, bold = _fonts()
    width = A4[0] - 80
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=12.5)
    # long words stay whole in narrow cells, as office suites lay them out
    cell = ParagraphStyle("cell", fontName=font, fontSize=6.5, leading=8, splitLongWords=0)
    heads = {n: ParagraphStyle(f"h{n}", fontName=bold, fontSize=15 - n, leading=19 - n,
                               spaceBefore=4) for n in range(1, 7)}
    story = []
    for _ in range(repeat):
        for kind, payload in source_groups(source):
            if kind == "line":
                text, heading = payload  # type: ignore[misc]
                if not text.strip():
                    story.append(Spacer(1, 4))
                    continue
                style = heads.get(heading, body)
                # keep each source line on one PDF line where a smaller size allows it
                size = min(style.fontSize, 0.98 * width * 10 / max(stringWidth(text, font, 10), 1))
                if size < style.fontSize:
                    style = ParagraphStyle("fit", parent=style, fontSize=max(size, 6),
                                           leading=max(size, 6) * 1.25)
                story.append(Paragraph(escape(text), style))
            else:
                rows = payload  # type: ignore[assignment]
                n_cols = max(len(r) for r in rows)
                data = [[Paragraph(escape(c), cell) for c in r] + [""] * (n_cols - len(r))
                        for r in rows]
                table = LongTable(data, colWidths=[width / n_cols] * n_cols)
                style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
                if ruled:
                    style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
                table.setStyle(style)
                story.append(table)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=40, rightMargin=40,
                            topMargin=40, bottomMargin=40)
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


def plain_pdf_bytes(source: SourceDocument) -> bytes:
    """A native PDF whose tables have no ruling line (columns told apart by position only)."""
    return pdf_bytes(source, ruled=False)


def seed_pdf(stem_prefix: str, max_pages: int | None = None) -> tuple[SourceDocument, bytes]:
    source = read_file(seed(stem_prefix))
    return source, pdf_bytes(source, max_pages)


def page_images(pdf: bytes, pages: list[int], dpi: int = 200):
    """PIL images of the given 0-based pages of a PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in pages]
    finally:
        doc.close()


def degrade(image, angle: float = 1.0, noise: float = 12.0, blur: float = 0.6, seed_: int = 0):
    """A scanned look: small rotation, Gaussian noise, slight blur."""
    import numpy as np
    from PIL import ImageFilter

    rotated = image.rotate(angle, resample=3, expand=True, fillcolor=255)
    rng = np.random.default_rng(seed_)
    arr = np.asarray(rotated, dtype=np.float32) + rng.normal(0, noise, rotated.size[::-1])
    from PIL import Image

    noisy = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"), "L")
    return noisy.filter(ImageFilter.GaussianBlur(blur))


def scan_pdf(images, dpi: int = 200) -> bytes:
    """An image-only PDF of the given page images (no text layer)."""
    out = io.BytesIO()
    first, *rest = images
    first.save(out, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return out.getvalue()


def image_bytes(image, fmt: str = "PNG", dpi: int = 200) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, dpi=(dpi, dpi))
    return out.getvalue()


def table_page_pdf(prose: list[str], header: list[str], rows: list[list[str]],
                   ends: list[float], ruled: bool = False, size: float = 10) -> bytes:
    """A one-page A4 PDF: prose lines, then a table whose first column is left-aligned text
    and whose other columns are amounts right-aligned on the given ends (points); with
    ruled=True, a grid around every cell, otherwise no line at all (columns told apart by
    their alignment only)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, bold = _fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    left, y = 50, A4[1] - 70
    for n, line in enumerate(prose):
        pdf.setFont(bold if n == 0 else font, size + 2 if n == 0 else size)
        pdf.drawString(left, y, line)
        y -= 2.2 * size
    y -= size
    row_height = 2 * size
    pdf.setFont(font, size)
    first_row = y
    for cells in [header, *rows]:
        pdf.drawString(left, y, cells[0])
        for end, cell in zip(ends, cells[1:], strict=True):
            pdf.drawRightString(end, y, cell)
        y -= row_height
    if ruled:
        # cell borders half a row above and below the text, 6 points after each amount
        xs = [left - 6, 2 * ends[0] - ends[1] + 6, *[e + 6 for e in ends]]
        ys = [first_row + row_height * (0.7 - k) for k in range(len(rows) + 2)]
        for y_rule in ys:
            pdf.line(xs[0], y_rule, xs[-1], y_rule)
        for x in xs:
            pdf.line(x, ys[0], x, ys[-1])
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def docx_bytes(source: SourceDocument) -> bytes:
    """A DOCX of the source: heading styles for headings, real Word tables for its tables."""
    import docx

    document = docx.Document()
    for kind, payload in source_groups(source):
        if kind == "line":
            text, heading = payload  # type: ignore[misc]
            if heading:
                document.add_heading(text, level=min(heading, 9))
            else:
                document.add_paragraph(text)
        else:
            rows = payload  # type: ignore[assignment]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def html_bytes(source: SourceDocument) -> bytes:
    """An HTML page of the source: <hN> headings, <p> paragraphs, <table> tables."""
    parts = ["<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>",
             "<style>td{border:1px solid}</style><script>var x = '<p>no</p>';</script>",
             "</head><body>"]
    for kind, payload in source_groups(source):
        if kind == "line":
            text, heading = payload  # type: ignore[misc]
            tag = f"h{heading}" if heading else "p"
            parts.append(f"<{tag}>{escape(text)}</{tag}>")
        else:
            parts.append("<table>")
            for row in payload:  # type: ignore[union-attr]
                parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def load_scorer():
    """The shared scorer module (score_file, score), imported from its path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("calpae_score", SCORER)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module
