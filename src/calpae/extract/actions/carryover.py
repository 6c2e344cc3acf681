"""The credits of the previous year a fiche's share carries: `Part Etat : 222 € + (100 €
report 2019) = 322 €`, `dont 50 € de report`. Kept apart (internal) so that the checks
can set a share with or without its carryover against the table and the articles."""

from __future__ import annotations

import re

from calpae.extract.text import folded_span
from calpae.extract.vocabulary import Field, alternation
from calpae.model import Extracted, SourceDocument
from calpae.values.amounts import find_amounts

_SHARE = {
    "state": re.compile(rf"^\W*(?:part\s+|participation\s+(?:de\s+)?(?:l'\s*)?)?"
                        rf"(?:{alternation(Field.STATE_SHARE)})\b"),
    "territory": re.compile(rf"^\W*(?:part\s+|participation\s+(?:du\s+|de\s+la\s+)?)?"
                            rf"(?:{alternation(Field.TERRITORY_SHARE)})\b"),
}
# what follows an amount that is a carryover: "report 2019", "de report", "reporté"
_CARRIED = re.compile(r"\s*(?:€|euros?)?\s*(?:de\s+|au\s+titre\s+du\s+)?reporte?s?\b")
_REACH = 300  # a share's line: longer lines are prose, not a budget line


def share_carryovers(source: SourceDocument, start: int,
                     end: int) -> dict[str, Extracted[float]]:
    """The carryover stated on the State's and the territory's share lines of a budget part."""
    found: dict[str, Extracted[float]] = {}
    for line, text in source.lines_between(start, end):
        if line.end - line.start > _REACH or line.start >= end:
            continue
        folded = folded_span(source, line.start, line.end)
        name = next((n for n, p in _SHARE.items() if p.match(folded)), None)
        if name is None or name in found or "report" not in folded:
            continue
        for amount in find_amounts(text):
            if _CARRIED.match(folded, amount.end):
                found[name] = source.anchor(amount.shifted(line.start))
                break
    return found
