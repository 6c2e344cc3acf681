"""French dates (`28 juin 2019`, `1er décembre 2008`, `30 SEP. 2020`, `29/09/2022`)."""

from __future__ import annotations

import datetime as dt
import re

from calpae.model import Extracted, ReadStatus
from calpae.values.fold import fold

DateFound = Extracted[dt.date | None]  # value None: a date with blanks (`le / / 2020`)
_OCR_REASON = "lettres lues comme chiffres dans la date (o pour 0, i ou l pour 1)"


_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# The first of the month: `1er`, `1 er`, OCR `1¢r`, `l er`, `Ier`, and `1°`.
_FIRST = r"(?:premier|[1li](?:\s?(?:er|¢r|cr)|°|ᵉʳ|re))"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
# OCR reads 0 as o and 1 as i or l; a month name around them makes the repair safe.
_OCR_YEAR = r"(?P<year>(?:19|20|2o)[\doil]{2})(?!\d)"
_OCR_DAY = r"[0-3][oil]|[il]\d"
_OCR_DIGITS = str.maketrans("oil", "011")

# Every pattern runs on folded text (lower case, no accents) of the same length as the input.
_TEXTUAL = re.compile(
    rf"(?<![\w])(?P<day>{_FIRST}|[0-3]?\d|{_OCR_DAY})(?!\d)\s*"
    rf"(?P<month>{_MONTH})\.?(?![a-z])\s*,?\s*{_OCR_YEAR}"
)
_NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<day>[0-3]?\d)(?P<sep>[/.\-])(?P<month>[01]?\d)(?P=sep)"
    r"(?P<year>(?:19|20)\d\d)(?!\d|[/.\-]\d)"
)
# Two-digit years only with slashes: `1.1.20` is far more often an action number than a date.
_NUMERIC_SHORT_YEAR = re.compile(
    r"(?<![\d/.\-])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>\d\d)(?!\d|[/.\-]\d)"
)
_ISO = re.compile(r"(?<![\d/.\-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_BLANK_SLASHES = re.compile(
    rf"(?<![\w/])(?:[._…]{{0,8}}[ \t]*/[ \t]*){{2}}{_YEAR}"
)
_BLANK_AFTER_LE = re.compile(
    rf"\b(?:le|du|au)(?:[ \t]*[._…]{{2,}}[ \t]*|[ \t]{{3,}})"
    rf"(?:(?P<month>{_MONTH})\.?[ \t]+)?{_YEAR}"
)


def _day_number(day: str) -> int:
    if len(day) <= 2 and day.translate(_OCR_DIGITS).isdigit():
        return int(day.translate(_OCR_DIGITS))
    return 1  # one of the ways of writing the first


def _year_number(year: str) -> int:
    return int(year) if len(year) == 4 else 2000 + int(year)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _ocr_digits(*parts: str) -> bool:
    """Whether a day or year was read through OCR letters (`2o19`, `l5`)."""
    return any(c in "oil" for part in parts for c in part)


def _dated_matches(folded: str) -> list[DateFound]:
    found = []
    for match in _TEXTUAL.finditer(folded):
        year = int(match.group("year").translate(_OCR_DIGITS))
        day = match.group("day")
        value = _safe_date(year, _MONTHS[match.group("month")], _day_number(day))
        ocr = _ocr_digits(match.group("year"), day if len(day) <= 2 else "")
        found.append(Extracted.at(value, match.start(), match.end(),
                                  ReadStatus.REPAIRED if ocr else ReadStatus.EXACT,
                                  _OCR_REASON if ocr else None))
    for pattern in (_NUMERIC, _NUMERIC_SHORT_YEAR, _ISO):
        for match in pattern.finditer(folded):
            year = _year_number(match.group("year"))
            value = _safe_date(year, int(match.group("month")), int(match.group("day")))
            found.append(Extracted.at(value, match.start(), match.end()))
    return [m for m in found if m.value is not None]


def _blank_matches(folded: str) -> list[DateFound]:
    found = []
    for pattern in (_BLANK_SLASHES, _BLANK_AFTER_LE):
        for match in pattern.finditer(folded):
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            found.append(Extracted.at(None, start, match.end()))
    return found


def find_dates(text: str) -> list[DateFound]:
    """Every date in text, in order, spans as offsets into text; a date with blanks (`le / /
    2020`) gives value None."""
    folded = fold(text)
    kept: list[DateFound] = []
    ranked = sorted(_dated_matches(folded) + _blank_matches(folded),
                    key=lambda m: (m.start, -m.end))
    for match in ranked:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def parse_date(text: str) -> dt.date | None:
    """The first complete date a short text states, or None."""
    for match in find_dates(text):
        if match.value is not None:
            return match.value
    return None
