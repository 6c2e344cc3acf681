"""Figures and dates written the way a French State agent reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from calpae.checks.french import day, euros, percent, sentence


@pytest.mark.parametrize("amount, printed", [
    (2_417_356.78, "2 417 356,78 €"),
    (2_500.0, "2 500 €"),
    (2_500, "2 500 €"),
    (0.0, "0 €"),
    (0.5, "0,50 €"),
    (999.999, "1 000 €"),  # rounded to the cent
    (-1_250.4, "-1 250,40 €"),
    (-0.001, "0 €"),
    (1e12, "1 000 000 000 000 €"),
    (None, "non renseigné"),
])
def test_euros_groups_thousands_with_regular_spaces_and_a_comma(amount, printed):
    assert euros(amount) == printed
    assert "\u00a0" not in euros(amount) and "\u202f" not in euros(amount)


@pytest.mark.parametrize("date, printed", [
    (dt.date(2020, 9, 28), "28 septembre 2020"),
    (dt.date(2021, 7, 1), "1er juillet 2021"),
    (dt.date(2019, 2, 3), "3 février 2019"),
    (dt.date(2019, 8, 15), "15 août 2019"),
    (None, "date non renseignée"),
])
def test_day(date, printed):
    assert day(date) == printed


@pytest.mark.parametrize("ratio, printed", [(0.5, "50 %"), (1.0, "100 %"), (0.333, "33 %"),
                                            (0.0, "0 %")])
def test_percent(ratio, printed):
    assert percent(ratio) == printed


@pytest.mark.parametrize("text, printed", [
    ("part État de la fiche 1", "Part État de la fiche 1"),
    ("fiche « Accompagner les allocataires du RSA »",
     "Fiche « Accompagner les allocataires du RSA »"),
    ("", ""),
])
def test_sentence_capitalises_the_first_letter_only(text, printed):
    assert sentence(text) == printed
