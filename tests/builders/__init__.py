"""Build test inputs (native PDF, scanned PDF, images, DOCX, HTML) from the seeds at test time."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from calpae.demo import render
from calpae.model import SourceDocument
from calpae.readers import read_file

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score.py"


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


def blocks_of(source: SourceDocument) -> list[render.Block]:
    """The source as the demo renderer's blocks: its lines (with heading levels) and tables."""
    return [render.Line(*payload) if kind == "line" else  # type: ignore[misc]
            render.Table(tuple(tuple(r) for r in payload))  # type: ignore[union-attr]
            for kind, payload in source_groups(source)]


def pdf_bytes(source: SourceDocument, max_pages: int | None = None,
              repeat: int = 1, ruled: bool = True) -> bytes:
    """A native PDF of the source's lines, its tables drawn as ruled tables (reportlab); with
    ruled=False, the tables' cells are laid out in columns without any line (as borderless Word
    tables export). Written by `calpae.demo.render.pdf_bytes`."""
    return render.pdf_bytes(blocks_of(source), max_pages, repeat, ruled)


def plain_pdf_bytes(source: SourceDocument) -> bytes:
    """A native PDF whose tables have no ruling line (columns told apart by position only)."""
    return pdf_bytes(source, ruled=False)


def seed_pdf(stem_prefix: str, max_pages: int | None = None) -> tuple[SourceDocument, bytes]:
    source = read_file(seed(stem_prefix))
    return source, pdf_bytes(source, max_pages)


page_images, degrade, scan_pdf = render.page_images, render.degrade, render.scan_pdf


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

    font, bold = render.fonts()
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
    return render.docx_bytes(blocks_of(source))


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
