"""The figure a label's value text states: the first amount, the stated result of an
expression (`a + (b) = c`), the sum of a printed sum (`a + b`), or the one keyed by its year
(`en 2020 : 12 500 €`)."""

from __future__ import annotations

import re

from calpae.extract.actions.fields import amounts_in
from calpae.extract.actions.labels import PARENS
from calpae.model import Extracted, SourceDocument

Value = Extracted[float]  # a figure with absolute spans in source.text
_YEAR_KEY = re.compile(r"\ben\s+(20\d\d)\s*:?")
_SUM_REASON = "somme des montants imprimés séparément"


# "Part Etat : 50 % soit 4 100 €": the share stated before the amount
_SHARE = re.compile(r"\d{1,3}(?:[,.]\d+)?\s*%\s*(?:soit|,|:|=)?")


def _gap_ok(gap: str, year: int | None = None) -> bool:
    """Whether the text between a label and its amount is a short qualifier ("dédiée",
    "(100%)", "2021 :"), not a sentence about something else."""
    plain = _SHARE.sub("", PARENS.sub("", gap))
    if year is not None:
        plain = plain.replace(str(year), "")
    return len(plain.strip(" :=\t-–")) <= 30 and not any(c.isdigit() for c in plain)


def value_of(text: str, folded: str, offset: int, bare: bool,
             year: int | None = None) -> Value | None:
    """The figure a label's value text (and folded: that text folded) states: the first amount,
    the stated result of an expression (`a + (b) = c`), or the sum of a printed sum (`a + b`)."""
    found = amounts_in(text, bare_cells=bare)
    keyed = list(_YEAR_KEY.finditer(folded))
    if keyed:
        wanted = [k for k in keyed if int(k.group(1)) == year]
        if not wanted:
            return None
        found = [a for a in found if a.start >= wanted[0].end()]
        if not found or not _gap_ok(text[wanted[0].end():found[0].start]):
            return None
        return found[0].shifted(offset)
    if not found or not _gap_ok(text[:found[0].start], year):
        return None
    return _expression(text, found, offset)


def _expression(text: str, found: list[Value], offset: int) -> Value:
    first = found[0]
    rest = found[1:]
    for k, a in enumerate(rest):
        if "=" in text[first.end:a.start] and k == len(rest) - 1:
            # the stated result, its evidence the whole expression
            return a.but(spans=((first.start, a.end),)).shifted(offset)
    parts = [first]
    for a in rest:
        if text[parts[-1].end:a.start].strip() != "+":
            break
        parts.append(a)
    if len(parts) == 1:
        return first.shifted(offset)
    total = Extracted.derived(sum(a.value for a in parts), parts, _SUM_REASON)
    return total.shifted(offset)


def count_values(text: str, bare: bool) -> int:
    found = amounts_in(text, bare_cells=bare)
    count, last = 0, None
    for a in found:
        if last is None or text[last.end:a.start].strip() not in ("+", "="):
            count += 1
        last = a
    return count


def goes_on(region: str, folded: str, year: int | None = None) -> bool:
    """Whether a label's value text (and folded: that text folded) continues on the next line:
    an amount split from its sign, or figures by year that have not reached the budget's year
    yet."""
    if any(c.isdigit() for c in region) and not amounts_in(region):
        return True
    keyed = [int(k.group(1)) for k in _YEAR_KEY.finditer(folded)]
    return bool(keyed) and year not in keyed


def text_after(source: SourceDocument, lines, k: int) -> str:
    """The source text after line k up to the end of the next non-empty line (within three)."""
    for line, text in lines[k + 1:k + 4]:
        if text.strip():
            return source.text[lines[k][0].end:line.end]
    return ""
