"""Tests of legal reference extraction: kinds, references as printed, dates, non-references."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.values.legal import find_legal_references


@pytest.mark.parametrize(
    ("text", "kind", "reference"),
    [
        ("Vu la loi n°2018-1317 du 28 décembre 2018,", "loi", "2018-1317"),
        ("Vu la loi n° 2021-1900", "loi", "2021-1900"),
        ("Vu l’instruction n°DGCS/SD1/2019/24", "instruction", "DGCS/SD1/2019/24"),
        ("Vu l'instruction n° DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28 du 12 février 2020",
         "instruction", "DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28"),
        ("Vu l'instruction interministérielle n° DIPLP/DGCS/SD1B/DGEFP/SDPAE/DPE/2021/23",
         "instruction", "DIPLP/DGCS/SD1B/DGEFP/SDPAE/DPE/2021/23"),
        ("Vu l'instruction N° DGCS/SD1B/2019/196.", "instruction", "DGCS/SD1B/2019/196"),
        ("la circulaire n°DGCS/SD2/2019/112", "circulaire", "DGCS/SD2/2019/112"),
        ("le décret n°2019-1300 du 6 décembre 2019", "decret", "2019-1300"),
        ("l'ordonnance nº 2020-306", "ordonnance", "2020-306"),
        ("l'arrêté no. 2020-45 du préfet", "arrete", "2020-45"),
        ("l'arrêté du 28 juin 2019 fixant", "arrete", "28 juin 2019"),
        ("Xx xx xxx n°2018-1317 xx xx", None, "2018-1317"),
    ],
)
def test_references(text: str, kind: str | None, reference: str) -> None:
    (found,) = find_legal_references(text)
    assert (found.value.kind, found.value.reference) == (kind, reference)
    assert text[found.start:found.end] == reference


@pytest.mark.parametrize(
    "text",
    ["AVENANT N°3", "avenant n° 2", "FICHE ACTION N°7", "la fiche action n°1 du 3 mai 2020",
     "article n° 2019-1", "Bruno 2019-12", "n°3 de la liste", "le marché n° 2020-14", ""],
)
def test_not_legal_references(text: str) -> None:
    assert find_legal_references(text) == []


def test_date_after_the_reference() -> None:
    text = "Vu la loi n°2018-1317 du 28 décembre 2018 de finances pour 2019"
    (found,) = find_legal_references(text)
    assert found.value.date == dt.date(2018, 12, 28)


def test_back_reference_by_date_is_not_repeated() -> None:
    text = ("Vu l'instruction n° DGCS/2022/19 du 19 janvier 2022. "
            "Conformément à l'instruction du 19 janvier 2022, …")
    assert [r.value.reference for r in find_legal_references(text)] == ["DGCS/2022/19"]


def test_several_references_in_order() -> None:
    text = ("Vu la loi n°2018-1317 ;\nVu l'instruction n°DGCS/SD1/2019/24 ;\n"
            "Vu l'avenant n°2 ;\nVu le décret n° 2019-1300.")
    found = find_legal_references(text)
    assert [(r.value.kind, r.value.reference) for r in found] == [
        ("loi", "2018-1317"), ("instruction", "DGCS/SD1/2019/24"), ("decret", "2019-1300")]


@given(
    kind=st.sampled_from([("loi", "loi"), ("décret", "decret"), ("circulaire", "circulaire"),
                          ("instruction", "instruction"), ("arrêté", "arrete")]),
    year=st.integers(min_value=1990, max_value=2040),
    number=st.integers(min_value=1, max_value=9999),
    sign=st.sampled_from(["n°", "n° ", "N°", "N° ", "nº"]),
)
def test_any_numbered_text(kind: tuple[str, str], year: int, number: int, sign: str) -> None:
    text = f"Vu le {kind[0]} {sign}{year}-{number} du 3 mars {year},"
    (found,) = find_legal_references(text)
    assert (found.value.kind, found.value.reference) == (kind[1], f"{year}-{number}")
    assert found.value.date == dt.date(year, 3, 3)
