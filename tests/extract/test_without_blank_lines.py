"""Documents read from PDF or HTML keep no blank line between paragraphs: extraction holds."""

from __future__ import annotations

from calpae.extract import extract, to_calpae_json
from calpae.readers import read_bytes

_TITLE = ("AVENANT N° 2 À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\n"
          "ET D'ACCÈS À L'EMPLOI 2019 - 2021\nExercice 2021\n")


def _json(text: str, name: str = "doc.txt") -> dict:
    return to_calpae_json(extract(read_bytes(text.encode("utf-8"), name)))


def _without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


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
    text = _without_blank_lines(_parties("ET :", ", dûment habilité à cet effet,"))
    assert _territory_party(_json(text)) == (
        "Calvados", "Paul MARTIN", "Président du Conseil départemental")


def test_a_party_without_closing_formula_ends_where_the_recitals_begin():
    spaced = _parties("et", ",")
    expected = ("Calvados", "Paul MARTIN", "Président du Conseil départemental")
    assert _territory_party(_json(spaced)) == expected
    assert _territory_party(_json(_without_blank_lines(spaced))) == expected


_FICHE = (
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
    for text in (_FICHE, _without_blank_lines(_FICHE)):
        budget = _json(text, "doc.md")["actions"][0]["budget"]
        assert budget == {"year": 2023, "state": 40000, "territory": 45000, "other": None,
                          "total": 85000}


def test_an_et_line_misread_by_ocr_still_starts_the_next_party():
    text = _without_blank_lines(_parties("EE:", ", dûment habilité à cet effet,"))
    assert _territory_party(_json(text)) == (
        "Calvados", "Paul MARTIN", "Président du Conseil départemental")
