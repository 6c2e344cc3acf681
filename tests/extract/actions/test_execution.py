"""What an execution report states a fiche spent: credits engaged, consumed, carryover asked,
by label, in a table by column, or under a heading (`extract/actions/execution.py`)."""

from __future__ import annotations

from calpae.extract.actions import extract_actions
from calpae.extract.models import DocumentBlock, DocumentKind
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes

from ..helpers import REPORT_FICHES, actions_of, read_text


def test_split_execution_figures_in_a_report() -> None:
    text = "\n".join([
        "2.1. Action 1 : accompagner les jeunes", "",
        "2.1.1. Description de I'action", "Un accompagnement.", "",
        "2.1.2. Budget", "Part Etat : 12 000 €", "Part Département : 12 000 €", "",
        "2.1.3. Budget exécuté au 31/12/2020", "",
        "Crédits engagés : 21", "400 €", "Crédits consommés : 9", "850 ¢€ (un poste)", "",
        "2.1.4. Indicateurs", "Nombre de jeunes",
    ])
    [action] = actions_of(text, kind="rapport_execution", year=2020)
    execution = action.execution
    assert execution is not None and execution.engaged is not None
    assert execution.consumed is not None
    assert (execution.engaged.value, execution.consumed.value) == (21400, 9850)


def test_execution_under_a_report_heading_without_accents() -> None:
    text = """DEPARTEMENT DE LA CREUSE
RAPPORT D'EXECUTION 2020

1. MESURES DU SOCLE

1.1 Action 1 - Accompagnement des jeunes

1.1.1 Description
Un educateur dedie suit les jeunes de 17 a 21 ans.

1.1.2 Budget previsionnel 2020
Part Etat = 40 000 €
Part Departement = 40 000 €
Budget global = 80 000 €

1.1.3 Execution au 31/12/2020
Credits engages : 75 000 €
Credits consommes : 62 350,40 €
Report demande sur 2021 : 17 649,60 €

1.1.4 Perspectives
Poursuite en 2021.
"""
    source = read_bytes(text.encode("utf-8"), "rapport.txt")
    document = DocumentBlock(exercise_year=Extracted(2020),
                             kind=Extracted("rapport_execution"))
    (found,) = extract_actions(source, document)
    e = found.execution
    assert (e.engaged.value, e.consumed.value, e.carryover_requested.value) == (
        75000, 62350.40, 17649.60)


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


def _report_actions() -> list:
    source = read_text(REPORT_FICHES, "doc.md")
    document = DocumentBlock(exercise_year=Extracted(2019),
                             kind=Extracted(DocumentKind.EXECUTION_REPORT))
    return extract_actions(source, document)


def test_execution_table_titled_by_column_and_its_planned_total() -> None:
    found = [(to_tree(a.budget), to_tree(a.execution)) for a in _report_actions()]
    assert found == [
        ({"year": 2019, "state": 10000, "territory": 12000, "other": 3000, "total": 25000},
         {"engaged": 20000, "consumed": 16500, "carryover_requested": 0}),
        ({"year": 2019, "state": 7000, "territory": 7000, "other": None, "total": 14000},
         {"engaged": 9000, "consumed": 8000, "carryover_requested": 3000})]
