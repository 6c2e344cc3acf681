"""Flattened tables printing bare numbers (no `€`) under a header that states the unit."""

from __future__ import annotations

import pytest

from calpae.extract.summary import keywords as tb

from .test_summary import amounts, summarise

KEYS = [tb.TOTAL, tb.STATE, tb.TERRITORY, tb.OTHER]


def values(text: str, keys: list[str] = KEYS) -> list[float] | None:
    run = tb.plain_run(text, keys)
    return None if run is None else [a.value for a in run[2]]


@pytest.mark.parametrize(("text", "expected"), [
    ("1 Jeunes sortant de l'ASE 300 150 150 0", [300, 150, 150, 0]),
    ("2 Premier accueil 132,5 62,5 70 0", [132.5, 62.5, 70, 0]),
    # `1 332,5` + `612,5` + `620` + `100` adds up; `1` + `332,5` + … + `620 100` does not
    ("TOTAL 1 332,5 612,5 620 100", [1332.5, 612.5, 620, 100]),
    # a number ending the label is not taken where the parts add up without it
    ("Mobilité 2 300 150 150 0", [300, 150, 150, 0]),
    ("Insertion 300 000 150 000 150 000 0", [300000, 150000, 150000, 0]),
    ("Accueil 45 000 20 000 25 000", [45000, 20000, 25000]),  # one empty column
])
def test_plain_run_splits_digit_groups_into_columns(text: str, expected: list[float]) -> None:
    assert values(text) == expected


def test_plain_run_without_a_total_column_reads_every_group() -> None:
    assert values("Action 1 120 000 60 000", [tb.STATE, tb.TERRITORY]) == [120000, 60000]


@pytest.mark.parametrize("text", ["Indicateurs : taux de couverture", "en 2021", ""])
def test_plain_run_of_text_is_none(text: str) -> None:
    assert values(text) is None


def test_plain_amounts_are_marked_repaired() -> None:
    run = tb.plain_run("1 Accueil 300 150 150 0", KEYS)
    assert run is not None and all(a.repaired for a in run[2])


FLAT_KEUROS = """ANNEXE 2 – TABLEAU FINANCIER 2022 (en k€)
N° Action Coût total Part Etat Part Département Autres
1 Jeunes sortant de l'ASE 300 150 150 0
2 Premier accueil social 132,5 62,5 70 0
3 Emploi des allocataires du RSA 700 300 300 100
TOTAL 1 132,5 512,5 520 100
"""


def test_flattened_table_in_keuros_without_euro_signs() -> None:
    summary = summarise(FLAT_KEUROS)
    assert amounts(summary, "total", "state", "territory", "other") == [
        (300000, 150000, 150000, 0), (132500, 62500, 70000, 0), (700000, 300000, 300000, 100000)]
    assert summary is not None and summary.total is not None
    assert summary.total.total.value == 1132500
    assert [r.label.value for r in summary.rows] == [
        "Jeunes sortant de l'ASE", "Premier accueil social", "Emploi des allocataires du RSA"]


def test_plain_numbers_need_a_stated_unit() -> None:
    without_unit = FLAT_KEUROS.replace(" (en k€)", "")
    assert summarise(without_unit) is None


def test_plain_numbers_in_euros() -> None:
    text = ("Tableau financier (en euros)\nAction Budget global Part Etat Part Département\n"
            "Accueil 90 000 45 000 45 000\nMobilité 40 000 20 000 20 000\n")
    assert amounts(summarise(text), "total", "state", "territory") == [
        (90000, 45000, 45000), (40000, 20000, 20000)]
