"""The previous year's credits a fiche's share carries, read apart from the share."""

from __future__ import annotations

from calpae.extract.actions import extract_actions
from calpae.extract.actions.carryover import share_carryovers
from calpae.extract.document import extract_document
from extract.helpers import read_text

BUDGET = """Budget de l'année 2021
Part Etat : 1 100 € + (900 € report 2020) = 2 000 €
Part CD = 1 100 € + (900 € report 2020)
Autres financeurs = 50 €
"""


def test_each_share_carries_its_carryover_with_evidence():
    source = read_text(BUDGET)
    found = share_carryovers(source, 0, len(source.text))
    assert {k: v.value for k, v in found.items()} == {"state": 900.0, "territory": 900.0}
    assert all(v.evidence is not None and v.evidence.text == "900 €" for v in found.values())
    assert found["state"].evidence.line == 2 and found["territory"].evidence.line == 3


def test_dont_de_report_is_a_carryover():
    source = read_text("Part Etat : 3 000 € dont 1 000 € de report\n")
    found = share_carryovers(source, 0, len(source.text))
    assert found["state"].value == 1000.0


def test_a_share_without_report_and_other_lines_carry_nothing():
    text = "Part Etat : 3 000 €\nAutres financeurs : 500 € (report 2020 : 200 €)\n"
    source = read_text(text)
    assert share_carryovers(source, 0, len(source.text)) == {}


def test_extracted_fiche_keeps_the_share_as_printed_and_the_carryover_apart():
    source = read_text("FICHE ACTION N°1 : Accompagner les jeunes\n" + BUDGET)
    (action,) = extract_actions(source, extract_document(source))
    assert action.budget.state.value == 2000.0
    assert action.budget.territory.value == 1100.0
    assert action.budget.state_carryover.value == 900.0
    assert action.budget.territory_carryover.value == 900.0
