"""Table helpers: header keywords, cell kinds, runs of amounts on a flattened line."""

from __future__ import annotations

import pytest

from calpae.extract.summary import keywords as tb
from calpae.model import Cell


@pytest.mark.parametrize(("header", "key"), [
    ("Budget global de l'action", tb.TOTAL),
    ("Coût total", tb.TOTAL),
    ("Montant inscrit dans la convention pour 2019", tb.TOTAL),
    ("Budget Etat + CD", tb.SKIP),
    ("Dont valorisation", tb.SKIP),
    ("Credits Etat pré-notifiés", tb.SKIP),
    ("Partipation Etat", tb.STATE),
    ("Participation Etat (effective)", tb.STATE),
    ("Part de l'État", tb.STATE),
    ("Participation CD", tb.TERRITORY),
    ("Budget Département", tb.TERRITORY),
    ("Montant prévisionnel (CD) 2022", tb.TERRITORY),
    ("Report 2019", tb.CARRYOVER),
    ("Montant a reporter en 2020", tb.CARRYOVER),
    ("Participation d'autres financeurs le cas échéant", tb.OTHER),
    ("Autres", tb.OTHER),
    ("Autre(s) partenaires", tb.OTHER),
    ("Montant réalisé au 31/12/2019", tb.CONSUMED),
    ("Crédits consommés", tb.CONSUMED),
    ("Montant", tb.AMOUNT),
    ("Fiche action N° (numérotation CD)", tb.REF),
    ("Intitulé de l'action", tb.LABEL),
    ("Thème de la contractualisation", tb.THEME),
    ("Imputation chorus", tb.CODE),
    ("", None),
])
def test_classify_header(header: str, key: str | None) -> None:
    assert tb.classify_header(header) == key


def test_header_sequence_reads_scattered_header_words_in_order() -> None:
    text = ("Fiche action N° (numérotation CD) Intitulé Budget global de l'action "
            "Budget Etat + CD Partipation Etat Participation CD Report 2019 "
            "Participation d'autres financeurs")
    keys = [k for k, _s, _e in tb.header_sequence(text)]
    assert keys == [tb.TOTAL, tb.SKIP, tb.STATE, tb.TERRITORY, tb.CARRYOVER, tb.OTHER]


def test_header_scale() -> None:
    assert tb.header_scale("Montants en milliers d'euros") == 1000
    assert tb.header_scale("Budget (k€)") == 1000
    assert tb.header_scale("Budget global") == 1


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("72 000 €", "amount", 72000),
    ("1 132 387,85 €", "amount", 1132387.85),
    ("120 000", "number", 120000),
    ("2019", "text", None),
    ("Action 1.2", "text", None),
    ("-", "empty", None),
    ("NC", "empty", None),
    ("Aide à 1€ par jour", "text", None),
])
def test_cell_slot(text: str, kind: str, value: float | None) -> None:
    slot = tb.cell_slot(Cell(0, 0, text, 10, 10 + len(text)))
    assert (slot.kind, slot.value) == (kind, value)


@pytest.mark.parametrize(("text", "ref"), [
    ("Action 4.2", "4.2"), ("Fiche 3", "3"), ("5", "5"), ("FICHE N°2", "2"),
    ("Action sociale", None), ("2019 - relique", None),
])
def test_ref_of(text: str, ref: str | None) -> None:
    assert tb.ref_of(text) == ref


def test_amount_run_skips_amounts_inside_the_label_and_comments_after() -> None:
    line = "DRH de réunion (26 667 € par bassin) 80000 € 41003 € [voir 2 000 €"
    start, end, amounts = tb.amount_run(line)
    assert [a.value for a in amounts] == [80000, 41003]
    assert line[start:end] == "80000 € 41003 €"


def test_amount_run_tolerates_borders_and_dash_zeros() -> None:
    _s, _e, amounts = tb.amount_run("Portail | 30000 € | - € | 12 000 €")
    assert [a.value for a in amounts] == [30000, 0, 12000]


def test_amount_run_of_a_line_without_amounts() -> None:
    assert tb.amount_run("Thèmes de la contractualisation") is None


def test_header_keywords_read_through_typographic_marks() -> None:
    """Headers fold with calpae.values.fold: curly apostrophes, dashes and narrow spaces."""
    assert tb.classify_header("Participation de l’État") == tb.STATE
    assert tb.classify_header("Montant\u00a0à\u202freporter") == tb.CARRYOVER
    keys = [k for k, _s, _e in tb.header_sequence("Part\u00a0CD \u2013 Part\u202fl\u2019Etat")]
    assert keys == [tb.TERRITORY, tb.STATE]


@pytest.mark.parametrize("qualifier", ["(numérotation CD)", "(CD)", "(département)"])
def test_header_sequence_ref_column_hides_its_bracketed_qualifier(qualifier: str) -> None:
    # the bracket says whose numbering the column follows: it names no amount column
    header = f"Fiche action N° {qualifier} Participation Etat"
    assert [k for k, _s, _e in tb.header_sequence(header)] == [tb.STATE]
