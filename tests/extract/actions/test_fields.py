"""Text helpers of the fiche readers: the part a line opens, numbering and bullets stripped,
amounts in bare cells (`extract/actions/fields.py`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.extract.actions.fields import amounts_in, field_label, strip_numbering


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


def test_bare_cells_are_amounts_but_action_numbers_are_not() -> None:
    found = amounts_in("Action\t4.2\t10 000\t12 000,50", bare_cells=True)
    assert [a.value for a in found] == [10000, 12000.5]


@given(st.text())
def test_a_stripped_label_starts_with_a_letter_or_digit(text: str) -> None:
    label = strip_numbering(text)
    assert label == "" or label[0].isalnum()
    assert text.endswith(label)


def test_numbering_and_bullets_are_stripped() -> None:
    assert strip_numbering("1.1.1.5. budget") == "budget"
    assert strip_numbering("► vi. _partenaires") == "partenaires"
    assert strip_numbering("-- 2) description") == "description"
