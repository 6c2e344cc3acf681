"""The recapitulative financial table (maquette financière, annex of an execution report).

ADR 0003 — rebuilding tables from flattened text (full text: docs/adr/0003-flattened-tables.md).
The table comes in two shapes, each read into one intermediate form, the `TableLine`: the amounts
of one table line keyed by column, its label and the action number it prints.

* real cells (Markdown tab/pipe tables, HTML, DOCX): `summary/cells.py`;
* lines a PDF text layer or OCR flattened: `summary/flat.py`.

Subtotal and total lines are recognised by their label (`Sous-total`, `TOTAL`) or, for a
line of amounts without a label, by adding up the lines above.
"""

from __future__ import annotations

import re
from typing import TypeVar

from calpae.extract.indicators import extract_indicator_matrix
from calpae.extract.models import (
    Action,
    DocumentBlock,
    FinancialSummary,
    IndicatorRow,
    SummaryAmounts,
    SummaryRow,
)
from calpae.extract.summary import keywords as tb
from calpae.extract.summary.cells import cell_tables
from calpae.extract.summary.flat import text_tables
from calpae.extract.summary.lines import TableLine, TableRead
from calpae.extract.summary.refs import assign_action_refs
from calpae.model import ReadStatus, SourceDocument
from calpae.values.fold import fold

_SUBTOTAL = re.compile(r"\bsous[- ]?tota(?:l|ux)\b|\btotal\s+partiel")
_TOTAL = re.compile(r"\btota(?:l|ux)\b")
_RELIQUE = re.compile(r"\breliqu|\breport\b")
_INITIATIVE_HEADING = re.compile(r"\binitiatives?\b")
A = TypeVar("A", bound=SummaryAmounts)


def extract_financial_summary(
    source: SourceDocument, document: DocumentBlock, actions: list[Action]
) -> tuple[FinancialSummary | None, list[IndicatorRow]]:
    matrix = extract_indicator_matrix(source)
    year = document.exercise_year.value if document.exercise_year else None
    refs = frozenset(a.ref.value for a in actions if a.ref is not None)
    candidates = cell_tables(source, year) + text_tables(source, year, refs)
    candidates = [c for c in candidates if c.score > 0]
    if not candidates:
        return None, matrix
    best = max(candidates, key=lambda c: c.score)
    return _build_summary(source, best, actions), matrix


# --- from table lines to the financial summary ------------------------------------------------


def _build_summary(source: SourceDocument, read: TableRead,
                   actions: list[Action]) -> FinancialSummary:
    kinds = _line_kinds(read.lines)
    summary = FinancialSummary()
    details: list[TableLine] = []
    sections: list[str] = []
    section = "socle"
    group: list[TableLine] = []
    for line, kind in zip(read.lines, kinds, strict=True):
        words = fold(" ".join(line.texts))
        if kind == "detail" and ("initiative" in words or _INITIATIVE_HEADING.search(
                fold(line.context or ""))):
            section = "initiative"
        if kind == "total":
            summary.total = _amounts(source, line, SummaryAmounts(), read.scale)
            break
        if kind == "subtotal":
            summary.subtotals.append(_row(source, line, read.scale))
            _name_group(group, line)
            group = []
            if "socle" in words:
                section = "initiative"
            continue
        details.append(line)
        sections.append(section)
        group.append(line)
    if tb.CARRYOVER not in read.keys:
        _carryover_from_relique(details)
    refs = assign_action_refs(details, sections, actions, source)
    for line, ref in zip(details, refs, strict=True):
        row = _row(source, line, read.scale)
        if ref is not None:
            row.action_ref = source.extracted(ref, line.start, line.end, ReadStatus.INFERRED,
                                              "fiche rapprochée de la ligne du tableau")
        summary.rows.append(row)
    if summary.total is not None and tb.STATE not in read.keys:
        _state_total_from_actions(source, read, summary, actions)
    return summary


def _line_kinds(lines: list[TableLine]) -> list[str]:
    """detail, subtotal or total for each line; the grand total is the last total line."""
    kinds = []
    for line in lines:
        words = fold(" ".join(line.texts))
        if _SUBTOTAL.search(words):
            kinds.append("subtotal")
        elif _TOTAL.search(words) or (not line.texts and _sums_up(line, lines, kinds)):
            kinds.append("total")
        else:
            kinds.append("detail")
    totals = [i for i, k in enumerate(kinds) if k == "total"]
    for i in totals[:-1]:
        kinds[i] = "subtotal"
    if len(totals) > 1:
        last = totals[-1]
        same = [i for i in totals[:-1] if lines[i].texts == lines[last].texts]
        if same and not _sums_up(lines[last], lines[:last], kinds[:last]):
            kinds[last] = "subtotal"
    return kinds


def _sums_up(line: TableLine, lines: list[TableLine], kinds: list[str]) -> bool:
    """Whether a line of amounts is the sum of the detail lines or of the subtotals above."""
    for kind in ("detail", "subtotal"):
        above = [ln for ln, k in zip(lines, kinds, strict=False) if k == kind]
        for key, slot in line.amounts.items():
            values = [ln.amounts[key].value for ln in above if key in ln.amounts]
            if len(values) >= 2 and slot.value and abs(sum(values) - slot.value) <= 1:
                return True
    return False


def _name_group(group: list[TableLine], subtotal: TableLine) -> None:
    """Lines closed by `Sous-total - X` belong to group X."""
    if subtotal.label is None:
        return
    name = re.sub(r"^\W*sous[- ]?tota(?:l|ux)\W*", "", subtotal.label[0], flags=re.I).strip()
    for line in group:
        line.theme = line.theme or name or None


def _carryover_from_relique(details: list[TableLine]) -> None:
    """A line labelled as the previous year's leftover credits is a carryover of its amount."""
    for line in details:
        label = fold(line.label[0]) if line.label else ""
        if _RELIQUE.search(label) and tb.CARRYOVER not in line.amounts:
            slot = line.amounts.get(tb.STATE) or line.amounts.get(tb.TOTAL)
            if slot is not None:
                line.amounts[tb.CARRYOVER] = slot


def _state_total_from_actions(source: SourceDocument, read: TableRead,
                              summary: FinancialSummary, actions: list[Action]) -> None:
    """An unlabelled extra amount of the total line is the State total where it equals the
    fiches' State parts added up (to the euro): the table prints it under no header."""
    total_line = next((ln for ln in reversed(read.lines) if ln.extra), None)
    parts = [a.budget.state.value for a in actions
             if a.budget is not None and a.budget.state is not None]
    if total_line is None or len(parts) < 2 or summary.total is None:
        return
    for slot in total_line.extra:
        if slot.amount is not None and abs(sum(parts) - slot.amount.value) < 1:
            summary.total.state = source.anchor(slot.amount.but(
                status=ReadStatus.INFERRED,
                reason="montant sans en-tête, égal à la somme des parts État des fiches"))
            return


def _row(source: SourceDocument, line: TableLine, scale: float) -> SummaryRow:
    row = _amounts(source, line, SummaryRow(), scale)
    if line.label is not None:
        text, start, end = line.label
        row.label = source.extracted(text, start, end)
    if line.theme:
        row.theme = source.extracted(line.theme, line.start, line.end, ReadStatus.INFERRED,
                                     "thème du sous-total qui clôt le groupe de lignes")
    if line.code:
        row.budget_code = source.extracted(line.code, line.start, line.end)
    return row


def _amounts(source: SourceDocument, line: TableLine, target: A, scale: float) -> A:
    for key, slot in line.amounts.items():
        found = slot.amount
        if found is None:
            continue
        unit = 1.0 if tb.header_scale(slot.text) != 1.0 else scale  # `12,5 k€` is read as such
        if unit != 1.0:
            found = found.but(value=round(found.value * unit, 2))
            if not found.repaired:
                found = found.but(status=ReadStatus.INFERRED,
                                  reason=f"montant multiplié par {unit:g} : unité de l'en-tête")
        setattr(target, key, source.anchor(found))
    return target
