"""Tests of the territory table, tolerant lookup and the search of names in text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.values.fold import fold
from calpae.values.territories import (
    TERRITORIES,
    Territory,
    find_territories,
    find_territory_phrases,
    lookup,
    territory_of_phrase,
)

DEPARTEMENTS = [t for t in TERRITORIES if t.kind == "departement"]


def test_table_is_complete() -> None:
    codes = {t.code for t in DEPARTEMENTS}
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
    expected |= {"971", "972", "973", "974", "976"}
    assert codes == expected and len(DEPARTEMENTS) == 101
    assert len([t for t in TERRITORIES if t.kind == "metropole"]) == 22
    regions = {t.code for t in TERRITORIES if t.kind == "region"}
    assert regions == {"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52",
                       "53", "75", "76", "84", "93", "94"}


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("MAINE ET LOIRE", None, "49"),
        ("Cotes d'Armor", None, "22"),
        ("Côtes-d’Armor", None, "22"),
        ("Loir et Cher", None, "41"),
        ("I'Allier", None, "03"),
        ("l’Allier", None, "03"),
        ("Maine-et-Lolre", None, "49"),
        ("Corse-du-Sud", None, "2A"),
        ("HAUTE CORSE", None, "2B"),
        ("Ville de Paris", None, "75"),
        ("Paris", "departement", "75"),
        ("Guadeloupe", None, "971"),
        ("Guadeloupe", "region", "01"),
        ("La Réunion", None, "974"),
        ("Territoire de Belfort", None, "90"),
        ("Métropole de Lyon", None, "200046977"),
        ("Centre-Val de Loire", None, "24"),
        ("provence alpes cote d azur", "region", "93"),
    ],
)
def test_lookup(name: str, kind: str | None, code: str) -> None:
    found = lookup(name, kind)
    assert found is not None and found.code == code


@pytest.mark.parametrize(("name", "kind"), [("Atlantide", None), ("Ain", "region"), ("Lyon", None),
                                           ("", None), ("Vaa", None)])
def test_lookup_unknown(name: str, kind: str | None) -> None:
    assert lookup(name, kind) is None


def test_metropole_kind_and_optional_code() -> None:
    lille = lookup("Métropole européenne de Lille")
    assert lille is not None and lille.kind == "metropole" and lille.code is None


@st.composite
def mangled_names(draw: st.DrawFn) -> tuple[str, str]:
    territory = draw(st.sampled_from(DEPARTEMENTS))
    name = territory.name
    if draw(st.booleans()):
        name = fold(name)
    name = draw(st.sampled_from([name, name.upper(), name.lower(), name.title()]))
    separator = draw(st.sampled_from(["-", " ", "  "]))
    name = name.replace("-", separator)
    name = name.replace("'", draw(st.sampled_from(["'", "’", " "])))
    return name, str(territory.code)


@given(mangled_names())
def test_every_departement_mangled_looks_up_to_its_code(case: tuple[str, str]) -> None:
    name, code = case
    found = lookup(name, "departement")
    assert found is not None and found.code == code


@given(st.sampled_from(DEPARTEMENTS))
def test_every_departement_is_found_in_a_sentence(territory: Territory) -> None:
    text = f"Le conseil de {territory.name}, signé."
    found = find_territories(text, kind="departement")
    assert [(m.value.code, text[m.start:m.end]) for m in found] == [
        (territory.code, territory.name)]


def test_longest_name_wins_and_word_boundaries() -> None:
    text = "Haute-Loire, Seine-et-Marne, Loire-Atlantique, Loiret et Loire; Marnes; Loirette"
    found = find_territories(text)
    assert [text[m.start:m.end] for m in found] == [
        "Haute-Loire", "Seine-et-Marne", "Loire-Atlantique", "Loiret", "Loire"]
    assert [m.value.code for m in found] == ["43", "77", "44", "45", "42"]


def test_common_words_are_not_territories() -> None:
    text = "la somme de 3 000 €, au nord du lot, cher collègue ; Réunion du comité"
    assert find_territories(text) == []


@pytest.mark.parametrize(
    ("phrase", "kind", "code"),
    [
        ("Département du Loiret", "departement", "45"),
        ("Département de Maine-et-Loire", "departement", "49"),
        ("Conseil départemental de l'Allier", "departement", "03"),
        ("Conseil départemental de I'Allier", "departement", "03"),
        ("département des Hautes-Alpes", "departement", "05"),
        ("Département de la Seine-Saint-Denis", "departement", "93"),
        ("DÉPARTEMENT DU NORD", "departement", "59"),
        ("Métropole de Lyon", "metropole", "200046977"),
        ("la Région Bretagne", "region", "53"),
        ("Conseil régional d'Occitanie", "region", "76"),
    ],
)
def test_territory_of_phrase(phrase: str, kind: str, code: str) -> None:
    territory = territory_of_phrase(f"Entre l'Etat et le {phrase}, il est convenu")
    assert territory is not None and (territory.kind, territory.code) == (kind, code)


def test_phrase_span_and_non_phrases() -> None:
    text = "le schéma départemental du Loiret ; le Département du Loiret s'engage"
    (match,) = find_territory_phrases(text)
    assert text[match.start:match.end] == "Département du Loiret"
    assert territory_of_phrase("le Département s'engage à transmettre") is None
