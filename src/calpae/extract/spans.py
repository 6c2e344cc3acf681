"""Adapters from the `calpae.values` parsers to spans of the whole document text."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from calpae.model import Extracted, ReadStatus, SourceDocument
from calpae.values.amounts import AmountMatch, find_amounts
from calpae.values.dates import DateMatch, find_dates
from calpae.values.legal import LegalReference, find_legal_references
from calpae.values.territories import TerritoryMatch, find_territories

M = TypeVar("M", bound=Any)


def _shift(match: M, offset: int) -> M:
    return dataclasses.replace(match, start=match.start + offset, end=match.end + offset)


def dates_in(text: str, start: int, end: int) -> list[DateMatch]:
    """Dates printed in text[start:end], with offsets into text."""
    return [_shift(d, start) for d in find_dates(text[start:end])]


def amounts_in(text: str, start: int, end: int) -> list[AmountMatch]:
    """Amounts printed in text[start:end], with offsets into text."""
    return [_shift(a, start) for a in find_amounts(text[start:end])]


def legal_refs_in(text: str, start: int, end: int) -> list[LegalReference]:
    """Legal references printed in text[start:end], with offsets into text."""
    return [_shift(r, start) for r in find_legal_references(text[start:end])]


def territories_in(text: str, start: int, end: int,
                   kind: str | None = None) -> list[TerritoryMatch]:
    """Territories named in text[start:end], with offsets into text."""
    return [_shift(t, start) for t in find_territories(text[start:end], kind)]


def extracted_date(source: SourceDocument, found: DateMatch | None) -> Extracted | None:
    """A found date as an extracted value; a date with blanks states none."""
    if found is None or found.value is None:
        return None
    return source.extracted(found.value, found.start, found.end)


def extracted_amount(source: SourceDocument, found: AmountMatch) -> Extracted[float]:
    """A found amount as an extracted value, repaired where reading it needed repairs."""
    status = ReadStatus.read(found.repaired)
    return source.extracted(found.value, found.start, found.end, status)
