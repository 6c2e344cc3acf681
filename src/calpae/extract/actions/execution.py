"""What an execution report states a fiche spent: credits engaged, consumed, carryover asked."""

from __future__ import annotations

import re

from calpae.extract.actions.fields import (
    amounts_in,
    labelled_part,
    split_cells,
    without_amounts,
    zero_tokens,
)
from calpae.extract.actions.figures import Value, goes_on, text_after, value_of
from calpae.extract.models import Execution
from calpae.extract.text import folded_line, folded_span, folded_stripped
from calpae.extract.vocabulary import Field, alternation
from calpae.model import SourceDocument

COLUMNS = ("engaged", "consumed", "carryover_requested")

_LABEL = re.compile(
    rf"(?P<engaged>(?:credits?|montants?)\s+{alternation(Field.ENGAGED)}\w*)"
    rf"|(?P<consumed>(?:credits?|montants?)\s+{alternation(Field.CONSUMED, Field.PAID)}\w*)"
    rf"|(?P<carryover_requested>(?:report|montant)\s+{alternation(Field.CARRYOVER_REQUESTED)}\w*"
    r"(?:\s+(?:sur|en|pour)\s*(?:l'annee\s+)?20\d\d)?)")
# "la somme de 123 456 € a été versée"
_SPENT_VERB = re.compile(r"^\s*(?:ont|a)\s+ete\s+"
                         + alternation(Field.TRANSFERRED, Field.PAID, Field.CONSUMED) + r"\b")


def execution_section(source: SourceDocument, start: int, end: int) -> tuple[int, int] | None:
    """The executed-budget part of a fiche, up to the next label of another part."""
    return labelled_part(source, start, end, "budget execute")


def read_execution(source: SourceDocument, start: int, end: int) -> Execution:
    execution = Execution()
    section = execution_section(source, start, end)
    if section is None:
        return execution
    values = _column_table(source, *section)
    if not values:
        values = _labelled(source, *section)
    if not values:
        values = _table(source, *section)
    for name in COLUMNS:  # the planned figure is the budget's, not the execution's
        v = values.get(name)
        if v is not None:
            setattr(execution, name, source.anchor(v))
    return execution


# Column titles of an execution table ("Montant prévu | Engagé | Mandaté | Report sollicité")
_COLUMN = re.compile(
    rf"^(?:(?:credits?|montants?)\s+)?(?:(?P<engaged>{alternation(Field.ENGAGED)})"
    r"|(?P<consumed>consomm|realis|depens|mandat|paye|liquid))"
    r"|^(?P<carryover_requested>(?:montant\s+(?:du\s+|a\s+)?)?report)"
    r"|^(?P<planned>(?:montants?|budget|credits?)\s+"
    rf"(?:{alternation(Field.BUDGET_PLANNED)}|programme)|{alternation(Field.BUDGET_PLANNED)})")


def planned_amount(source: SourceDocument, start: int, end: int) -> Value | None:
    """The planned figure of a fiche's execution table (`Montant prévu`): the action's budget
    total where its budget part gives none."""
    section = execution_section(source, start, end)
    return _column_table(source, *section).get("planned") if section else None


def _column_table(source: SourceDocument, start: int, end: int) -> dict[str, Value]:
    """A table whose header cells name the execution columns, its figures on the row below."""
    lines = [(ln, t) for ln, t in source.lines_between(start, end) if t.strip()]
    for k, (head, text) in enumerate(lines[:-1]):
        if "\t" not in text or amounts_in(text):
            continue
        columns = [_column_of(folded_stripped(source, head.start + p, head.start + p + len(cell)))
                   for p, cell in split_cells(text)]
        if sum(1 for c in columns if c in COLUMNS) < 2:
            continue
        line, row = lines[k + 1]
        return _row_values(line.start, row, columns)
    return {}


def _column_of(folded: str) -> str | None:
    """The execution column a header cell (stripped and folded) names, or None."""
    m = _COLUMN.match(folded)
    return m.lastgroup if m else None


def _row_values(base: int, row: str, columns: list[str | None]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    pos = 0
    for index, cell in enumerate(row.split("\t")):
        name = columns[index] if index < len(columns) else None
        found = amounts_in(cell) or zero_tokens(cell, [])
        if name is not None and len(found) == 1:
            out[name] = found[0].shifted(base + pos)
        pos += len(cell) + 1
    return out


def _labelled(source: SourceDocument, start: int, end: int) -> dict[str, Value]:
    """Figures stated on a label's own line ("Crédits consommés : 12 345 €") or in a sentence."""
    out: dict[str, Value] = {}
    lines = list(source.lines_between(start, end))
    for index, (line, text) in enumerate(lines):
        folded = folded_line(source, line)
        hits = list(_LABEL.finditer(folded))
        for k, m in enumerate(hits):
            stop = hits[k + 1].start() if k + 1 < len(hits) else len(text)
            region = text[m.end():stop]
            if stop == len(text) and goes_on(region, folded[m.end():stop]):
                region += text_after(source, lines, index)
            at = line.start + m.end()  # region runs on into the next line unbroken
            value = value_of(region, folded_span(source, at, at + len(region)), at, bare=False)
            if value is not None and m.lastgroup not in out:
                out[m.lastgroup] = value
        for a in amounts_in(text):
            if _SPENT_VERB.match(folded[a.end:]) and "consumed" not in out:
                out["consumed"] = a.shifted(line.start)
    return out


def _table(source: SourceDocument, start: int, end: int) -> dict[str, Value]:
    """A small table of expense lines under the column labels: a column's figure is kept only
    where a single line has a non-zero amount in it (adding lines up would compute a total)."""
    lines = list(source.lines_between(start, end))
    header_at = _header_end(source, lines)
    if header_at is None:
        return {}
    rows: list[list[tuple[Value, int]]] = []
    for line, text in lines[header_at:]:
        stripped = text.strip()
        if not stripped:
            continue
        if stripped.endswith(":") or len(stripped.split()) > 10:
            break
        found = amounts_in(text)
        cells = sorted(found + zero_tokens(text, found), key=lambda a: a.start)
        if not cells:
            continue
        entry = [(a, line.start) for a in cells]
        if rows and found and not without_amounts(text, found).strip():
            rows[-1].extend(entry)  # a line holding only amounts continues the previous row
            continue
        rows.append(entry)
    out: dict[str, Value] = {}
    for index, name in enumerate(COLUMNS):
        column = [row[index] for row in rows if len(row) > index and row[index][0].value]
        if len(column) == 1:
            a, base = column[0]
            out[name] = a.shifted(base)
    return out


def _header_end(source: SourceDocument, lines) -> int | None:
    """Index of the first line after the column labels, if the labels sit without amounts."""
    seen = 0
    for k, (line, text) in enumerate(lines):
        if not text.strip():
            continue
        hits = list(_LABEL.finditer(folded_line(source, line)))
        if hits and not amounts_in(text):
            seen += len(hits)
            continue
        if seen >= 2:
            return k
        if amounts_in(text):
            return None
    return None
