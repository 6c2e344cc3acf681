"""Tests of French date parsing: written forms, OCR damage, blanks, invalid dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.model import ReadStatus
from calpae.values.dates import find_dates, parse_date

MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]
MONTH_ABBREVIATIONS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "AOÛT",
                       "SEP.", "oct.", "nov.", "déc."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28 juin 2019", dt.date(2019, 6, 28)),
        ("1er décembre 2008", dt.date(2008, 12, 1)),
        ("1 er décembre 2008", dt.date(2008, 12, 1)),
        ("04 février 2019", dt.date(2019, 2, 4)),
        ("30 SEP. 2020", dt.date(2020, 9, 30)),
        ("30 sept 2020", dt.date(2020, 9, 30)),
        ("29/09/2022", dt.date(2022, 9, 29)),
        ("29.09.2022", dt.date(2022, 9, 29)),
        ("29-09-2022", dt.date(2022, 9, 29)),
        ("2022-09-29", dt.date(2022, 9, 29)),
        ("3 fevrier 2019", dt.date(2019, 2, 3)),
        ("15 AOÛT 2020", dt.date(2020, 8, 15)),
        ("15 aout 2020", dt.date(2020, 8, 15)),
        ("1¢r septembre 2019", dt.date(2019, 9, 1)),
        ("l er juin 2019", dt.date(2019, 6, 1)),
        ("premier janvier 2021", dt.date(2021, 1, 1)),
        ("10 \njuillet 2020", dt.date(2020, 7, 10)),
        ("21\nfévrier 2019", dt.date(2019, 2, 21)),
        ("Fait à Angers, le 30 SEP. 2020", dt.date(2020, 9, 30)),
        ("au 31/12/2019", dt.date(2019, 12, 31)),
        ("le 12/03/20", dt.date(2020, 3, 12)),
    ],
)
def test_written_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31 février 2019", "30/02/2020", "2019", "en 2019-2021", "action 1.1.20", "1.1",
     "DGCS/SD1/2019/24", "le 1er trimestre 2020", "80 %", "", "juin 2020"],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None
    assert [m for m in find_dates(text) if m.value is not None] == []


@pytest.mark.parametrize(
    "text",
    ["Fait à Orléans, le / / 2020", "le  /  / 2020 ", "le .. / .. / 2020", "le      2020",
     "le ....... juin 2020", "le __/__/2020"],
)
def test_blank_dates_are_reported_with_their_year(text: str) -> None:
    (match,) = find_dates(text)
    assert match.value is None
    assert text[match.start:match.end].endswith("2020")
    assert parse_date(text) is None


def test_find_dates_offsets() -> None:
    text = "délibération du 26 juin 2019, signée le 1er octobre 2019 et le / / 2020."
    found = find_dates(text)
    assert [text[m.start:m.end] for m in found] == ["26 juin 2019", "1er octobre 2019", "/ / 2020"]
    assert [m.value for m in found] == [dt.date(2019, 6, 26), dt.date(2019, 10, 1), None]


def _write(date: dt.date, form: int, upper: bool) -> str:
    day = "1er" if date.day == 1 and form == 0 else str(date.day)
    written = [
        f"{day} {MONTH_NAMES[date.month - 1]} {date.year}",
        f"{date.day:02d} {MONTH_ABBREVIATIONS[date.month - 1]} {date.year}",
        f"{date.day:02d}/{date.month:02d}/{date.year}",
        f"{date.day:02d}.{date.month:02d}.{date.year}",
        f"{date.day:02d}-{date.month:02d}-{date.year}",
        date.isoformat(),
        f"{date.day}\n{MONTH_NAMES[date.month - 1]}\n{date.year}",
    ][form]
    return written.upper() if upper else written


@given(
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
    form=st.integers(min_value=0, max_value=6),
    upper=st.booleans(),
)
def test_any_valid_date_parses_back(date: dt.date, form: int, upper: bool) -> None:
    text = "signé le " + _write(date, form, upper) + ", à la préfecture"
    (match,) = find_dates(text)
    assert match.value == date
    assert match.status is ReadStatus.EXACT
    assert text[match.start:match.end] == _write(date, form, upper)


@pytest.mark.parametrize(
    ("text", "expected", "repaired"),
    [("l0 juillet 2O20", dt.date(2020, 7, 10), True),
     ("3l décembre 2019", dt.date(2019, 12, 31), True),
     ("I5 mars 20l9", dt.date(2019, 3, 15), True),
     ("28 juin 2019le Préfet", dt.date(2019, 6, 28), False)],
)
def test_ocr_digits_next_to_a_month_name(text: str, expected: dt.date, repaired: bool) -> None:
    assert parse_date(text) == expected
    (found,) = find_dates(text)
    assert found.status is (ReadStatus.REPAIRED if repaired else ReadStatus.EXACT)
    assert (found.reason is not None) == repaired


def test_ocr_repair_needs_a_digit_in_the_day() -> None:
    assert parse_date("il juin 2020") is None
