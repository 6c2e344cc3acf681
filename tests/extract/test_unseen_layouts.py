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


def _fiches(text: str, year: int, name: str = "fiches.txt"):
    source = read_bytes(text.encode("utf-8"), name)
    return extract_actions(source, DocumentBlock(exercise_year=Extracted(year)))


def _budget(a) -> tuple:
    b = a.budget
    return tuple(None if getattr(b, k) is None else getattr(b, k).value
                 for k in ("state", "territory", "other", "total"))


def test_flattened_budget_row_without_its_empty_other_financers_cell() -> None:
    text = """Fiche action 1.2 Maraudes mixtes
Description : deux binômes en soirée.
Partenaires : SIAO
Budget 2021
Etat Département Autres financeurs Total
45 000 € 45 000 € 90 000 €
Indicateurs : familles rencontrées.
Fiche action 1.3 Prévention spécialisée
Description : éducateurs de rue.
Partenaires : associations
Budget 2021
Etat Département Autres financeurs Total
45 000 € 40 000 € 90 000 €
Indicateurs : jeunes rencontrés.
"""
    found = _fiches(text, 2021)
    assert _budget(found[0]) == (45000, 45000, None, 90000)
    # the parts do not add up to the last amount: which cell is empty is not known
    assert _budget(found[1]) == (None, None, None, None)


def test_other_financers_columns_of_one_row_are_summed() -> None:
    text = ("## FICHE ACTION 4.1\n\nIntitulé de l'action\tAccès aux soins\n"
            "Description\tÉquipes mobiles santé-précarité\nPartenaires\tARS<br>CAF\n\n"
            "Budget prévisionnel 2023\tÉtat\tDépartement\tFSE\tCAF\tTotal\n"
            "Montant\t120 000 €\t130 000 €\t35 000 €\t15 000 €\t300 000 €\n\n"
            "Indicateur\tCible 2023\nPersonnes rencontrées\t1 200\n")
    found = _fiches(text, 2023, "fiche.md")
    assert _budget(found[0]) == (120000, 130000, 50000, 300000)


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
