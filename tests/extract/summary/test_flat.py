"""Recapitulative tables a PDF text layer or OCR flattened onto lines: rows filling the columns,
stacked headers, wrapped labels, OCR lines, bare numbers under a stated unit
(`extract/summary/flat.py`)."""

from __future__ import annotations

from calpae.model import to_tree

from ..helpers import FLAT, action, amounts, rows, summarise

# --- text layers ----------------------------------------------------------------------------------

def test_flattened_rows_fill_columns_from_the_left():
    summary = summarise(FLAT)
    assert amounts(summary, "action_ref", "total", "state", "territory", "carryover", "other") == [
        ("1.1", 60000, 30000, 30000, 0, None),
        ("1.2", 20000, 10000, 10000, None, None),
        ("2", 12000, 6000, 6000, None, None),
        ("I-2", 50000, 10000, 10000, 10000, 20000),
    ]


def test_flattened_row_split_over_lines_takes_its_label_from_the_lines_above():
    labels = [r["label"] for r in rows(summarise(FLAT))]
    assert labels[2] == "Plateforme téléphonique d'accueil social"
    assert labels[0] == "Aide aux jeunes"


# A two-line header whose second line carries on each column of the first; a sentence of
# the articles that names the table; wrapped labels; a fiche budget flattened above.
STACKED = """Article 2
La répartition par action figure dans le tableau financier récapitulatif joint en annexe.

Fiche action 2.1 Garde d'enfants
Budget 2022
Etat Département Autres financeurs Total
10 000 € 12 000 € 22 000 €
Fiche action 2.2 Jardins partagés
Budget 2022
Etat Département Total
7 000 € 7 000 € 14 000 €

ANNEXE 2 – TABLEAU FINANCIER RÉCAPITULATIF 2022
N° Intitulé Budget Participation Participation Report Autres
global Etat Département 2021 financeurs
2.1 Garde d'enfants en horaires 22 000 € 10 000 € 12 000 € 3 000 € - €
atypiques
2.2 Jardins partagés 14 000 € 7 000 € 7 000 € - € 1 500 €
TOTAL 36 000 € 17 000 € 19 000 € 3 000 € 1 500 €
"""


def test_stacked_header_is_read_column_by_column() -> None:
    summary = summarise(STACKED)
    assert amounts(summary, "total", "state", "territory", "carryover", "other") == [
        (22000, 10000, 12000, 3000, 0), (14000, 7000, 7000, 0, 1500)]
    assert (summary.total.total.value, summary.total.other.value) == (36000, 1500)


def test_a_wrapped_label_is_continued_on_the_line_below() -> None:
    labels = [r.get("label") for r in rows(summarise(STACKED))]
    assert labels == ["Garde d'enfants en horaires atypiques", "Jardins partagés"]


# An OCR report's annex: `Montant prévu` is the planned total, the leading dotted numbers
# are the fiches' refs although no column is titled `N°`.
PLANNED = """ANNEXE : TABLEAU FINANCIER - EXECUTION 2021
Action Intitule Montant prevu 2021 Montant realise au 31/12/2021 Report sur 2022
1.1 Jeunes majeurs 80 000 € 62 350 € 17 650 €
1.2 Aide aux familles 50 000 € 50 000 € - €
TOTAL 130 000 € 112 350 € 17 650 €
"""


def test_planned_amount_and_leading_fiche_numbers() -> None:
    actions = [action("1.1", "Accompagner les jeunes majeurs"),
               action("1.2", "Soutenir les familles en difficulté")]
    summary = summarise(PLANNED, actions=actions)
    assert amounts(summary, "total", "consumed", "carryover") == [
        (80000, 62350, 17650), (50000, 50000, 0)]
    assert [r["action_ref"] for r in rows(summary)] == ["1.1", "1.2"]


def test_a_leading_number_that_is_no_fiche_ref_stays_in_the_label() -> None:
    summary = summarise(PLANNED, actions=[action("3", "Autre action")])
    assert [r["action_ref"] for r in rows(summary)] == [None, None]


# --- OCR lines ------------------------------------------------------------------------------------

OCR = """ANNEXE AU RAPPORT D'EXECUTION 2020
FINANCEMENTS 2020

Montant inscrit dans
Montant réalisé au
Montant a reporter en
Action Direction Dépense la convention pour 31/12/2020 2021 Commentaires
DRH Frais de personnel (Action 1) 30000 € 19 863 €
DSI Portail d'information 20000 € - € 12 000 € [reporté en 2021
Valorisation temps agents
DRH (12 500 € par site) 25 000 € 25 000 €
Sous-total - Accueil 75 000 € 44 863 € 12 000 €
Montant total 75 000 € 44 863 € 12000 €
"""


def test_ocr_lines_with_comments_split_amounts_and_amounts_in_labels():
    summary = summarise(OCR)
    got = amounts(summary, "label", "total", "consumed", "carryover")
    assert got == [
        ("Frais de personnel (Action 1)", 30000, 19863, None),
        ("Portail d'information", 20000, 0, 12000),
        ("DRH (12 500 € par site)", 25000, 25000, None),
    ]
    assert to_tree(summary.total) == {"total": 75000, "state": None, "territory": None,
                                      "carryover": 12000, "other": None, "consumed": 44863}
    assert summary.rows[0].theme.value == "Accueil"


OCR_SPLIT = """ANNEXE AU RAPPORT D'EXECUTION 2021
FINANCEMENTS 2021

Montant inscrit dans
Montant réalisé au
Montant a reporter en
Action Direction Dépense la convention pour 31/12/2021 2022 Commentaires
DRH Frais de personnel (Action 1) 31
500 € 18 250 ¢€
DSI Portail d'information 22 000 ¢€ - £ 12
000 € [reporté en 2022
DRH Valorisation temps agents (Action 2) 14 000 € 14
000 ¢€
Sous-total - Accueil 67
500 ¢€ 32 250 € 12 000 €
Montant total 67 500 € 32 250 ¢€ 12000 €
"""


def test_ocr_amounts_split_over_two_lines_are_read_whole():
    summary = summarise(OCR_SPLIT)
    assert amounts(summary, "total", "consumed", "carryover") == [
        (31500, 18250, None), (22000, 0, 12000), (14000, 14000, None)]
    assert len(summary.subtotals) == 1
    assert to_tree(summary.total)["total"] == 67500
    evidence = summary.rows[0].total.evidence
    assert evidence.text == "31\n500 €"


# --- bare numbers (no `€`) under a header that states the unit ------------------------------------

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
