"""Fiche layouts no seed uses, as other territories write them, in text, Markdown, PDF and DOCX.

Every fixture is invented: numbers, titles and amounts are made up; each layout is read from
its plain form and from the forms the readers produce out of a native PDF and a DOCX.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from calpae.extract.actions import extract_actions
from calpae.extract.models import Action, DocumentBlock
from calpae.model import Extracted, SourceDocument
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders

from builders import docx_bytes, pdf_bytes


def actions_in(source: SourceDocument, year: int | None = None) -> list[Action]:
    document = DocumentBlock(exercise_year=Extracted(year) if year else None)
    return extract_actions(source, document)


def rows(actions: list[Action]) -> list[tuple]:
    def value(x):
        return x.value if x is not None else None

    out = []
    for a in actions:
        b = a.budget
        budget = None if b is None else tuple(
            value(getattr(b, k)) for k in ("year", "state", "territory", "other", "total"))
        out.append((value(a.ref), value(a.section), value(a.title), budget))
    return out


def forms(text: str, name: str) -> dict[str, SourceDocument]:
    """The layout as read from its own text and from a native PDF and a DOCX built from it."""
    plain = read_bytes(text.encode("utf-8"), name)
    stem = name.rsplit(".", 1)[0]
    return {
        "text": plain,
        "pdf": read_bytes(pdf_bytes(plain), f"{stem}.pdf"),
        "docx": read_bytes(docx_bytes(plain), f"{stem}.docx"),
    }


FORMS = ("text", "pdf", "docx")

# --- "Fiche action n° 2.3 – Titre" with a two-column financing table -------------------------

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
    assert rows(actions_in(source, 2021)) == [
        ("2.3", "socle", "Renforcer le premier accueil social",
         (2021, 10000, 12000, None, 22000)),
        ("2.4", "socle", "Coordonner les référents de parcours",
         (2021, 8500.5, 9000, 1500, 19000.5)),
    ]


# --- "ACTION 4 : TITRE" and the budget in one sentence ---------------------------------------

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
    got = rows(actions_in(source, 2021))
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("4", "initiative", "LEVER LES FREINS A LA MOBILITE"),
        ("5", "initiative", "SOUTENIR L'ACCES AUX DROITS")]
    assert [r[3] for r in got] == [(2021, 20000, 26000, None, 46000),
                                   (2021, 15000, 15000, None, 30000)]


# --- a métropole's fiches --------------------------------------------------------------------

METROPOLE = """CONVENTION D'APPUI A LA LUTTE CONTRE LA PAUVRETE - METROPOLE

Mesures du socle

Fiche action 1 : Prévenir les sorties sèches de l'aide sociale à l'enfance

Description de l'action
Un accompagnement des jeunes majeurs.

Durée de l'action
Un an

Budget 2021
Part Etat : 40 000 €
Part Métropole : 45 000 €
Budget total : 85 000 €

Indicateurs
Nombre de jeunes accompagnés

Fiche action 2 : Maraudes mixtes

Description de l'action
Des maraudes associant l'État et la Métropole.

Budget 2021
Etat\tMétropole\tFSE\tTotal
5 000 €\t5 000 €\t2 000 €\t12 000 €

Indicateurs
Nombre de maraudes
"""


@pytest.mark.parametrize("form", FORMS)
def test_metropole_fiches(form: str) -> None:
    source = forms(METROPOLE, "fiches.md")[form]
    got = rows(actions_in(source, 2021))
    assert [r[0] for r in got] == ["1", "2"]
    assert [r[3] for r in got] == [(2021, 40000, 45000, None, 85000),
                                   (2021, 5000, 5000, 2000, 12000)]


# --- a budget printed for several years -------------------------------------------------------

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
    got = rows(actions_in(source, 2021))
    assert [r[3] for r in got] == [(2021, 9000, 9500, None, 18500),
                                   (2021, 32000, 33000, None, 65000)]


# --- numbering with hyphens and Roman numerals ----------------------------------------------

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
    got = rows(actions_in(source, 2021))
    assert [(r[0], r[2]) for r in got] == [("II.1", "Accueil social inconditionnel"),
                                           ("2-2", "Référent de parcours")]
    assert [r[3][1:3] for r in got] == [(3000, 3000), (4000, 4500)]


# --- the seeds as native PDF and DOCX -----------------------------------------------------


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_seed_fiches_read_from_pdf_and_docx_score_as_their_text(prefix: str, fmt: str) -> None:
    from builders import seed
    from builders.compare import f1_against_gold
    from calpae.readers import read_file

    path = seed(prefix)
    text_version = read_file(path)
    build = pdf_bytes if fmt == "pdf" else docx_bytes
    converted = read_bytes(build(text_version), f"{path.stem}.{fmt}")
    only = ("actions",)
    assert f1_against_gold(converted, path.stem, only) >= (
        f1_against_gold(text_version, path.stem, only) - 0.02)


def test_an_intitule_wrapped_onto_the_next_line_as_pdf_text_layers_do() -> None:
    text = "\n".join([
        "FICHE 2", "Mesure : Insertion",
        "Intitulé de l'action : Mettre en place un parcours renforcé vers l'emploi pour les",
        "allocataires les plus éloignés du marché du travail",
        "1. Description de l'action", "Un parcours.",
        "2. Budget", "Part Etat : 1 000 €", "Part Département : 1 000 €",
        "3. Indicateurs", "Nombre de parcours",
    ])
    [action] = actions_in(read_bytes(text.encode(), "fiche.txt"))
    assert action.title is not None and action.title.value == (
        "Mettre en place un parcours renforcé vers l'emploi pour les allocataires les plus "
        "éloignés du marché du travail")


# --- budget tables flattened by a text layer ----------------------------------------------

FLAT_HEAD = """Fiche action n° 6 : Développer les maraudes mixtes

Description de l'action
Des maraudes de nuit.

Budget prévisionnel 2021
"""
FLAT_TAIL = """
Indicateurs
Nombre de maraudes
"""
FLATTENED = {
    # one line per row, cells joined by spaces (an unruled table read from a PDF)
    "rows": "Financement Montant\nEtat 6 000 €\nDépartement 7 500 €\nTotal 13 500 €\n",
    # one line per cell
    "cells": "Financement\nMontant\nEtat\n6 000 €\nDépartement\n7 500 €\nTotal\n13 500 €\n",
    # the header row on one line, the amounts on the next
    "columns": "Part Etat Part Département Budget global\n6 000 € 7 500 € 13 500 €\n",
    # each column's cells one under the other
    "stacked": "Part Etat\nPart Département\nBudget global\n6 000 €\n7 500 €\n13 500 €\n",
}


@pytest.mark.parametrize("layout", sorted(FLATTENED))
def test_budget_tables_flattened_by_a_text_layer(layout: str) -> None:
    text = FLAT_HEAD + FLATTENED[layout] + FLAT_TAIL
    [action] = actions_in(read_bytes(text.encode(), "fiche.txt"), 2021)
    assert rows([action])[0][3] == (2021, 6000, 7500, None, 13500)


def _unruled_pdf() -> bytes:
    """A fiche whose budget table is drawn as text in two columns, without rules."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.setFont("Helvetica", 11)
    y = 780
    for line in FLAT_HEAD.splitlines():
        c.drawString(60, y, line)
        y -= 16
    for label, amount in (("Financement", "Montant"), ("Etat", "6 000 €"),
                          ("Département", "7 500 €"), ("Total", "13 500 €")):
        c.drawString(60, y, label)
        c.drawRightString(400, y, amount)
        y -= 16
    for line in FLAT_TAIL.splitlines():
        c.drawString(60, y, line)
        y -= 16
    c.showPage()
    c.save()
    return out.getvalue()


def test_an_unruled_budget_table_in_a_native_pdf() -> None:
    source = read_bytes(_unruled_pdf(), "fiche.pdf")
    [action] = actions_in(source, 2021)
    assert rows([action])[0][3] == (2021, 6000, 7500, None, 13500)
    assert action.budget is not None and action.budget.state is not None
    evidence = action.budget.state.evidence
    assert evidence is not None and evidence.bbox is not None and evidence.page == 1


def test_a_bare_fiche_heading_with_its_title_on_the_next_line() -> None:
    text = "\n".join([
        "FICHE ACTION N°3", "Accompagner les jeunes majeurs vers le logement", "",
        "Description de l'action", "Un accompagnement.", "",
        "Budget", "Part Etat : 2 000 €", "Part Département : 2 000 €", "",
        "FICHE ACTION N°4", "STRATEGIE PAUVRETE 2019-2021", "",
        "Description de l'action", "Un autre accompagnement.", "",
        "Budget", "Part Etat : 1 000 €", "",
    ])
    got = rows(actions_in(read_bytes(text.encode(), "fiches.txt"), 2021))
    assert [(r[0], r[2]) for r in got] == [
        ("3", "Accompagner les jeunes majeurs vers le logement"), ("4", None)]
