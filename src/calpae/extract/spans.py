"""The `calpae.values` parsers run on a window of the document text, their spans made absolute."""

from __future__ import annotations

from calpae.model import Extracted, SourceDocument
from calpae.values.amounts import find_amounts
from calpae.values.dates import DateFound, find_dates
from calpae.values.legal import LegalFound, find_legal_references
from calpae.values.territories import TerritoryFound, find_territories


def dates_in(text: str, start: int, end: int) -> list[DateFound]:
    """Dates printed in text[start:end], with offsets into text."""
    return [d.shifted(start) for d in find_dates(text[start:end])]


def amounts_in(text: str, start: int, end: int) -> list[Extracted[float]]:
    """Amounts printed in text[start:end], with offsets into text."""
    return [a.shifted(start) for a in find_amounts(text[start:end])]


def legal_refs_in(text: str, start: int, end: int) -> list[LegalFound]:
    """Legal references printed in text[start:end], with offsets into text."""
    return [r.shifted(start) for r in find_legal_references(text[start:end])]


def territories_in(text: str, start: int, end: int,
                   kind: str | None = None) -> list[TerritoryFound]:
    """Territories named in text[start:end], with offsets into text."""
    return [t.shifted(start) for t in find_territories(text[start:end], kind)]


def extracted_date(source: SourceDocument, found: DateFound | None) -> Extracted | None:
    """A found date with its evidence; a date with blanks states none."""
    if found is None or found.value is None:
        return None
    return source.anchor(found)
