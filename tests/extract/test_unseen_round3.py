"""Layouts of the third unseen-document round (`tests/unseen` h–n), each reduced to its rule.

Every text here is invented (names, numbers and amounts are made up).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.header import extract_document
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_header import avenant_text


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
