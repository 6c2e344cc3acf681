"""The parties of a document: the territory, the signatories (names, titles, civilities) and
whether their names were redacted (`extract/document/parties.py`)."""

from __future__ import annotations

import pytest

from calpae.extract.document import extract_document
from calpae.model import to_tree

from ..helpers import DEFAULTS, avenant_text, calpae_json, read_text, synthetic, without_blank_lines

# --- territory ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "kind", "name", "code"), [
    ("Département du Nord", "departement", "Nord", "59"),
    ("Département de l'Ain", "departement", "Ain", "01"),
    ("Département des Bouches-du-Rhône", "departement", "Bouches-du-Rhône", "13"),
    ("Département de Corrèze", "departement", "Corrèze", "19"),
])
def test_territory_named_in_the_parties_clause(phrase, kind, name, code) -> None:
    _, block = synthetic(territory_phrase=phrase)
    assert to_tree(block.territory) == {"kind": kind, "name": name, "code": code}


def test_metropole_party() -> None:
    _, block = synthetic(territory_phrase="Métropole de Lyon",
                         president_title="Président de la Métropole de Lyon")
    assert block.territory.kind.value == "metropole"
    assert "Lyon" in block.territory.name.value


def test_metropole_named_before_its_kind_word_and_a_regional_prefect() -> None:
    text = "PRÉFÈTE DE LA RÉGION OCCITANIE\n\n" + avenant_text().replace(
        "Le Département de la Gironde, représenté par Paul MARTIN, Président du Conseil "
        "départemental de la Gironde,",
        "Toulouse Métropole, représentée par Marie ROUX, Présidente de Toulouse Métropole, "
        "dûment habilitée à cet effet,").replace(
        "Le {territory_phrase}".format(territory_phrase=DEFAULTS["territory_phrase"]), "Le")
    block = extract_document(read_text(text))
    assert to_tree(block.territory)["kind"] == "metropole"
    assert to_tree(block.territory)["name"] == "Toulouse Métropole"
    assert to_tree(block.territory_signatory) == {
        "name": "Marie ROUX", "title": "Présidente de Toulouse Métropole"}


def test_prefet_of_region_and_departement() -> None:
    title = "Préfet de la région Nouvelle-Aquitaine, préfet de la Gironde"
    _, block = synthetic(prefet="Michel DUPUIS", prefet_title=title)
    assert block.state_signatory.name.value == "Michel DUPUIS"
    assert block.state_signatory.title.value == title
    assert block.territory.name.value == "Gironde"


# --- signatories ----------------------------------------------------------------------------------

def test_state_signatory_without_a_name() -> None:
    _, block = synthetic(prefet="le Préfet de la région Nouvelle-Aquitaine",
                         prefet_title="préfet de la Gironde")
    assert block.state_signatory.name is None
    assert block.state_signatory.title.value.startswith("Préfet de la région")


def test_civility_is_not_part_of_the_name() -> None:
    _, block = synthetic(president="Monsieur Paul MARTIN")
    assert block.territory_signatory.name.value == "Paul MARTIN"


def test_title_before_the_name() -> None:
    _, block = synthetic(president="sa Présidente", president_title="Mme Anne LEROY")
    assert block.territory_signatory.name.value == "Anne LEROY"
    assert block.territory_signatory.title.value == "Présidente"


def test_redacted_names() -> None:
    _, block = synthetic(prefet="Xxxxxx XXXXXXX", president="Xxxx XXXXX")
    assert block.redacted.value is True
    assert block.state_signatory.name is None
    assert block.territory_signatory.name is None
    assert block.state_signatory.title.value == "Préfète de la Gironde"


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


# --- parties clauses without blank lines between paragraphs (PDF, HTML) ---------------------------

_TITLE = ("AVENANT N° 2 À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\n"
          "ET D'ACCÈS À L'EMPLOI 2019 - 2021\nExercice 2021\n")


def _parties(et_line: str, tail: str) -> str:
    return (_TITLE + "\nENTRE :\n\n"
            "L'État, représenté par Madame Anne DURAND, Préfète du Calvados,\n"
            "ci-après désignée « l'État »,\n\n"
            f"{et_line}\n\n"
            "le Département du Calvados, représenté par Monsieur Paul MARTIN,\n"
            f"Président du Conseil départemental{tail}\n\n"
            "Vu la loi n° 2020-1721 du 29 décembre 2020 de finances pour 2021 ;\n\n"
            "IL EST CONVENU CE QUI SUIT :\n\nARTICLE 1 – OBJET\n\n"
            "Au titre de l'année 2021, l'État apporte 500 000 € au Département.\n")


def _territory_party(doc: dict) -> tuple:
    block = doc["document"]
    signatory = block["territory_signatory"] or {}
    return (block["territory"]["name"], signatory.get("name"), signatory.get("title"))


def test_et_line_with_a_colon_starts_the_next_party_without_a_blank_line():
    text = without_blank_lines(_parties("ET :", ", dûment habilité à cet effet,"))
    assert _territory_party(calpae_json(text)) == (
        "Calvados", "Paul MARTIN", "Président du Conseil départemental")


def test_a_party_without_closing_formula_ends_where_the_recitals_begin():
    spaced = _parties("et", ",")
    expected = ("Calvados", "Paul MARTIN", "Président du Conseil départemental")
    assert _territory_party(calpae_json(spaced)) == expected
    assert _territory_party(calpae_json(without_blank_lines(spaced))) == expected


def test_an_et_line_misread_by_ocr_still_starts_the_next_party():
    text = without_blank_lines(_parties("EE:", ", dûment habilité à cet effet,"))
    assert _territory_party(calpae_json(text)) == (
        "Calvados", "Paul MARTIN", "Président du Conseil départemental")
