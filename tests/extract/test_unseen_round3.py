"""Layouts of the third unseen-document round (`tests/unseen` h–n), each reduced to its rule.

Every text here is invented (names, numbers and amounts are made up).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.document import extract_document
from calpae.extract.models import DocumentBlock, DocumentKind
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_header import avenant_text
from test_summary import amounts, rows, summarise


def read_text(text: str, name: str = "doc.txt"):
    return read_bytes(text.encode("utf-8"), name)


def funding_of(text: str, name: str = "doc.txt") -> dict:
    return to_tree(extract_document(read_text(text, name)).state_funding)


# --- State funding ----------------------------------------------------------------------------

REPORT_OPENING = """COMMUNAUTÉ D'EXEMPLE
Direction de l'action sociale

RAPPORT D'EXÉCUTION – EXERCICE 2022

Convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi

1. CONTEXTE

Au titre de l'exercice 2022, l'État a attribué à la collectivité une dotation de
1 234 000 €, complétée par un report de 45 600 € de crédits 2021 non consommés. La
collectivité a mobilisé un montant au moins équivalent.

2. BILAN PAR ACTION

Action 1 – Accueil de jour
Objectif : ouvrir un accueil de jour.
Crédits engagés : 10 000 €
Crédits consommés : 9 000 €
"""


def test_report_without_parties_states_funding_in_its_opening() -> None:
    assert funding_of(REPORT_OPENING) == {"amount": 1234000, "carryover": 45600, "total": None}


def test_carryover_led_by_the_clause_after_the_amount_belongs_to_the_next_amount() -> None:
    sentence = ("« Pour 2021, l'Etat alloue une dotation de 700 000 €, complétée par un report "
                "de 12 500 €. »")
    text = re.sub(r"« Au titre de l'année 2021.*?»", sentence, avenant_text(), flags=re.S)
    assert funding_of(text) == {"amount": 700000, "carryover": 12500, "total": None}


@pytest.mark.parametrize("article", [
    "Les crédits délégués en 2020 et non consommés au 31 décembre 2020, soit 31 400 €, sont "
    "reportés sur l'exercice 2021.",
    "Le reliquat des crédits non consommés en 2020 fait l'objet d'un report sur 2021 pour un "
    "montant de 31 400 €.",
])
def test_carryover_stated_in_an_article_of_its_own(article: str) -> None:
    text = avenant_text(funding="1 000 000 €").replace(
        "ARTICLE 2\n", f"ARTICLE 2 – Report des crédits 2020\n\n{article}\n\nARTICLE 3\n")
    assert funding_of(text) == {"amount": 1000000, "carryover": 31400, "total": None}


def test_no_carryover_without_a_carryover_sentence() -> None:
    assert funding_of(avenant_text(funding="1 000 000 €"))["carryover"] is None


# --- fiches: the initiative section, a part stated in a cell, the first fiche ------------------

def actions_of(text: str, name: str = "doc.md", year: int = 2020) -> list[tuple]:
    source = read_text(text, name)
    found = extract_actions(source, DocumentBlock(exercise_year=Extracted(year)))
    return [(a.ref.value, a.section.value, to_tree(a.budget)["state"] if a.budget else None)
            for a in found]


def two_fiches(part_heading: str) -> str:
    return f"""Rapport d'exécution 2020

2.1 Engagements du socle

Action 1.1 – Accueil de jour
Objectif : ouvrir un accueil de jour.
Financement 2020 : Etat 10 000 € ; Département 10 000 € ; coût total 20 000 €
Crédits engagés : 10 000 €

{part_heading}

Action 2.1 – Jardins partagés
Objectif : créer deux jardins.
Financement 2020 : Etat 7 000 € ; Département 7 000 € ; coût total 14 000 €
Crédits engagés : 7 000 €
"""


@pytest.mark.parametrize("heading", [
    "2.2 Initiatives de la Métropole", "Les initiatives du territoire",
    "2.2 Actions d'initiative locale", "Mesures à l'initiative de la collectivité",
    "B. Initiatives des communes partenaires",
])
def test_initiative_section_headings(heading: str) -> None:
    assert actions_of(two_fiches(heading), "doc.txt") == [
        ("1.1", "socle", 10000), ("2.1", "initiative", 7000)]


def test_a_title_mentioning_initiatives_inside_is_no_section_heading() -> None:
    text = two_fiches("Soutenir les initiatives des habitants")
    assert [a[1] for a in actions_of(text, "doc.txt")] == ["socle", "socle"]


TYPED_FICHES = """# Convention 2020

## Annexe 1 – Fiches actions

### Fiche n°1 – Accueil de jour

| Rubrique | Contenu |
|---|---|
| Type | Socle |
| Description | Ouverture d'un accueil de jour |
| Crédits Etat 2020 | 10 000 € |
| Coût total 2020 | 20 000 € |

### Fiche n°2 – Jardins partagés

| Rubrique | Contenu |
|---|---|
| Type | Initiative |
| Description | Deux jardins partagés |
| Crédits Etat 2020 | 7 000 € |
| Coût total 2020 | 14 000 € |

### Fiche n°3 – Maraudes

| Rubrique | Contenu |
|---|---|
| Type | Socle |
| Description | Maraudes mixtes |
| Crédits Etat 2020 | 5 000 € |
| Coût total 2020 | 10 000 € |
"""


def test_type_cell_sets_the_section_and_the_first_fiche_is_kept() -> None:
    assert actions_of(TYPED_FICHES) == [
        ("1", "socle", 10000), ("2", "initiative", 7000), ("3", "socle", 5000)]


AXES = """## ANNEXE 1 – FICHES ACTIONS 2020

### AXE 1 – Prévenir la pauvreté des enfants

#### Action 1.1.1 – Accueil de jour

**Engagement :** socle

**Description :** {description}

**Coût total :** 20 000 €

**Financement Etat :** 10 000 €

#### Action 1.1.2 – Former les professionnels

**Engagement :** socle

**Coût total :** 8 000 €

**Financement Etat :** 4 000 €

### AXE 2 – Initiatives départementales

#### Action 2.1.1 – Jardins partagés

**Engagement :** initiative départementale

**Description :** deux jardins.

**Coût total :** 14 000 €

**Financement Etat :** 7 000 €
""".replace("{description}", "ouverture d'un accueil de jour dans chacune des quatre maisons du "
            "Département, avec un partenariat renforcé avec les centres communaux d'action "
            "sociale du territoire.")  # one line longer than a label line


def test_first_fiche_after_an_axis_heading_and_an_engagement_line() -> None:
    assert actions_of(AXES) == [
        ("1.1.1", "socle", 10000), ("1.1.2", "socle", 4000), ("2.1.1", "initiative", 7000)]


# --- convention period on a line of its own ----------------------------------------------------

@pytest.mark.parametrize("years", ["2019 – 2021", "2019 à 2021", "de 2019 à 2021", "2019/2021",
                                   "(2019-2021)"])
def test_period_alone_on_a_title_line(years: str) -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        f"CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\nET D'ACCÈS À L'EMPLOI\n{years}")
    assert extract_document(read_text(text)).convention_period.value == [2019, 2021]


def test_years_alone_on_a_line_far_from_the_contract_name_are_no_period() -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI\n\n"
        "Direction de la solidarité, service de l'insertion et de l'emploi des publics, "
        "unité de la programmation budgétaire pluriannuelle du département\n2019 – 2021")
    assert extract_document(read_text(text)).convention_period is None


# --- financial tables: plain zero cells, labels led by their action number ---------------------

ZERO_CELLS = """## Tableau financier 2020 (en euros)

| Action | Intitulé | Coût total | Etat 2020 | Report 2019 | Département | Autres financeurs |
|---|---|---|---|---|---|---|
| 1.1 | Accueil de jour | 20 000 | 10 000 | 0 | 10 000 | 0 |
| 1.2 | Jardins partagés | 15 000 | 7 000 | 1 000 | 7 000 | 1 000 |
| | **TOTAL** | **35 000** | **17 000** | **1 000** | **17 000** | **1 000** |
"""


def test_plain_zero_cells_of_a_markdown_table_are_zero() -> None:
    summary = summarise(ZERO_CELLS, "doc.md")
    assert amounts(summary, "total", "state", "carryover", "territory", "other") == [
        (20000, 10000, 0, 10000, 0), (15000, 7000, 1000, 7000, 1000)]


LED_LABELS = """ANNEXE 2 – MAQUETTE FINANCIÈRE 2020
Partie\tAction\tBudget global\tEtat\tDépartement
Socle\tAction 1 – Accueil de jour\t20 000 €\t10 000 €\t10 000 €
Socle\tFiche n°2 : Jardins partagés\t14 000 €\t7 000 €\t7 000 €
Socle\tAide aux familles (Action 3)\t8 000 €\t4 000 €\t4 000 €
Total\t\t42 000 €\t21 000 €\t21 000 €
"""


def test_a_label_cell_led_by_its_action_number_keeps_only_the_label() -> None:
    found = rows(summarise(LED_LABELS))
    assert [(r["label"], r["total"]) for r in found] == [
        ("Accueil de jour", 20000), ("Jardins partagés", 14000),
        ("Aide aux familles (Action 3)", 8000)]


# --- parties -----------------------------------------------------------------------------------

@pytest.mark.parametrize("between", ["\n\nEt\n\n", "\n\net :\n\n", "\n**et**\n"])
def test_state_title_ends_before_the_next_party_line(between: str) -> None:
    text = avenant_text().replace(
        ", et désigné ci-après par les termes « le Préfet\n», d'une part,\n\nEt\n\n", "," + between
    ).replace(", et désigné ci-après par\nles termes « le Département », d'autre part,",
              ", dûment habilité à cet effet,")  # the next clause's end is no end of this one
    assert "désigné" not in text
    block = extract_document(read_text(text))
    assert to_tree(block.state_signatory) == {"name": "Jeanne DURAND",
                                              "title": "Préfète de la Gironde"}
    assert to_tree(block.territory_signatory)["name"] == "Paul MARTIN"


# --- execution reports: a carryover asked for, execution tables by column ---------------------

def test_a_carryover_asked_for_the_next_year_is_no_carryover_received() -> None:
    text = REPORT_OPENING.replace(
        ", complétée par un report de 45 600 € de crédits 2021 non consommés",
        ". Les crédits non consommés au 31 décembre 2022, soit 45 600 €, font l'objet d'une "
        "demande de report sur l'exercice 2023")
    assert funding_of(text) == {"amount": 1234000, "carryover": None, "total": None}


REPORT_FICHES = """# Rapport d'exécution 2019

## Volet 1 – Engagements socles

### Action n°1 : Accueil de jour

**Objectif :** ouvrir un accueil de jour.

**Financement prévu :** Part État 10 000 € – Part Département 12 000 € – FSE 3 000 €

**Exécution au 31 décembre 2019**

| Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|
| 25 000 € | 20 000 € | 16 500 € | 0 € |

### Action n°2 : Jardins partagés

**Objectif :** deux jardins.

**Financement prévu :** Part État 7 000 € – Part Département 7 000 €

**Exécution au 31 décembre 2019**

| Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|
| 14 000 € | 9 000 € | 8 000 € | 3 000 € |

# Annexe – Tableau d'exécution financière 2019

| Fiche | Intitulé | Montant prévu | Engagé | Mandaté | Report sollicité |
|---|---|---|---|---|---|
| 1 | Accueil de jour | 25 000 € | 20 000 € | 16 500 € | 0 € |
| 2 | Jardins partagés | 14 000 € | 9 000 € | 8 000 € | 3 000 € |
| **TOTAL** | | **39 000 €** | **29 000 €** | **24 500 €** | **3 000 €** |
"""


def _report_actions() -> list:
    source = read_text(REPORT_FICHES, "doc.md")
    document = DocumentBlock(exercise_year=Extracted(2019),
                             kind=Extracted(DocumentKind.EXECUTION_REPORT))
    return extract_actions(source, document)


def test_execution_table_titled_by_column_and_its_planned_total() -> None:
    found = [(to_tree(a.budget), to_tree(a.execution)) for a in _report_actions()]
    assert found == [
        ({"year": 2019, "state": 10000, "territory": 12000, "other": 3000, "total": 25000},
         {"engaged": 20000, "consumed": 16500, "carryover_requested": 0}),
        ({"year": 2019, "state": 7000, "territory": 7000, "other": None, "total": 14000},
         {"engaged": 9000, "consumed": 8000, "carryover_requested": 3000})]


def test_mandate_column_of_a_report_annex_is_the_consumed_amount() -> None:
    summary = summarise(REPORT_FICHES, "doc.md", year=2019)
    assert amounts(summary, "total", "consumed", "carryover") == [
        (25000, 16500, 0), (14000, 8000, 3000)]
    assert (summary.total.total.value, summary.total.consumed.value) == (39000, 24500)
