"""Table reading shared by the summary readers: header keywords, cell kinds, refs, runs of
amounts on a flattened line, and the columns whole tables get from their headers
(`extract/summary/keywords.py`)."""

from __future__ import annotations

import pytest

from calpae.extract.summary import keywords as tb
from calpae.model import Cell, to_tree

from ..helpers import REPORT_FICHES, amounts, summarise

# --- header keywords ------------------------------------------------------------------------------

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


# --- refs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "ref"), [
    ("Action II.1", "II.1"), ("action ii-2", "II-2"), ("Action 2-2", "2-2"), ("Fiche 3", "3"),
    ("FA 4", "4"), ("n°5", "5"), ("N° 1.2", "1.2"), ("Fiche action n° 7", "7"), ("6.", "6"),
    ("Fiches actions 2.3", "2.3"), ("Total", None), ("2021", None), ("FA", None),
])
def test_ref_of_reads_the_numbering_forms(cell, ref):
    assert tb.ref_of(cell) == ref


def test_ref_key_orders_roman_and_hyphen_refs():
    assert tb.ref_key("II.1") == (2, 1)
    assert tb.ref_key("IV-3") == (4, 3)
    assert tb.ref_key("2-2") == (2, 2)
    assert tb.ref_key("I-1.2") == (1, 2)
    assert sorted(["IX.1", "II.2", "II.1", "IV.1"], key=tb.ref_key) == [
        "II.1", "II.2", "IV.1", "IX.1"]


# --- amounts split over two lines, runs of bare numbers -------------------------------------------

def test_rejoin_split_amounts_keeps_offsets_and_spares_action_numbers():
    lines = ["Frais (Action 2) 24", "400 € 2 000 €", "Fiche action 3", "100 000 € 50 €",
             "Total 1", "234 567,50 €"]
    joined = tb.rejoin_split_amounts(lines)
    assert joined == ["Frais (Action 2) 24 400 € 2 000 €", "", "Fiche action 3",
                      "100 000 € 50 €", "Total 1 234 567,50 €", ""]
    assert len(joined[0]) == len(lines[0]) + 1 + len(lines[1])


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


# --- the columns of whole tables, named by their headers ------------------------------------------

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


TOTAL_LAST_CELLS = """Tableau financier 2021

Intitulé\tPart Etat\tPart Département\tAutres financeurs\tTotal
Aide aux jeunes majeurs\t5 000 €\t6 000 €\t1 000 €\t12 000 €
Accueil de proximité\t4 000 €\t4 000 €\t\t8 000 €
Total\t9 000 €\t10 000 €\t1 000 €\t20 000 €
"""


TOTAL_LAST_FLAT = """TABLEAU FINANCIER RECAPITULATIF
Intitulé Part Etat Part Département Autres financeurs Total
Aide aux jeunes majeurs 5 000 € 6 000 € 1 000 € 12 000 €
Accueil de proximité 4 000 € 4 000 € - € 8 000 €
Total 9 000 € 10 000 € 1 000 € 20 000 €
"""


@pytest.mark.parametrize(("text", "name"), [(TOTAL_LAST_CELLS, "doc.md"),
                                             (TOTAL_LAST_FLAT, "doc.txt")])
def test_total_column_last(text, name):
    summary = summarise(text, name)
    assert amounts(summary, "total", "state", "territory") == [
        (12000, 5000, 6000), (8000, 4000, 4000)]
    assert to_tree(summary.total)["total"] == 20000


REALISED_CELLS = """ANNEXE AU RAPPORT D'EXECUTION 2021

N°\tAction\tMontant prévu\tCrédits engagés\tMontant réalisé\tCommentaires
1.1\tAide aux jeunes majeurs\t10 000 €\t9 000 €\t8 500 €\tRecrutement en mars
1.2\tAccueil de proximité\t8 000 €\t\t3 000 €\tReport de 5 000 € demandé
TOTAL\t\t18 000 €\t9 000 €\t11 500 €\t
"""


REALISED_FLAT = """ANNEXE AU RAPPORT D'EXECUTION 2021
N° Action Budget global Part Etat Consommé Commentaires
1.1 Aide aux jeunes majeurs 10 000 € 5 000 € 8 500 € recrutement en mars
1.2 Accueil de proximité 8 000 € 4 000 € 3 000 € report demandé
TOTAL 18 000 € 9 000 € 11 500 €
"""


def test_realised_column_in_an_execution_report_with_comments():
    summary = summarise(REALISED_CELLS, "doc.md")
    assert amounts(summary, "action_ref", "total", "consumed", "label") == [
        ("1.1", 10000, 8500, "Aide aux jeunes majeurs"),
        ("1.2", 8000, 3000, "Accueil de proximité")]
    assert to_tree(summary.total)["consumed"] == 11500
    flat = summarise(REALISED_FLAT)
    assert amounts(flat, "action_ref", "total", "state", "consumed") == [
        ("1.1", 10000, 5000, 8500), ("1.2", 8000, 4000, 3000)]


METROPOLE_CELLS = """Tableau financier 2021

Fiche\tIntitulé\tCoût total\tPart Etat\tPart Métropole\tCommentaires
1\tAide aux jeunes majeurs\t10 000 €\t5 000 €\t5 000 €\tsans objet
2\tAccueil de proximité\t8 000 €\t4 000 €\t4 000 €\t
TOTAL\t\t18 000 €\t9 000 €\t9 000 €\t
"""


def test_metropole_part_is_the_territory():
    summary = summarise(METROPOLE_CELLS, "doc.md")
    assert amounts(summary, "total", "state", "territory") == [
        (10000, 5000, 5000), (8000, 4000, 4000)]
    flat = summarise(METROPOLE_CELLS.replace("\t", " "))
    assert amounts(flat, "total", "state", "territory") == [
        (10000, 5000, 5000), (8000, 4000, 4000)]


def test_mandate_column_of_a_report_annex_is_the_consumed_amount() -> None:
    summary = summarise(REPORT_FICHES, "doc.md", year=2019)
    assert amounts(summary, "total", "consumed", "carryover") == [
        (25000, 16500, 0), (14000, 8000, 3000)]
    assert (summary.total.total.value, summary.total.consumed.value) == (39000, 24500)
