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


@pytest.mark.parametrize(
    ("text", "value", "span"),
    [
        ("Part Etat = 36\n000 €", 36000.0, "36\n000 €"),
        ("Part Etat = 4 \n 500 € ; Part CD", 4500.0, "4 \n 500 €"),
        ("soit 125\n000,50 euros", 125000.5, "125\n000,50 euros"),
        ("soit 12\n345 678 €", 12345678.0, "12\n345 678 €"),
        ("montant 36\n000\n€", 36000.0, "36\n000\n€"),
    ],
)
def test_head_without_separator_split_from_its_group(text: str, value: float, span: str) -> None:
    (found,) = find_amounts(text)
    assert (text[found.start:found.end], found.value, found.repaired) == (span, value, True)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Nombre de jeunes : 12\n500 personnes accompagnées", []),
        ("en 2019\n500 €", [500.0]),  # a year is never the head of a split amount
        ("action 1.2\n500 €", [500.0]),
        ("taux 0\n500 €", [500.0]),  # no amount starts with a zero
        ("12\n5000 €", [5000.0]),  # the pushed part is exactly one group
        ("budget 12\n500", []),  # no currency, no amount
    ],
)
def test_separate_numbers_on_consecutive_lines_are_not_joined(text: str,
                                                              values: list[float]) -> None:
    assert [a.value for a in find_amounts(text)] == values


@given(
    units=st.integers(min_value=1000, max_value=999_999_999),
    before=st.sampled_from(["", " ", "\t"]),
    after=st.sampled_from(["", " ", "  "]),
    currency=st.sampled_from(CURRENCIES),
)
def test_any_amount_wrapped_after_its_head_is_read_whole(units: int, before: str, after: str,
                                                         currency: str) -> None:
    head, _, rest = _french(units, None, " ").partition(" ")
    amount = f"{head}{before}\n{after}{rest}{currency}"
    text = f"Part Etat = {amount} pour l'action"
    (found,) = find_amounts(text)
    assert text[found.start:found.end] == amount
    assert (found.value, found.repaired) == (units, True)


@given(
    head=st.integers(min_value=0, max_value=9999),
    tail=st.integers(min_value=0, max_value=999),
    word=st.sampled_from([" personnes", " jeunes", "", " %", "/2020"]),
)
def test_numbers_on_consecutive_lines_without_currency_are_never_amounts(head: int, tail: int,
                                                                         word: str) -> None:
    assert find_amounts(f"soit {head}\n{tail:03d}{word}") == []


@given(year=st.integers(min_value=1990, max_value=2040), tail=st.integers(min_value=0,
                                                                          max_value=999))
def test_a_year_at_a_line_end_never_joins_the_next_amount(year: int, tail: int) -> None:
    text = f"en {year}\n{tail:03d} €"
    assert [(a.value, "\n" in text[a.start:a.end]) for a in find_amounts(text)] == [(tail, False)]


@given(st.text(alphabet=st.characters(blacklist_characters="€£eEuUrR")))
def test_no_currency_marker_no_amount(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize("currency", ["€", "£", "EUR", "euros", "Euros", "k€", "¢€"])
def test_every_currency_marker_is_seen(currency: str) -> None:
    assert [a.value for a in find_amounts(f"soit 1 500 {currency}")] != []


@pytest.mark.parametrize(("text", "expected"), [
    ("Part Etat : 45 OOO E", [45000.0]),
    ("s'eleve a 1 2O4 500 E. Le Departement", [1204500.0]),
    ("soit 86 4OO e, sont reportes", [86400.0]),
    ("12 500,50 E et 3 000 €", [12500.5, 3000.0]),
])
def test_euro_sign_read_as_e_by_ocr(text: str, expected: list[float]) -> None:
    found = find_amounts(text)
    assert [a.value for a in found] == expected
    assert found[0].repaired


@pytest.mark.parametrize("text", [
    "en 2019 e", "3 000 ETP recrutés", "12 000 e-mails", "le 12 500 est", "NO E", "2 000 E.T.P"])
def test_a_letter_e_after_a_number_is_no_euro_sign_where_it_starts_a_word(text: str) -> None:
    assert find_amounts(text) == []
