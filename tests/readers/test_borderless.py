"""Tables without ruling lines in a PDF text layer: rows read as cells from word positions."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from calpae.readers import read_bytes


def _page(draw) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _lines(pdf: bytes) -> list[str]:
    doc = read_bytes(pdf, "t.pdf")
    return [doc.line_text(line) for line in doc.lines]


def _table(pdf, rows: list[list[str]], xs: list[float], top: float = 700, size: float = 9):
    pdf.setFont("Helvetica", size)
    y = top
    for row in rows:
        for x, cell in zip(xs, row, strict=True):
            for k, part in enumerate(cell.split("\n")):
                pdf.drawString(x, y - k * size * 1.15, part)
        y -= size * 1.15 * max(c.count("\n") + 1 for c in row) + 4
    return y


def test_rows_with_wide_gaps_become_cells_with_empty_ones_kept():
    rows = [["Action", "Etat", "Département", "FSE"],
            ["Sorties de l'ASE", "45 000 €", "45 000 €", ""],
            ["Accueil social\nde proximité", "38 500 €", "", "6 000 €"]]

    def draw(pdf):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(50, 760, "Le présent avenant fixe les crédits suivants pour l'année 2021 :")
        _table(pdf, rows, [50, 220, 320, 440])

    lines = _lines(_page(draw))
    assert lines[0] == "Le présent avenant fixe les crédits suivants pour l'année 2021 :"
    assert lines[1:] == ["Action\tEtat\tDépartement\tFSE",
                         "Sorties de l'ASE\t45 000 €\t45 000 €\t",
                         "Accueil social de proximité\t38 500 €\t\t6 000 €"]
    assert read_bytes(_page(draw), "t.pdf").tables


def test_group_label_between_rows_stays_in_the_table_and_a_heading_does_not():
    def draw(pdf):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(50, 760, "FICHE ACTION 3")
        _table(pdf, [["Axe", "Action", "Total"], ["", "Mobilité", "20 000 €"]], [50, 150, 400],
               top=730)
        pdf.drawString(50, 699, "Axe 2 – Insertion")
        _table(pdf, [["", "Garantie d'activité", "90 000 €"]], [50, 150, 400], top=686)

    lines = _lines(_page(draw))
    assert lines == ["FICHE ACTION 3", "Axe\tAction\tTotal", "\tMobilité\t20 000 €",
                     "Axe 2 – Insertion\t\t", "\tGarantie d'activité\t90 000 €"]


def test_justified_prose_is_not_cut_into_cells():
    def draw(pdf):
        pdf.setFont("Helvetica", 10)
        sentence = "Le Département s'engage à mobiliser des crédits au moins égaux"
        x = 50.0
        for w in sentence.split(" "):
            pdf.drawString(x, 700, w)
            x += pdf.stringWidth(w, "Helvetica", 10) + 7  # loose justification: wide spaces

    assert _lines(_page(draw)) == [
        "Le Département s'engage à mobiliser des crédits au moins égaux"]
