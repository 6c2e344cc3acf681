"""Which action each line of the recapitulative table belongs to: its printed number, its label,
the initiatives' `I-` prefix (`extract/summary/refs.py`)."""

from __future__ import annotations

import pytest

from ..helpers import action, amounts, rows, summarise


def test_label_matches_an_action_title():
    text = ("Tableau des engagements\n\n"
            "Action\tMontant prévisionnel (CD)\tMontant\n"
            "Crèches à vocation d'insertion\t7 000€\t3 000\n"
            "Garage solidaire\t2 000€\t1 500\n")
    actions = [action("12", "Soutien aux crèches à vocation d'insertion professionnelle"),
               action("13", "Ouverture d'un garage solidaire"),
               action("14", "Autre chose")]
    summary = summarise(text, "doc.md", actions=actions)
    assert [r["action_ref"] for r in rows(summary)] == ["12", "13"]


def test_restarting_numbers_are_not_action_refs():
    text = ("Tableau financier\n\n"
            "N°\tIntitulé\tBudget global\tParticipation Etat\n"
            "1\tLigne a\t10 €\t5 €\n"
            "2\tLigne b\t20 €\t10 €\n"
            "1\tLigne c\t30 €\t15 €\n")
    assert [r["action_ref"] for r in rows(summarise(text, "doc.md"))] == [None, None, None]


REF_CELLS = """Maquette financière 2021

Action\tIntitulé\tBudget global\tPart Etat\tPart Département
{a}\tAide aux jeunes majeurs\t10 000 €\t5 000 €\t5 000 €
{b}\tAccueil de proximité\t8 000 €\t4 000 €\t4 000 €
{c}\tRéférents de parcours\t6 000 €\t3 000 €\t3 000 €
TOTAL\t\t24 000 €\t12 000 €\t12 000 €
"""


@pytest.mark.parametrize(("printed", "refs"), [
    (("Action II.1", "Action II.2", "Action III.1"), ["II.1", "II.2", "III.1"]),
    (("Action 2-1", "Action 2-2", "Action 3-1"), ["2-1", "2-2", "3-1"]),
    (("Fiche 1", "Fiche 2", "Fiche 3"), ["1", "2", "3"]),
    (("FA 4", "FA 5", "FA 6"), ["4", "5", "6"]),
    (("n°5", "n°6", "n°7"), ["5", "6", "7"]),
])
def test_cell_ref_column_forms(printed, refs):
    text = REF_CELLS.format(a=printed[0], b=printed[1], c=printed[2])
    summary = summarise(text, "doc.md")
    assert [r["action_ref"] for r in rows(summary)] == refs
    assert rows(summary)[0]["label"] == "Aide aux jeunes majeurs"


REF_FLAT = """TABLEAU FINANCIER RECAPITULATIF
N° Intitulé Budget global Part Etat Part CD
{a} Aide aux jeunes majeurs 10 000 € 5 000 € 5 000 €
{b} Accueil de proximité 8 000 € 4 000 € 4 000 €
{c} Référents de parcours 6 000 € 3 000 € 3 000 €
Initiatives départementales
{d} Garage solidaire 2 000 € 1 000 € 1 000 €
TOTAL 26 000 € 13 000 € 13 000 €
"""


@pytest.mark.parametrize(("printed", "refs"), [
    (("Action II.1", "Action II.2", "Action III.1", "Action II.1"),
     ["II.1", "II.2", "III.1", "I-II.1"]),
    (("Action 2-1", "Action 2-2", "Action 3-1", "Action 1"), ["2-1", "2-2", "3-1", "1"]),
    (("Fiche 1", "Fiche 2", "Fiche 3", "Fiche 1"), ["1", "2", "3", "I-1"]),
    (("FA 4", "FA 5", "FA 6", "FA 1"), ["4", "5", "6", "1"]),
    (("n°1.1", "n°1.2", "n°2", "n°2"), ["1.1", "1.2", "2", "I-2"]),
    (("1.1", "1.2", "2.1", "1"), ["1.1", "1.2", "2.1", "1"]),
])
def test_flattened_ref_forms_and_initiative_prefix(printed, refs):
    text = REF_FLAT.format(a=printed[0], b=printed[1], c=printed[2], d=printed[3])
    summary = summarise(text)
    assert [r["action_ref"] for r in rows(summary)] == refs
    assert [r["label"] for r in rows(summary)][1] == "Accueil de proximité"
    assert amounts(summary, "state")[3] == (1000,)


def test_initiative_prefix_follows_the_fiches_refs():
    """With fiches read, the table's initiative numbers take the refs the fiches have."""
    text = REF_FLAT.format(a="Fiche 1", b="Fiche 2", c="Fiche 3", d="Fiche 1")
    fiches = [action("1", "Aide aux jeunes majeurs"), action("2", "Accueil de proximité"),
              action("3", "Référents de parcours"),
              action("I-1", "Garage solidaire", "initiative")]
    summary = summarise(text, actions=fiches)
    assert [r["action_ref"] for r in rows(summary)] == ["1", "2", "3", "I-1"]
