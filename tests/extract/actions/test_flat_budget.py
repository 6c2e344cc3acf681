"""Budget tables a text layer flattened: a row's cells joined by spaces, one cell a line, the
columns stacked, an unruled table in a native PDF (`extract/actions/flat_budget.py`)."""

from __future__ import annotations

import pytest

from calpae.readers import read_bytes

from ..helpers import action_rows, actions_in, actions_of, budget_figures

FLAT_HEAD = """Fiche action n° 6 : Développer les maraudes mixtes

Description de l'action
Des maraudes de nuit.

Budget prévisionnel 2021
"""


FLAT_TAIL = """
Indicateurs
Nombre de maraudes
"""


FLATTENED = {
    # one line per row, cells joined by spaces (an unruled table read from a PDF)
    "rows": "Financement Montant\nEtat 6 000 €\nDépartement 7 500 €\nTotal 13 500 €\n",
    # one line per cell
    "cells": "Financement\nMontant\nEtat\n6 000 €\nDépartement\n7 500 €\nTotal\n13 500 €\n",
    # the header row on one line, the amounts on the next
    "columns": "Part Etat Part Département Budget global\n6 000 € 7 500 € 13 500 €\n",
    # each column's cells one under the other
    "stacked": "Part Etat\nPart Département\nBudget global\n6 000 €\n7 500 €\n13 500 €\n",
}


@pytest.mark.parametrize("layout", sorted(FLATTENED))
def test_budget_tables_flattened_by_a_text_layer(layout: str) -> None:
    text = FLAT_HEAD + FLATTENED[layout] + FLAT_TAIL
    [action] = actions_in(read_bytes(text.encode(), "fiche.txt"), 2021)
    assert action_rows([action])[0][3] == (2021, 6000, 7500, None, 13500)


def _unruled_pdf() -> bytes:
    """A fiche whose budget table is drawn as text in two columns, without rules."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.setFont("Helvetica", 11)
    y = 780
    for line in FLAT_HEAD.splitlines():
        c.drawString(60, y, line)
        y -= 16
    for label, amount in (("Financement", "Montant"), ("Etat", "6 000 €"),
                          ("Département", "7 500 €"), ("Total", "13 500 €")):
        c.drawString(60, y, label)
        c.drawRightString(400, y, amount)
        y -= 16
    for line in FLAT_TAIL.splitlines():
        c.drawString(60, y, line)
        y -= 16
    c.showPage()
    c.save()
    return out.getvalue()


def test_an_unruled_budget_table_in_a_native_pdf() -> None:
    source = read_bytes(_unruled_pdf(), "fiche.pdf")
    [action] = actions_in(source, 2021)
    assert action_rows([action])[0][3] == (2021, 6000, 7500, None, 13500)
    assert action.budget is not None and action.budget.state is not None
    evidence = action.budget.state.evidence
    assert evidence is not None and evidence.bbox is not None and evidence.page == 1


def test_flattened_budget_row_without_its_empty_other_financers_cell() -> None:
    text = """Fiche action 1.2 Maraudes mixtes
Description : deux binômes en soirée.
Partenaires : SIAO
Budget 2021
Etat Département Autres financeurs Total
45 000 € 45 000 € 90 000 €
Indicateurs : familles rencontrées.
Fiche action 1.3 Prévention spécialisée
Description : éducateurs de rue.
Partenaires : associations
Budget 2021
Etat Département Autres financeurs Total
45 000 € 40 000 € 90 000 €
Indicateurs : jeunes rencontrés.
"""
    found = actions_of(text, year=2021)
    assert budget_figures(found[0]) == (45000, 45000, None, 90000)
    # the parts do not add up to the last amount: which cell is empty is not known
    assert budget_figures(found[1]) == (None, None, None, None)
