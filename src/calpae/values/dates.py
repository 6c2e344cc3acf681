"""French dates (`28 juin 2019`, `1er décembre 2008`, `30 SEP. 2020`, `29/09/2022`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    value: dt.date | None  # None: a date with blanks (`le / / 2020`)
    year: int | None = None  # the year even where day or month are blank


def parse_date(text: str) -> dt.date | None:
    """The date a short text states, or None.  STUB: replaced by the values work."""
    raise NotImplementedError


def find_dates(text: str) -> list[DateMatch]:
    """Every date in text, in order.  STUB: replaced by the values work."""
    raise NotImplementedError
