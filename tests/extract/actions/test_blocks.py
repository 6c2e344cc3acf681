"""Where fiches start and end: their headings, refs, sections and titles, and lines that open no
fiche (`extract/actions/blocks.py`)."""

from __future__ import annotations

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.models import DocumentBlock
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes

from ..helpers import FORMS, action_rows, actions_in, actions_of, fiche, forms, plain

# --- headings, refs and titles --------------------------------------------------------------------

def test_numbered_action_headings_with_sentence_budgets() -> None:
    text = "\n".join([
        "ARTICLE 1",
        "- L'action 2.1 : une action citée dans les articles",
        "",
        "ENGAGEMENTS SOCLE",
        fiche("Action 2.1 : soutenir les jeunes majeurs", "10 000", "12 500", "22 500"),
        fiche("Action 3 : référent de parcours", "7 000", "7 000", "14 000"),
    ])
    got = [plain(a) for a in actions_of(text)]
    assert [a["ref"] for a in got] == ["2.1", "3"]
    assert got[0]["title"] == "soutenir les jeunes majeurs"
    assert got[0]["section"] == "socle"
    assert got[0]["budget"] == {"year": 2021, "state": 10000, "territory": 12500, "other": None,
                                "total": 22500}
    assert got[1]["budget"]["total"] == 14000


def test_upper_cased_headings_and_wrapped_titles() -> None:
    text = fiche("ACTION 5 : LA GARANTIE D'ACTIVITÉ POUR LES\n\nallocataires du RSA", "5 000",
                 "5 000", "10 000")
    got = [plain(a) for a in actions_of(text)]
    assert got[0]["ref"] == "5"
    assert got[0]["title"] == "LA GARANTIE D'ACTIVITÉ POUR LES allocataires du RSA"


OTHER_NUMBERING = """AXE II - ACTIONS DU SOCLE

Action II.1 : Accueil social inconditionnel

Description de l'action
Un accueil sans rendez-vous.

Budget
Part Etat : 3 000 €
Part Département : 3 000 €

Indicateurs
Nombre de personnes accueillies

Action 2-2 : Référent de parcours

Description de l'action
Un référent désigné pour chaque parcours.

Budget
Part Etat : 4 000 €
Part Département : 4 500 €

Indicateurs
Nombre de référents
"""


@pytest.mark.parametrize("form", FORMS)
def test_hyphen_and_roman_numbering(form: str) -> None:
    source = forms(OTHER_NUMBERING, "fiches.txt")[form]
    got = action_rows(actions_in(source, 2021))
    assert [(r[0], r[2]) for r in got] == [("II.1", "Accueil social inconditionnel"),
                                           ("2-2", "Référent de parcours")]
    assert [r[3][1:3] for r in got] == [(3000, 3000), (4000, 4500)]


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


def test_fiche_number_given_in_a_table_cell() -> None:
    text = "\n".join([
        "N° de la fiche\t7", "Intitulé de l'action\tMaraudes mixtes",
        "Durée de l'action\tUn an", "Partenaires\tAssociations", "",
        "Budget Etat\tBudget Département", "20 000 €\t25 000 €", "",
        "N° de la fiche\t8", "Intitulé de l'action\tPrévention spécialisée",
        "Durée de l'action\tDeux ans", "Partenaires\tClubs", "",
    ])
    got = [plain(a) for a in actions_of(text, "fiches.md")]
    assert [(a["ref"], a["title"]) for a in got] == [
        ("7", "Maraudes mixtes"), ("8", "Prévention spécialisée")]
    assert got[0]["budget"]["state"] == 20000 and got[0]["budget"]["territory"] == 25000


def test_a_bare_fiche_heading_with_its_title_on_the_next_line() -> None:
    text = "\n".join([
        "FICHE ACTION N°3", "Accompagner les jeunes majeurs vers le logement", "",
        "Description de l'action", "Un accompagnement.", "",
        "Budget", "Part Etat : 2 000 €", "Part Département : 2 000 €", "",
        "FICHE ACTION N°4", "STRATEGIE PAUVRETE 2019-2021", "",
        "Description de l'action", "Un autre accompagnement.", "",
        "Budget", "Part Etat : 1 000 €", "",
    ])
    got = action_rows(actions_in(read_bytes(text.encode(), "fiches.txt"), 2021))
    assert [(r[0], r[2]) for r in got] == [
        ("3", "Accompagner les jeunes majeurs vers le logement"), ("4", None)]


def test_headings_moved_inside_their_fiche_keep_their_budget() -> None:
    # A text layer put each heading after its fiche's budget: the labels still say which is which.
    first = fiche("", "11 000", "11 000", "22 000").replace(
        "Action déjà financée", "Action 1.1 : la première action\n\nAction déjà financée")
    second = fiche("", "33 000", "33 000", "66 000").replace(
        "Action déjà financée", "Action 1.2 : la deuxième action\n\nAction déjà financée")
    got = [plain(a) for a in actions_of(first + second)]
    assert [(a["ref"], a["budget"]["state"]) for a in got] == [("1.1", 11000), ("1.2", 33000)]
    assert got[1]["title"] == "la deuxième action"


def test_table_of_contents_and_recap_rows_are_not_fiches() -> None:
    text = "\n".join([
        "SOMMAIRE",
        "Action 1 : premier accueil ........ 4",
        "Action 2 : référent ........ 6",
        "",
        fiche("Action 1 : premier accueil", "1 000", "1 000", "2 000"),
        "MAQUETTE FINANCIERE",
        "Action 1 Premier accueil 2 000 € 1 000 € 1 000 €",
        "Action 2",
        "Référent 3 000 € 1 500 € 1 500 €",
    ])
    assert [plain(a)["ref"] for a in actions_of(text)] == ["1"]


# --- sections -------------------------------------------------------------------------------------

def test_fiche_action_headings_state_their_own_section_only() -> None:
    text = "\n".join([
        "FICHE ACTION N°2 - INITIATIVES DU DEPARTEMENT", "",
        "Intitulé action\tDéployer une plateforme", "Durée de l'action\t2021",
        "Partenaires et co-financeurs\tDépartement et État", "",
        "FICHE ACTION N°3", "",
        "Intitulé action\tFormer les travailleurs sociaux", "Durée de l'action\t2021",
        "Partenaires et co-financeurs\tDépartement", "",
    ])
    got = [plain(a) for a in actions_of(text, "fiches.md")]
    assert [(a["ref"], a["section"], a["title"]) for a in got] == [
        ("2", "initiative", "Déployer une plateforme"),
        ("3", "socle", "Former les travailleurs sociaux")]


def refs_sections_and_states(text: str, name: str = "doc.md", year: int = 2020) -> list[tuple]:
    return [(a.ref.value, a.section.value, to_tree(a.budget)["state"] if a.budget else None)
            for a in actions_of(text, name, year=year)]


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
    assert refs_sections_and_states(two_fiches(heading), "doc.txt") == [
        ("1.1", "socle", 10000), ("2.1", "initiative", 7000)]


def test_a_title_mentioning_initiatives_inside_is_no_section_heading() -> None:
    text = two_fiches("Soutenir les initiatives des habitants")
    assert [a[1] for a in refs_sections_and_states(text, "doc.txt")] == ["socle", "socle"]


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
    assert refs_sections_and_states(TYPED_FICHES) == [
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
    assert refs_sections_and_states(AXES) == [
        ("1.1.1", "socle", 10000), ("1.1.2", "socle", 4000), ("2.1.1", "initiative", 7000)]
