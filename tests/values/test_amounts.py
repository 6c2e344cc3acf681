"""Tests of French amount parsing: printed forms, OCR damage, and what is not an amount."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.values.amounts import find_amounts, parse_amount

SEPARATORS = [" ", "\u00a0", "\u202f", "."]
CURRENCIES = [" €", "€", " euros", " EUR", "¢€", " €€"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 132 187,89 €", 1132187.89),
        ("40 000 ,00€", 40000.0),
        ("15000 €", 15000.0),
        ("72 000 euros", 72000.0),
        ("3080¢€", 3080.0),
        ("3080c€", 3080.0),
        ("3080€€", 3080.0),
        ("1,2 M€", 1_200_000.0),
        ("15 k€", 15000.0),
        ("15 K€", 15000.0),
        ("2 millions d'euros", 2_000_000.0),
        ("- €", 0.0),
        ("-   €", 0.0),
        ("0 €", 0.0),
        ("1\u00a0201\u00a0409 €", 1201409.0),
        ("1\u202f201\u202f409 €", 1201409.0),
        ("1.201.409 €", 1201409.0),
        ("35812.5 €", 35812.5),
        ("35 812.5 €", 35812.5),
        ("1 200    €", 1200.0),
        ("€ 1 200", 1200.0),
        ("72 000 EUR", 72000.0),
        ("1 201\n409 €", 1201409.0),
        ("1 2O1 4O9 €", 1201409.0),
        ("I 201 €", 1201.0),
        ("1 2l0 €", 1210.0),
        ("Part CD=15000 €", 15000.0),
        ("Budget global : 145 468,40 €", 145468.4),
    ],
)
def test_printed_forms(text: str, expected: float) -> None:
    assert parse_amount(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["2019", "en 2019", "28/06/2019", "80 %", "80%", "1.1", "action 2.3",
     "02 41 81 49 49", "49007", "1. Introduction", "le 28/06/2019 €", "", "euros", "€"],
)
def test_not_amounts(text: str) -> None:
    assert parse_amount(text) is None
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("72 000", 72000.0), ("72 000,00", 72000.0), ("1.201.409", 1201409.0), ("0", 0.0),
     ("-", 0.0), ("35812.5", 35812.5), ("  500 € ", 500.0)],
)
def test_bare_cells(cell: str, expected: float) -> None:
    assert parse_amount(cell, bare=True) == pytest.approx(expected)


@pytest.mark.parametrize("cell", ["1.1", "80 %", "28/06/2019", "Total", "", "n.c."])
def test_bare_cells_that_are_not_amounts(cell: str) -> None:
    assert parse_amount(cell, bare=True) is None


def test_bare_requires_opt_in() -> None:
    assert parse_amount("72 000") is None


def test_find_amounts_offsets_and_order() -> None:
    text = "Action 1 30000 € 19 863 € puis - £ et 3080¢€."
    found = find_amounts(text)
    assert [text[a.start:a.end] for a in found] == ["30000 €", "19 863 €", "- £", "3080¢€"]
    assert [a.value for a in found] == [30000.0, 19863.0, 0.0, 3080.0]
    assert [a.repaired for a in found] == [False, False, True, True]


def test_repaired_flag_for_layout_damage() -> None:
    (split,) = find_amounts("soit 1 201\n409 € au total")
    assert split.value == 1201409.0 and split.repaired
    (clean,) = find_amounts("soit 1 201 409 € au total")
    assert not clean.repaired


def test_year_before_amount_is_not_glued() -> None:
    found = find_amounts("sur 2020 : 20 000 € et en 2019 440 000 €")
    assert [a.value for a in found] == [20000.0, 440000.0]


def _french(units: int, cents: int | None, sep: str) -> str:
    groups = []
    digits = str(units)
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    text = sep.join(groups)
    if cents is not None:
        text += f",{cents:02d}"
    return text


@given(
    units=st.integers(min_value=0, max_value=999_999_999),
    cents=st.one_of(st.none(), st.integers(min_value=0, max_value=99)),
    sep=st.sampled_from(SEPARATORS),
    currency=st.sampled_from(CURRENCIES),
)
def test_any_french_amount_parses_back(units: int, cents: int | None, sep: str,
                                       currency: str) -> None:
    text = _french(units, cents, sep) + currency
    expected = units + (cents or 0) / 100
    assert parse_amount(text) == pytest.approx(expected)
    assert parse_amount(_french(units, cents, sep), bare=True) == pytest.approx(expected)


@given(
    units=st.integers(min_value=1, max_value=999_999_999),
    sep=st.sampled_from(SEPARATORS),
    prefix=st.sampled_from(["Montant : ", "soit ", "(", "Part Etat = "]),
)
def test_amount_found_with_offsets_in_a_sentence(units: int, sep: str, prefix: str) -> None:
    amount = _french(units, None, sep) + " €"
    text = f"{prefix}{amount} pour l'action."
    (found,) = find_amounts(text)
    assert text[found.start:found.end] == amount
    assert found.value == units


@given(year=st.integers(min_value=1990, max_value=2040),
       day=st.integers(min_value=1, max_value=28), month=st.integers(min_value=1, max_value=12))
def test_years_and_dates_are_never_amounts(year: int, day: int, month: int) -> None:
    text = f"En {year}, le {day:02d}/{month:02d}/{year}, action {month}.{day}"
    assert find_amounts(text) == []


@given(percent=st.integers(min_value=0, max_value=100), space=st.sampled_from(["", " ", "\u00a0"]))
def test_percentages_are_never_amounts(percent: int, space: str) -> None:
    assert find_amounts(f"taux de {percent}{space}%") == []


def test_sign_pushed_to_the_next_line() -> None:
    (found,) = find_amounts("Part Etat = 15 000\n€\nPart CD")
    assert (found.value, found.repaired) == (15000.0, True)
    assert find_amounts("Crédits engagés : €\nCrédits consommés") == []


@pytest.mark.parametrize(("text", "expected"),
                         [("1,201,409 €", 1201409.0), ("1,201,409.50 €", 1201409.5),
                          ("12,5 €", 12.5), ("0,50 €", 0.5)])
def test_comma_grouping_versus_decimal_comma(text: str, expected: float) -> None:
    assert parse_amount(text) == pytest.approx(expected)
