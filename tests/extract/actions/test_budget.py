"""The budget a fiche states for its year: which year, which figure (sums, expressions, split
amounts, percentages), the tables it is laid in, and other financers summed
(`extract/actions/budget.py`)."""

from __future__ import annotations

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.models import Action, DocumentBlock
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes

from ..helpers import (
    FORMS,
    action_rows,
    actions_in,
    actions_of,
    budget_figures,
    calpae_json,
    fiche,
    forms,
    plain,
    without_blank_lines,
)


def budget_of(action: Action) -> dict:
    budget = action.budget
    assert budget is not None
    return {k: getattr(budget, k).value if getattr(budget, k) else None
            for k in ("year", "state", "territory", "other", "total")}


# --- the figure a label gives ---------------------------------------------------------------------

def test_stated_results_expressions_and_carryovers() -> None:
    text = fiche("Action 1 : un parcours", "222 196 € + (376 942 € report) = 599 138", "1 000",
                 "2 000")
    text += fiche("Action 2 : une aide", "65 000 € + (37 500 € report 2020)", "1 000", "2 000")
    text += fiche("Action 3 : un guide", "50 000 € (dont 25 000 € de report)", "1", "2")
    got = [plain(a)["budget"]["state"] for a in actions_of(text)]
    assert got == [599138, 65000, 50000]


def test_a_figure_for_another_year_or_shared_with_another_fiche_is_not_read() -> None:
    text = fiche("Action 1 : accueil", "1 000", "1 000", "2 000").replace(
        "Part Etat = 1 000 €", "Part Etat 2019 : 1 000 €").replace(
        "Part CD = 1 000 €",
        "La participation de l'État partagée entre les fiches 1 et 2 sera de 110 000 €")
    budget = plain(actions_of(text)[0])["budget"]
    assert (budget["state"], budget["territory"], budget["total"]) == (None, None, 2000)


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


def test_a_share_in_percent_before_the_amount() -> None:
    text = SPLIT_AMOUNTS.replace("Part Etat = 14\n500 ¢€", "Part Etat : 50 % soit 14 500 €")
    [action] = actions_of(text)
    assert budget_of(action)["state"] == 14500


ONE_SENTENCE = """ACTIONS A L'INITIATIVE DU DEPARTEMENT

ACTION 4 : LEVER LES FREINS A LA MOBILITE

Description de l'action :
Des aides au permis de conduire et des garages solidaires.

Partenaires :
Auto-écoles sociales

Budget :
Coût total : 46 000 € dont État : 20 000 € et Département : 26 000 €.

Indicateurs :
Nombre de permis obtenus

ACTION 5 : SOUTENIR L'ACCES AUX DROITS

Description de l'action :
Des permanences d'accès aux droits.

Budget :
Le coût total de l'action s'élève à 30 000 €, dont 15 000 € de l'État et 15 000 € du
Département.

Indicateurs :
Nombre de permanences
"""


@pytest.mark.parametrize("form", FORMS)
def test_budget_stated_in_one_sentence(form: str) -> None:
    source = forms(ONE_SENTENCE, "fiches.txt")[form]
    got = action_rows(actions_in(source, 2021))
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("4", "initiative", "LEVER LES FREINS A LA MOBILITE"),
        ("5", "initiative", "SOUTENIR L'ACCES AUX DROITS")]
    assert [r[3] for r in got] == [(2021, 20000, 26000, None, 46000),
                                   (2021, 15000, 15000, None, 30000)]


# --- the budget's year ----------------------------------------------------------------------------

SEVERAL_YEARS = """Fiche action 3 : Former les travailleurs sociaux

Description de l'action
Des formations à l'aller-vers.

Budget prévisionnel 2021
\t2020\t2021\t2022
Part Etat\t7 000 €\t9 000 €\t11 000 €
Part Département\t7 000 €\t9 500 €\t11 000 €
Total\t14 000 €\t18 500 €\t22 000 €

Indicateurs
Nombre d'agents formés

Fiche action 4 : Garantir l'activité des allocataires

Description de l'action
Un accompagnement global.

Budget prévisionnel 2021
Rappel 2020 : Part Etat : 30 000 € ; Part Département : 30 000 €
Part Etat 2021 : 32 000 €
Part Département 2021 : 33 000 €
Budget global 2021 : 65 000 €

Indicateurs
Nombre de personnes accompagnées
"""


@pytest.mark.parametrize("form", FORMS)
def test_the_exercise_year_is_read_among_other_years(form: str) -> None:
    source = forms(SEVERAL_YEARS, "fiches.md")[form]
    got = action_rows(actions_in(source, 2021))
    assert [r[3] for r in got] == [(2021, 9000, 9500, None, 18500),
                                   (2021, 32000, 33000, None, 65000)]


# --- budget tables --------------------------------------------------------------------------------

FINANCING_TABLE = """ENGAGEMENTS DU SOCLE

Fiche action n° 2.3 – Renforcer le premier accueil social

Contexte et objectifs
Un accueil de proximité dans chaque territoire.

Description de l'action
Former les agents des points d'accueil.

Partenaires
CCAS, associations

Budget prévisionnel 2021
| Financement | Montant |
|---|---|
| Etat | 10 000 € |
| Département | 12 000 € |
| Total | 22 000 € |

Indicateurs
Nombre de personnes accueillies

Fiche action n° 2.4 – Coordonner les référents de parcours

Description de l'action
Un référent unique pour chaque personne.

Budget prévisionnel 2021
| Financement | Montant |
|---|---|
| Etat | 8 500,50 € |
| Département | 9 000 € |
| CAF | 1 500 € |
| Total | 19 000,50 € |

Indicateurs
Nombre de référents formés
"""


@pytest.mark.parametrize("form", FORMS)
def test_fiche_action_with_a_financing_table(form: str) -> None:
    source = forms(FINANCING_TABLE, "fiches.md")[form]
    assert action_rows(actions_in(source, 2021)) == [
        ("2.3", "socle", "Renforcer le premier accueil social",
         (2021, 10000, 12000, None, 22000)),
        ("2.4", "socle", "Coordonner les référents de parcours",
         (2021, 8500.5, 9000, 1500, 19000.5)),
    ]


MARKDOWN_FICHES = """# ANNEXE A : ENGAGEMENTS SOCLES

## FICHE 1

Mesure : Insertion des allocataires

3.1 Orienter les allocataires

Intitulé de l'action : évaluer l'orientation des allocataires

1. Description de l'action

Une évaluation externe.

5. Budget détaillé sur 2023 :

Le coût total du projet est de 61 850 €. Le cofinancement est le suivant :

\tBudget Département\tBudget Etat
Par année\t31 850 €\t30 000 €

6. Objectifs et progression :

Indicateur\t2023
Nombre d'orientations\t100

## FICHE 2

Mesure : Mobilité des allocataires

1. Description de l'action

Des plateformes de mobilité.

5. Budget détaillé sur 2023 :

Département\tEtat\tTotal
116 306\t83 694 + 52 000€ (territoires ruraux)\t252 000 €

6. Objectifs et progression :

# Annexe B Engagements à l'initiative du Département

## FICHE 3

Mesure : Soutien aux crèches

Budget détaillé sur 2019-2023 :

2023
Département\t150 000€
Etat\t25 000 €

Action déjà financée au titre du FAPI : oui
"""


def test_table_laid_fiches_in_markdown() -> None:
    got = [plain(a) for a in actions_of(MARKDOWN_FICHES, "fiches.md")]
    assert [(a["ref"], a["section"]) for a in got] == [
        ("1", "socle"), ("2", "socle"), ("3", "initiative")]
    assert got[0]["title"] == "évaluer l'orientation des allocataires"
    assert got[1]["title"] == "Mobilité des allocataires"
    assert got[0]["budget"] == {"year": 2023, "state": 30000, "territory": 31850, "other": None,
                                "total": 61850}
    assert got[1]["budget"] == {"year": 2023, "state": 135694, "territory": 116306,
                                "other": None, "total": 252000}
    assert got[2]["budget"] == {"year": 2023, "state": 25000, "territory": 150000,
                                "other": None, "total": None}


def test_row_labelled_table_with_other_financers_and_a_later_amendment() -> None:
    text = MARKDOWN_FICHES.replace(
        "Département\t150 000€\nEtat\t25 000 €",
        "Part départementale (BP23)\t835 580,45€\nPart FSE\t966 550,55€\nPart Etat\t855 883€\n"
        "Total\t2 658 014€\nDM 2\t+ 136 798,38 pris en charge par le Département")
    budget = plain(actions_of(text, "fiches.md")[2])["budget"]
    assert budget == {"year": 2023, "state": 855883, "territory": 835580.45,
                      "other": 966550.55, "total": 2658014}


def test_funding_detail_table_wins_over_the_project_budget() -> None:
    text = MARKDOWN_FICHES.replace(
        "Département\t150 000€\nEtat\t25 000 €",
        "Charges\n\nAchats\t8 280 €\nTOTAL\t149 956 €\n\nDétail financement CALPAE\n\n"
        "Part Département\t0€\nPart Etat (100%)\t25 000 €\nTotal\t25 000 €")
    budget = plain(actions_of(text, "fiches.md")[2])["budget"]
    assert (budget["state"], budget["territory"], budget["total"]) == (25000, 0, 25000)


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


TABLE_FICHE = (
    "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI 2023\n\n"
    "FICHE ACTION 2.3\n\n"
    "Intitulé de l'action\tAccompagner les familles\n"
    "Durée\t12 mois\n"
    "Partenaires et co-financeurs\tCAF, centres sociaux\n\n"
    "Financeur\tBudget prévisionnel 2023\n"
    "État\t40 000 €\n"
    "Département\t45 000 €\n"
    "Total\t85 000 €\n\n"
    "Indicateur\tCible 2023\n"
    "Nombre de familles accompagnées\t250\n")


def test_partner_and_indicator_rows_are_no_budget_columns_without_blank_lines():
    for text in (TABLE_FICHE, without_blank_lines(TABLE_FICHE)):
        budget = calpae_json(text, "doc.md")["actions"][0]["budget"]
        assert budget == {"year": 2023, "state": 40000, "territory": 45000, "other": None,
                          "total": 85000}


# --- other financers ------------------------------------------------------------------------------

OTHERS_FICHE = """Fiche action 3 – Insertion des allocataires du RSA
Description : plateforme d'orientation commune.
Budget 2021 :
Part Etat : 50 000 €
Part Département : 50 000 €
{others}
Coût total : {total} €
Indicateurs : délai d'orientation.
"""


def fiche_budget(others: str, total: str) -> dict:
    text = OTHERS_FICHE.format(others=others, total=total)
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
    read = fiche_budget(others, total)
    assert read["other"].value == other
    assert read["state"].value == 50000 and read["territory"].value == 50000


def test_a_summed_other_is_inferred_and_shows_its_lines() -> None:
    read = fiche_budget("FSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].status == ReadStatus.INFERRED
    assert "10 000" in read["other"].evidence.text and "5 000" in read["other"].evidence.text


def test_a_line_for_all_other_financers_wins_over_its_detail() -> None:
    read = fiche_budget("Autres financeurs : 15 000 €\nFSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].value == 15000


def test_a_financer_repeated_is_counted_once() -> None:
    read = fiche_budget("FSE : 10 000 €\nFSE : 10 000 €\nCAF : 5 000 €", "115 000")
    assert read["other"].value == 15000


def test_other_financers_columns_of_one_row_are_summed() -> None:
    text = ("## FICHE ACTION 4.1\n\nIntitulé de l'action\tAccès aux soins\n"
            "Description\tÉquipes mobiles santé-précarité\nPartenaires\tARS<br>CAF\n\n"
            "Budget prévisionnel 2023\tÉtat\tDépartement\tFSE\tCAF\tTotal\n"
            "Montant\t120 000 €\t130 000 €\t35 000 €\t15 000 €\t300 000 €\n\n"
            "Indicateur\tCible 2023\nPersonnes rencontrées\t1 200\n")
    found = actions_of(text, "fiche.md", year=2023)
    assert budget_figures(found[0]) == (120000, 130000, 50000, 300000)
