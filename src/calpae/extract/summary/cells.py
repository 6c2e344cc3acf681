"""Recapitulative tables in real cells (Markdown tab/pipe tables, HTML, DOCX).

The header row(s) name the columns by keywords (`keywords.classify_header`). Merged cells (row
spans) are missing from the exported rows, so a row's cells are shifted against the header;
each row is placed at the shift that puts its amounts under amount columns and its texts under
text columns (`_best_shift`).
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from calpae.extract.summary import keywords as tb
from calpae.extract.summary.lines import TITLE, TableLine, TableRead
from calpae.extract.text import folded_stripped
from calpae.model import SourceDocument, Table
from calpae.values.fold import fold

_CONTINUATION_LINES = 12  # at most this many lines between two pieces of one cell table


def cell_tables(source: SourceDocument, year: int | None) -> list[TableRead]:
    out = []
    for table in _joined_tables(source):
        read = _read_cell_table(source, table, year)
        if read is not None:
            out.append(read)
    return out


def _joined_tables(source: SourceDocument) -> list[Table]:
    """The cell tables, a table cut by a page break joined again: the piece after the break
    follows closely and repeats the header, or has no header and the same width."""
    out: list[Table] = []
    for table in source.tables:
        if out and _continues(source, out[-1], table):
            previous = out[-1]
            shift = previous.n_rows
            cells = previous.cells + tuple(dataclasses.replace(c, row=c.row + shift)
                                           for c in table.cells)
            out[-1] = Table(previous.index, cells, previous.start, table.end, previous.page)
        else:
            out.append(table)
    return out


def _continues(source: SourceDocument, previous: Table, table: Table) -> bool:
    gap = source.line_at(table.start).number - source.line_at(previous.end).number
    if gap > _CONTINUATION_LINES:
        return False
    before, after = previous.rows(), table.rows()
    if not before or not after or len(before[0]) != len(after[0]):
        return False
    if ([folded_stripped(source, c.start, c.end) for c in before[0]]
            == [folded_stripped(source, c.start, c.end) for c in after[0]]):
        return True
    header_less = _first_data_row([[tb.cell_slot(c) for c in r] for r in after[:1]]) == 0
    return header_less and _first_data_row([[tb.cell_slot(c) for c in r] for r in before]) != 0


def _read_cell_table(source: SourceDocument, table: Table, year: int | None) -> TableRead | None:
    rows = [[tb.cell_slot(c) for c in r] for r in table.rows()]
    first = _first_data_row(rows)
    if first is None or first == 0 or first > 3:
        return None
    header = _header_texts(table.rows()[:first])
    keys = tb.resolve_amount_keys([tb.classify_header(h) for h in header], header, year)
    named = {k for k in keys if k in tb.AMOUNT_KEYS}
    if not named:
        return None
    lines = [_cell_line(slots, keys) for slots in rows[first:] if any(
        s.kind in ("amount", "number") for s in slots)]
    lines = [ln for ln in lines if ln.amounts or ln.extra]
    details = sum(1 for ln in lines if len(ln.amounts) >= 1)
    if details < 2:
        return None
    context = _text_above(source, table.start) + " " + " ".join(header)
    score = details + 2 * len(named) + 10 * bool(TITLE.search(fold(context)))
    return TableRead(lines, [k for k in keys if k], score, tb.header_scale(context))


def _first_data_row(rows: list[list[tb.Slot]]) -> int | None:
    for i, slots in enumerate(rows):
        if any(s.kind == "amount" for s in slots):
            return i
    for i, slots in enumerate(rows[1:], start=1):
        if sum(1 for s in slots if s.kind == "number") >= 2:
            return i
    return None


def _header_texts(header_rows: list[list]) -> list[str]:
    """One text per column; a blank upper cell over a filled lower one spans from its left."""
    width = max(len(r) for r in header_rows)
    grid = [[c.text.strip() for c in r] + [""] * (width - len(r)) for r in header_rows]
    for upper, lower in itertools.pairwise(grid):
        for col in range(1, width):
            if not upper[col] and lower[col] and upper[col - 1]:
                upper[col] = upper[col - 1]
    return [" ".join(row[col] for row in grid if row[col]) for col in range(width)]


def _best_shift(slots: list[tb.Slot], keys: list[str | None]) -> int:
    """The offset between a row's cells and the header columns that reads the row best."""
    n = len(keys)

    def cost(shift: int) -> float:
        total = 0.1 * abs(shift)
        for i, slot in enumerate(slots):
            j = i - shift
            key = keys[j] if 0 <= j < n else None
            if slot.kind in ("amount", "number"):
                fits = key in tb.AMOUNT_COLUMNS or (slot.kind == "number" and key == tb.REF)
                total += 0 if fits else 3
            elif slot.kind == "text":
                if key in tb.AMOUNT_COLUMNS:
                    total += 2
                elif not 0 <= j < n:
                    total += 0.5
                elif (key == tb.REF) == bool(tb.ref_of(slot.text)) and key in (tb.REF, tb.LABEL):
                    total -= 1  # a number under the N° column, a label under the label one
        return total

    return min(range(-n, n + 1), key=cost)


def _cell_line(slots: list[tb.Slot], keys: list[str | None]) -> TableLine:
    shift = _best_shift(slots, keys)
    line = TableLine(start=slots[0].start, end=slots[-1].end)
    loose_texts = []
    for i, slot in enumerate(slots):
        j = i - shift
        key = keys[j] if 0 <= j < len(keys) else None
        if slot.kind in ("amount", "number") and key in tb.AMOUNT_KEYS:
            line.amounts[key] = slot
        elif slot.kind in ("amount", "number") and key not in tb.AMOUNT_COLUMNS and key != tb.REF:
            line.extra.append(slot)
        elif slot.kind == "text" or (slot.kind == "number" and key == tb.REF):
            line.texts.append(slot.text)
            _place_text(line, slot, key, loose_texts)
    if line.label is None and loose_texts:
        best = max(loose_texts, key=lambda s: len(s.text))
        line.label = (best.text, best.start, best.end)
    return line


# "Action 1 – Sorties sèches": a label cell led by its action's number, a numbering of the
# line like the fiches' heading numbers, not part of the label
_LABEL_LED_BY_REF = re.compile(rf"\s*{tb.REF_PREFIX}{tb.REF_NUMBER}\s*[-–:.)]\s*(?=\S)", re.I)


def _place_text(line: TableLine, slot: tb.Slot, key: str | None, loose: list[tb.Slot]) -> None:
    number = tb.ref_of(slot.text)
    prefixed = re.match(r"\s*(?:action|fiche|fa\b|n\s*[°o])", slot.text, re.I)
    led = _LABEL_LED_BY_REF.match(slot.text) if key in (tb.LABEL, None, tb.TEXT) else None
    if key == tb.REF or (number and (prefixed or key == tb.LABEL)):  # a bare number is no label
        line.number = line.number or number
    elif led and not number:
        line.number = line.number or tb.normalise_ref(led.group(1))
        # cells are recorded stripped: the slot's text starts at its span's start
        trimmed = tb.Slot(slot.kind, slot.text[led.end():], slot.start + led.end(), slot.end)
        _place_text(line, trimmed, key, loose)
    elif key == tb.LABEL:
        line.label = (slot.text, slot.start, slot.end)
    elif key == tb.THEME:
        line.theme = slot.text
    elif key == tb.CODE:
        line.code = slot.text
    elif key in (None, tb.TEXT) and not number and not line.amounts:
        loose.append(slot)


def _text_above(source: SourceDocument, start: int, count: int = 5) -> str:
    """The few lines above a table, where its title (and its unit) stand."""
    line = source.line_at(start)
    above = source.lines[max(0, line.number - 1 - count):line.number - 1]
    return " ".join(source.line_text(ln) for ln in above)
