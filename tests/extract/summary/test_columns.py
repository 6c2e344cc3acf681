"""Flattened tables read from word positions: in a native PDF without ruling lines, each amount
goes under the header column it stands under (`extract/summary/columns.py`)."""

from __future__ import annotations

import io

from calpae.extract.models import DocumentBlock
from calpae.extract.summary import extract_financial_summary
from calpae.model import to_tree
from calpae.readers import read_bytes

from ..helpers import amounts, rows

TEXT_COLUMNS = 2  # the first columns are left-aligned texts, the others right-aligned amounts


def unruled_pdf(title: str, header: list[list[str]], body: list[list[str]],
                xs: list[float], pages: int = 1) -> bytes:
    """A landscape PDF of a table drawn without any ruling line, the header repeated on each
    page and the body rows dealt out over the pages in order."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4))
    height = landscape(A4)[1]
    per_page = -(-len(body) // pages)
    for page in range(pages):
        y = height - 50
        if page == 0:
            pdf.setFont("Helvetica-Bold", 12)
            pdf.drawString(xs[0], y, title)
            y -= 30
        pdf.setFont("Helvetica", 8)
        for row in [*header, None, *body[page * per_page:(page + 1) * per_page]]:
            if row is None:
                y -= 6
                continue
            for col, (x, cell) in enumerate(zip(xs, row, strict=False)):
                if cell and col < TEXT_COLUMNS:
                    pdf.drawString(x, y, cell)
                elif cell:
                    pdf.drawRightString(x, y, cell)
            y -= 12
        pdf.showPage()
    pdf.save()
    return out.getvalue()


PDF_XS = [40, 80, 400, 480, 560, 640, 720]


PDF_HEADER = [["N°", "Intitulé de l'action", "Budget", "Part", "Part", "Report", "Autres"],
              ["", "", "global", "Etat", "CD", "2020", "financeurs"]]


PDF_BODY = [
    ["1.1", "Aide aux jeunes majeurs", "61 000 €", "30 500 €", "30 500 €", "", ""],
    ["1.2", "Accueil de proximité", "21 000 €", "", "10 500 €", "5 500 €", "5 000 €"],
    ["2.1", "Référents de parcours", "13 000 €", "6 500 €", "", "", "6 500 €"],
    ["", "TOTAL", "95 000 €", "37 000 €", "41 000 €", "5 500 €", "11 500 €"],
]


def summarise_pdf(pdf: bytes, actions=None):
    source = read_bytes(pdf, "table.pdf")
    assert source.words  # no ruling lines: rows rebuilt from word positions
    summary, _ = extract_financial_summary(source, DocumentBlock(), actions or [])
    return summary


def test_unruled_pdf_places_amounts_under_their_header_columns():
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER,
                                        PDF_BODY, PDF_XS))
    keys = ("total", "state", "territory", "carryover", "other")
    assert amounts(summary, *keys) == [
        (61000, 30500, 30500, None, None),
        (21000, None, 10500, 5500, 5000),
        (13000, 6500, None, None, 6500),
    ]
    assert to_tree(summary.total) == {"total": 95000, "state": 37000, "territory": 41000,
                                      "carryover": 5500, "other": 11500, "consumed": None}
    assert summary.rows[1].territory.evidence.bbox is not None


def test_unruled_pdf_header_over_two_columns_names_both():
    header = [["", "", "", "Financements 2021", "", "", ""],
              ["N°", "Intitulé", "Budget global", "Etat", "Département", "Report", "Autres"]]
    xs = [40, 80, 400, 470, 560, 640, 720]
    summary = summarise_pdf(unruled_pdf("Maquette financière", header, PDF_BODY, xs))
    assert amounts(summary, "total", "state", "territory", "other")[1] == (
        21000, None, 10500, 5000)


def test_unruled_pdf_number_column_gives_the_action_ref():
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER,
                                        PDF_BODY, PDF_XS))
    assert [(r["action_ref"], r["label"]) for r in rows(summary)] == [
        ("1.1", "Aide aux jeunes majeurs"), ("1.2", "Accueil de proximité"),
        ("2.1", "Référents de parcours")]


def test_unruled_pdf_total_column_last_and_reordered_columns():
    header = [["N°", "Intitulé", "Part CD", "Part Etat", "Report", "Autres", "Total"]]
    body = [["1", "Aide aux jeunes", "6 000 €", "5 000 €", "", "1 000 €", "12 000 €"],
            ["2", "Accueil", "4 000 €", "4 000 €", "2 000 €", "", "8 000 €"],
            ["", "TOTAL", "10 000 €", "9 000 €", "2 000 €", "1 000 €", "20 000 €"]]
    summary = summarise_pdf(unruled_pdf("Maquette financière", header, body, PDF_XS))
    assert amounts(summary, "territory", "state", "carryover", "other", "total") == [
        (6000, 5000, None, 1000, 12000), (4000, 4000, 2000, None, 8000)]


def test_unruled_pdf_table_over_two_pages_repeats_its_header():
    extra = ["3.1", "Formation des travailleurs", "9 000 €", "4 500 €", "4 500 €", "", ""]
    total = ["", "TOTAL", "104 000 €", "41 500 €", "45 500 €", "5 500 €", "11 500 €"]
    body = [*PDF_BODY[:3], extra, total]
    summary = summarise_pdf(unruled_pdf("Tableau financier récapitulatif", PDF_HEADER, body,
                                        PDF_XS, pages=2))
    assert [r["action_ref"] for r in rows(summary)] == ["1.1", "1.2", "2.1", "3.1"]
    assert amounts(summary, "total", "state", "territory")[3] == (9000, 4500, 4500)
    assert to_tree(summary.total)["total"] == 104000
