"""Layouts of execution reports and fiches the first benches did not have."""

from __future__ import annotations

import pytest

from calpae.extract.actions.fields import field_label

from .test_summary import amounts, summarise


@pytest.mark.parametrize(("line", "label"), [
    ("Objectif : accompagner chaque jeune confié.", "objectifs"),  # FicheField.OBJECTIVES
    ("Résultats : 312 jeunes accompagnés.", "resultats"),
    ("Financement 2021 : Etat 450 000 € ; Métropole 450 000 €", "budget"),
    ("Financement\t2020\t2021\t2022", "budget"),
    ("Financement : Etat et Département", None),  # a remark, no figures
    ("Financement Etat : 190 000 €", None),  # one line of the budget, not its part
    ("Le calendrier des réunions sera fixé en 2020.", None),
])
def test_field_labels_of_reports(line: str, label: str | None) -> None:
    assert field_label(line) == label


REPORT = """Action 2.2 – Épiceries solidaires
Crédits engagés : 500 000 €
Crédits consommés : 487 900 €
La Métropole poursuivra l'ensemble des actions.

ANNEXE – TABLEAU D'EXÉCUTION FINANCIÈRE 2021
Action   Crédits Etat 2021   Crédits engagés   Crédits consommés   Reste à consommer
1.1 Zéro sortie sèche     450 000 €     450 000 €     431 250 €     18 750 €
1.2 Premier accueil       380 000 €     372 000 €     349 225,25 €     30 774,75 €
TOTAL                     830 000 €     822 000 €     780 475,25 €     49 524,75 €
"""


def test_engaged_and_remaining_columns_are_skipped_and_text_above_is_no_header() -> None:
    summary = summarise(REPORT)
    assert amounts(summary, "state", "consumed", "carryover", "territory") == [
        (450000, 431250, None, None), (380000, 349225.25, None, None)]


ONE_LINE_BUDGET = """RAPPORT D'EXÉCUTION 2021

Action 1.1 – Zéro sortie sèche
Objectif : accompagner chaque jeune confié jusqu'à 21 ans.
Financement 2021 : Etat 450 000 € ; Métropole 460 000 € ; coût total 910 000 €
Crédits engagés : 450 000 €
Crédits consommés : 431 250 €
Report sollicité sur 2022 : 18 750 €
Résultats : 312 jeunes accompagnés.

Action 1.2 – Premier accueil
Objectif : un lieu d'accueil proche.
Financement 2021 : Etat 80 000 € ; Métropole 80 000 € ; coût total 160 000 €
Crédits engagés : 72 000 €
Crédits consommés : 70 000 €
Résultats : 41 lieux labellisés.
"""


def test_report_fiche_with_one_line_budget_and_execution_without_heading() -> None:
    from calpae.extract.actions import extract_actions
    from calpae.extract.models import DocumentBlock
    from calpae.model import Extracted
    from calpae.readers import read_bytes

    source = read_bytes(ONE_LINE_BUDGET.encode("utf-8"), "rapport.txt")
    document = DocumentBlock(kind=Extracted("rapport_execution"), exercise_year=Extracted(2021))
    first, second = extract_actions(source, document)
    assert (first.budget.state.value, first.budget.territory.value,
            first.budget.total.value) == (450000, 460000, 910000)
    assert (first.execution.engaged.value, first.execution.consumed.value,
            first.execution.carryover_requested.value) == (450000, 431250, 18750)
    assert second.execution.consumed.value == 70000
    assert second.execution.carryover_requested is None


@pytest.mark.parametrize(("cell", "name"), [
    ("Crédits Etat 2019", "state"),
    ("Crédits Département 2019", "territory"),
    ("Coût total 2019", "total"),
    ("Autres financements 2019 (ARS)", "other"),
    ("Etat 2019 : 3 élus", None),
])
def test_a_label_cell_qualified_by_its_year(cell: str, name: str | None) -> None:
    from calpae.extract.actions.labels import cell_field

    assert cell_field(cell) == name
