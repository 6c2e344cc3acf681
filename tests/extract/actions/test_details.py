"""The descriptive parts of a fiche: the intitulé, co-financers, duration and indicators
(`extract/actions/details.py`)."""

from __future__ import annotations

from calpae.readers import read_bytes

from ..helpers import actions_in, actions_of, fiche


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


def test_ocr_elided_article_in_the_title_label() -> None:
    text = "\n".join([
        "FICHE 6", "", "Mesure : Formation des travailleurs sociaux", "",
        "Intitulé de I'action : former les agents d'accueil", "",
        "Description de I'action", "Des sessions de formation.", "",
        "Budget", "Part Etat : 8 000 €", "Part Département : 8 000 €", "",
        "Indicateurs", "Nombre d'agents formés",
    ])
    [action] = actions_of(text)
    assert action.title is not None and action.title.value == "former les agents d'accueil"


def test_internal_details_indicators_and_cofinancers() -> None:
    text = "\n".join([
        "FICHE ACTION N°4", "",
        "Intitulé action\tCoordonner les référents", "Durée de l'action\t2021 - 2023",
        "Partenaires et co-financeurs\tCo-financeurs : Etat, CAF et département", "",
        "OBJECTIFS ET PROGRESSION PAR INDICATEUR\t2018\t2021\t2022",
        "Jeunes accompagnés\t10 %\t50 %\t100 %", "",
    ])
    action = actions_of(text, "fiches.md")[0]
    assert [c.value for c in action.cofinancers] == ["Etat", "CAF", "département"]
    assert action.duration is not None and action.duration.value == "2021 - 2023"
    [indicator] = action.indicators
    assert indicator.label is not None and indicator.label.value == "Jeunes accompagnés"
    assert indicator.baseline is not None and indicator.baseline.value == "10 %"
    assert {k: v.value for k, v in indicator.targets.items()} == {"2021": "50 %", "2022": "100 %"}


def test_partners_under_a_label_that_the_text_names_again():
    text = fiche("Fiche action n°1 : Accompagner", "1 000", "1 000", "2 000").replace(
        "Partenaires et co-financeurs\nAssociation du territoire",
        "Partenaires et co-financeurs\nLes partenaires engagés sont la mission locale,\n\n"
        "les bailleurs sociaux et la CAF.")
    (action,) = actions_of(text, year=2021)
    (partners,) = action.partners
    assert partners.value.startswith("Les partenaires engagés sont la mission locale")
    assert partners.value.endswith("les bailleurs sociaux et la CAF.")
