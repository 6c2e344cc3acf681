"""The year a fiche's budget is for: the years its budget labels state, and the choice among
them (the exercise year where a label states it or a period holds it)."""

from __future__ import annotations

import re
from collections import Counter

from calpae.extract.actions.fields import split_cells, strip_numbering
from calpae.extract.text import folded_stripped
from calpae.model import Extracted, ReadStatus, SourceDocument

_BUDGET_YEAR = re.compile(r"^(?:budget|cout)\b[^\n\t]{0,60}")


Year = Extracted[int]


def section_years(source: SourceDocument, start: int, end: int) -> list[list[Year]]:
    """Years each budget label states ("Budget de l'année 2020", "sur 2019-2022"), one list
    per label."""
    out = []
    for line, text in source.lines_between(start, end):
        for cell_start, cell in split_cells(text):
            at = line.start + cell_start
            whole = folded_stripped(source, at, at + len(cell))
            folded = strip_numbering(whole)
            m = _BUDGET_YEAR.match(folded)
            if not m or "execut" in m.group(0):
                continue
            base = at + cell.find(cell.strip()[:1])
            shift = len(whole) - len(folded)
            stated = [Extracted.at(int(y.group(1)), base + shift + y.start(1),
                                   base + shift + y.end(1))
                      for y in _YEAR_IN.finditer(m.group(0))]
            if stated:
                out.append(stated)
    return out


_YEAR_IN = re.compile(r"(?<![\d/.,])(20[1-3]\d)(?![\d/.,]\d)")


def choose_year(labels: list[list[Year]], hint: int | None) -> Year | None:
    """The budget's year: the exercise year where a label states it or a range holding it,
    else the first year a label states."""
    for stated in labels:
        for y in stated:
            if y.value == hint:
                return y
        if hint is not None and len(stated) == 2 and stated[0].value < hint < stated[1].value:
            return Extracted.at(hint, stated[0].start, stated[1].end, ReadStatus.INFERRED,
                                "année du document, comprise dans la période du budget")
    return labels[0][0] if labels else None


def single_years(labels: list[list[Year]]) -> list[int]:
    """Years of labels that state one year only: the evidence for the exercise year."""
    return [stated[0].value for stated in labels if len(stated) == 1]


def mode_year(all_years: list[int]) -> int | None:
    return Counter(all_years).most_common(1)[0][0] if all_years else None
