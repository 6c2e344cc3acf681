"""Fiches actions beyond the seeds' forms: OCR damage, bare table cells, other layouts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calpae.extract.actions import extract_actions
from calpae.extract.actions.fields import amounts_in, strip_numbering
from calpae.extract.models import Action, DocumentBlock
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes


def actions_of(text: str, name: str = "fiches.txt", kind: str | None = None,
               year: int | None = None) -> list[Action]:
    source = read_bytes(text.encode("utf-8"), name)
    document = DocumentBlock(kind=Extracted(kind) if kind else None,
                             exercise_year=Extracted(year) if year else None)
    return extract_actions(source, document)


def budget_of(action: Action) -> dict:
    budget = action.budget
    assert budget is not None
    return {k: getattr(budget, k).value if getattr(budget, k) else None
            for k in ("year", "state", "territory", "other", "total")}


def summary(actions: list[Action]) -> list[tuple]:
    return [(a.ref.value if a.ref else None, a.title.value if a.title else None,
             budget_of(a)) for a in actions]


# --- OCR damage -------------------------------------------------------------------------------

SPLIT_AMOUNTS = """Action 3 : accompagner les familles

Description de I'action
Un accompagnement.

Partenaires
Associations

Budget
Budget de I'année 2021
Part Etat = 14
500 ¢€
Part CD = 14 500 €
Budget global : 1 029
000 €

Indicateurs
Nombre de familles
"""


def test_an_amount_split_across_a_line_break_is_read_whole() -> None:
    [action] = actions_of(SPLIT_AMOUNTS)
    assert budget_of(action) == {"year": 2021, "state": 14500, "territory": 14500,
                                 "other": None, "total": 1029000}
    assert action.budget is not None and action.budget.state is not None
    assert action.budget.state.status == ReadStatus.REPAIRED
    evidence = action.budget.state.evidence
    assert evidence is not None and evidence.text == "14\n500 ¢€"


def test_a_split_amount_is_not_joined_with_a_year_or_a_number_of_people() -> None:
    text = SPLIT_AMOUNTS.replace("Part Etat = 14\n500 ¢€", "Part Etat = 14\n500 personnes")
    [action] = actions_of(text)
    assert budget_of(action)["state"] is None


def test_ocr_elided_article_in_the_title_label() -> None:
    text = "\n".join([
        "FICHE 6", "", "Mesure : Formation des travailleurs sociaux", "",
        "Intitulé de I'action : former les agents d'accueil", "",
        "Description de I'action", "Des sessions de formation.", "",
        "Budget", "Part Etat : 8 000 €", "Part Département : 8 000 €", "",
        "Indicateurs", "Nombre d'agents formés",
    ])
    [action] = actions_of(text)
    assert action.title is not None and action.title.value == "former les agents d'accueil"


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


# --- bare table cells ---------------------------------------------------------------------------


def test_bare_cells_are_amounts_but_action_numbers_are_not() -> None:
    found = amounts_in("Action\t4.2\t10 000\t12 000,50", bare_cells=True)
    assert [a.value for a in found] == [10000, 12000.5]


def test_a_budget_table_of_bare_cells() -> None:
    text = "\n".join([
        "Fiche action n° 5 : lever les freins à la mobilité", "",
        "Description de l'action", "Des aides au permis.", "",
        "Budget", "Part Etat\tPart Département\tBudget global",
        "9 000,00\t11 000\t20 000", "",
        "Indicateurs", "Nombre de permis",
    ])
    [action] = actions_of(text, "fiches.md", year=2021)
    assert budget_of(action) == {"year": 2021, "state": 9000, "territory": 11000,
                                 "other": None, "total": 20000}


def test_a_share_in_percent_before_the_amount() -> None:
    text = SPLIT_AMOUNTS.replace("Part Etat = 14\n500 ¢€", "Part Etat : 50 % soit 14 500 €")
    [action] = actions_of(text)
    assert budget_of(action)["state"] == 14500


@given(st.text())
def test_a_stripped_label_starts_with_a_letter_or_digit(text: str) -> None:
    label = strip_numbering(text)
    assert label == "" or label[0].isalnum()
    assert text.endswith(label)


def test_numbering_and_bullets_are_stripped() -> None:
    assert strip_numbering("1.1.1.5. budget") == "budget"
    assert strip_numbering("► vi. _partenaires") == "partenaires"
    assert strip_numbering("-- 2) description") == "description"
