"""Other financers of a fiche given one per line: summed where no line totals them."""

from __future__ import annotations

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes

FICHE = """Fiche action 3 – Insertion des allocataires du RSA
Description : plateforme d'orientation commune.
Budget 2021 :
Part Etat : 50 000 €
Part Département : 50 000 €
{others}
Coût total : {total} €
Indicateurs : délai d'orientation.
"""


def budget(others: str, total: str) -> dict:
    text = FICHE.format(others=others, total=total)
    source = read_bytes(text.encode("utf-8"), "fiche.txt")
    document = DocumentBlock(exercise_year=Extracted(2021))
    [action] = extract_actions(source, document)
    assert action.budget is not None
    return {k: getattr(action.budget, k) for k in ("state", "territory", "other", "total")}


@pytest.mark.parametrize(("others", "total", "other"), [
    ("FSE : 10 000 €\nCAF : 5 000 €", "115 000", 15000),
    ("FSE : 10 000 €\nCAF : 5 000 €\nAutres : 2 000 €", "117 000", 17000),
    ("Part FSE : 8 000 €", "108 000", 8000),
])
def test_other_financers_on_separate_lines_are_summed(others: str, total: str,
                                                      other: float) -> None:
    read = budget(others, total)
    assert read["other"].value == other
    assert read["state"].value == 50000 and read["territory"].value == 50000


def test_a_summed_other_is_inferred_and_shows_its_lines() -> None:
    read = budget("FSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].status == ReadStatus.INFERRED
    assert "10 000" in read["other"].evidence.text and "5 000" in read["other"].evidence.text


def test_a_line_for_all_other_financers_wins_over_its_detail() -> None:
    read = budget("Autres financeurs : 15 000 €\nFSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].value == 15000


def test_a_financer_repeated_is_counted_once() -> None:
    read = budget("FSE : 10 000 €\nFSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].value == 15000
