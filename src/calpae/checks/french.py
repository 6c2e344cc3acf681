"""Figures and dates written the way a French State agent reads them."""

from __future__ import annotations

import datetime as dt

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")


def euros(amount: float | None) -> str:
    """`12 345 678,90 €`; whole amounts without cents (`2 500 €`)."""
    if amount is None:
        return "non renseigné"
    cents = round(abs(amount) * 100)
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}".replace(",", " ")
    sign = "-" if amount < 0 and cents else ""
    return f"{sign}{grouped},{rest:02d} €" if rest else f"{sign}{grouped} €"


def day(date: dt.date | None) -> str:
    """`28 septembre 2020`, `1er juillet 2021`."""
    if date is None:
        return "date non renseignée"
    first = "1er" if date.day == 1 else str(date.day)
    return f"{first} {_MONTHS[date.month - 1]} {date.year}"


def percent(ratio: float) -> str:
    return f"{ratio * 100:.0f} %".replace(".", ",")


def sentence(text: str) -> str:
    """The text with its first letter capitalised and the rest as is (`str.capitalize` would
    turn `fiche I-3` into `Fiche i-3` and `RSA` into `rsa`)."""
    return text[:1].upper() + text[1:]
