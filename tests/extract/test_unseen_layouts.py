"""Layouts found by the unseen-document bench (`tests/unseen`), each reduced to its rule.

Every text here is invented (labels, numbers and amounts are made up).
"""

from __future__ import annotations

import sys
from pathlib import Path

from calpae.extract.actions import extract_actions
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_summary import action, amounts, rows, summarise

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


def test_fiche_heading_with_a_dotted_number_and_no_separator() -> None:
    text = """Fiche action 3.1 Orienter les allocataires du RSA
Description : orientation en moins d'un mois.
Partenaires : Pôle emploi
Budget 2021
Etat : 5 000 €
Département : 5 000 €
Total : 10 000 €
Fiche action 3.2 Lever les freins de mobilité
Description : location de véhicules.
Partenaires : associations
Budget 2021
Etat : 2 000 €
Département : 2 000 €
Total : 4 000 €
"""
    source = read_bytes(text.encode("utf-8"), "fiches.txt")
    found = extract_actions(source, DocumentBlock(exercise_year=Extracted(2021)))
    assert [(a.ref.value, a.title.value) for a in found] == [
        ("3.1", "Orienter les allocataires du RSA"), ("3.2", "Lever les freins de mobilité")]
