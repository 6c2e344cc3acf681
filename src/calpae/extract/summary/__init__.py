"""The recapitulative financial table (maquette financière, annex of an execution report).

ADR 0003 — rebuilding tables from flattened text (full text: docs/adr/0003-flattened-tables.md).
The table comes in three shapes, read into one intermediate form, the `TableLine`: the amounts
of one table line keyed by column, its label and the action number it prints.

* Real cells (Markdown tab/pipe tables, HTML): the header row(s) name the columns by keywords
  (`tables.classify_header`). Merged cells (row spans) are missing from the exported rows, so
  a row's cells are shifted against the header; each row is placed at the shift that puts
  its amounts under amount columns and its texts under text columns (`_best_shift`).
* A PDF text layer: each row is flattened onto a line (or its label onto the lines before
  it), header words are scattered over several lines. The header's amount keywords, in
  reading order, give the amount columns; a line's run of amounts fills them from the left
  (a row of 4 amounts under 6 columns leaves the last two empty).
* OCR lines: as the text layer, with a run of amounts allowed to hold OCR specks and
  comments written after it; amounts inside the label (`(1 234 € par site)`) are not in
  the run.
Subtotal and total lines are recognised by their label (`Sous-total`, `TOTAL`) or, for a
line of amounts without a label, by adding up the lines above.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from typing import TypeVar

from calpae.extract.document.regions import trim_span
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
from calpae.extract.summary.columns import Column, WordIndex, header_columns, place_amounts
from calpae.extract.summary.refs import assign_action_refs
from calpae.model import Extracted, ReadStatus, SourceDocument, Table
from calpae.values.fold import fold


@dataclass
class TableLine:
    """One line of the table as read: amounts keyed by column, label, printed action number."""

    start: int
    end: int
    amounts: dict[str, tb.Slot] = field(default_factory=dict)
    extra: list[tb.Slot] = field(default_factory=list)  # amounts beyond the known columns
    label: tuple[str, int, int] | None = None  # text, start, end
    number: str | None = None  # the action number the line prints
    texts: list[str] = field(default_factory=list)  # every text of the line, for keywords
    theme: str | None = None
    code: str | None = None
    context: str | None = None  # text lines printed since the previous table line


@dataclass
class TableRead:
    """A candidate recapitulative table: its lines and how much it looks like one."""

    lines: list[TableLine]
    keys: list[str]  # the amount keys its header names
    score: float
    scale: float = 1.0


_TITLE = re.compile(
    r"maquette\s+financ|tableau\s+financ|tableau\s+recapitul|recapitulatif\s+financ"
    r"|annexe\s+financ|financements?\s+(?:19|20)\d{2}|plan\s+de\s+financement"
    r"|tableau\s+des\s+engagements|annexe\s+au\s+rapport|tableau\s+d'\s*execution")
_SUBTOTAL = re.compile(r"\bsous[- ]?tota(?:l|ux)\b|\btotal\s+partiel")
_TOTAL = re.compile(r"\btota(?:l|ux)\b")
_RELIQUE = re.compile(r"\breliqu|\breport\b")
_MARKER = re.compile(rf"\b{tb.REF_PREFIX}{tb.REF_NUMBER}(?!\w|\.\d|-\d)", re.I)
_MARKER_LINE = re.compile(rf"\s*(?:{tb.REF_PREFIX}|{tb.NUMERO}){tb.REF_NUMBER}\s*[.:)-]?\s*",
                          re.I)
# A number opening a line's label: the line's own number where the header names a number
# column (`N°`, `Fiche`), or where it says `n°` itself.
_LEADING = re.compile(rf"\s*({tb.NUMERO})?{tb.REF_NUMBER}[.:)]?(?:\s*[-–:]\s*|\s+)(?=\S)", re.I)
# A section heading printed on its own line between two table lines.
_INITIATIVE_HEADING = re.compile(r"\binitiatives?\b")
_REF_COLUMN = re.compile(r"(?:^|\s)(?:n\s*[°o]|numero|fiches?)(?:\s|$)")
_ACRONYM_SPLIT = re.compile(r"^(?:.*\s)?[A-Z]{2,6}\s+(?=[A-Z][a-zà-ÿ])")
A = TypeVar("A", bound=SummaryAmounts)
_MAX_GAP = 30  # lines without amounts that end a flattened table
_CONTINUATION_LINES = 12  # at most this many lines between two pieces of one cell table


def extract_financial_summary(
    source: SourceDocument, document: DocumentBlock, actions: list[Action]
) -> tuple[FinancialSummary | None, list[IndicatorRow]]:
    matrix = extract_indicator_matrix(source)
    year = document.exercise_year.value if document.exercise_year else None
    refs = frozenset(a.ref.value for a in actions if a.ref is not None)
    candidates = _cell_tables(source, year) + _text_tables(source, year, refs)
    candidates = [c for c in candidates if c.score > 0]
    if not candidates:
        return None, matrix
    best = max(candidates, key=lambda c: c.score)
    return _build_summary(source, best, actions), matrix


# --- real cells -------------------------------------------------------------------------------


def _cell_tables(source: SourceDocument, year: int | None) -> list[TableRead]:
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
    if [fold(c.text.strip()) for c in before[0]] == [fold(c.text.strip()) for c in after[0]]:
        return True
    header_less = _first_data_row([[tb.cell_slot(c) for c in r] for r in after[:1]]) == 0
    return header_less and _first_data_row([[tb.cell_slot(c) for c in r] for r in before]) != 0


def _read_cell_table(source: SourceDocument, table: Table, year: int | None) -> TableRead | None:
    rows = [[tb.cell_slot(c) for c in r] for r in table.rows()]
    first = _first_data_row(rows)
    if first is None or first == 0 or first > 3:
        return None
    header = _header_texts(table.rows()[:first])
    keys = _resolve_amount_keys([tb.classify_header(h) for h in header], header, year)
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
    score = details + 2 * len(named) + 10 * bool(_TITLE.search(fold(context)))
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


def _resolve_amount_keys(keys: list[str | None], header: list[str],
                         year: int | None) -> list[str | None]:
    """Settle repeated and unattributed amount columns.

    A key named by several columns (one per year) keeps the column of the exercise year, and
    none if no column names it. A bare `Montant` is the State's where the table gives the
    département's part but not the State's (the two contract parties), the total where it
    names no financer at all.
    """
    out = list(keys)
    for key in tb.AMOUNT_KEYS:
        cols = [i for i, k in enumerate(out) if k == key]
        if len(cols) > 1:
            keep = [i for i in cols if year and _last_year(header[i]) == year]
            for i in cols:
                out[i] = key if keep and i == keep[0] else tb.SKIP
    bare = [i for i, k in enumerate(out) if k == tb.AMOUNT]
    if len(bare) == 1:
        present = set(out)
        if tb.TERRITORY in present and tb.STATE not in present:
            out[bare[0]] = tb.STATE
        elif not present & {tb.STATE, tb.TERRITORY, tb.TOTAL, tb.OTHER}:
            out[bare[0]] = tb.TOTAL
    return out


def _last_year(text: str) -> int | None:
    years = re.findall(r"\b((?:19|20)\d{2})\b", text)
    return int(years[-1]) if years else None


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


# --- flattened text ---------------------------------------------------------------------------


@dataclass
class _FlatText:
    """The document's lines as the flattened-table reader sees them."""

    source: SourceDocument
    texts: list[str]  # line texts, amounts split across a line break rejoined
    runs: list[tuple[int, int, list] | None]  # each line's run of amounts
    titles: list[int]  # indexes of the lines holding a table title
    words: WordIndex
    year: int | None
    refs: frozenset[str] = frozenset()  # the fiches' refs, to recognise a line's own number


@dataclass
class _Header:
    keys: list[str]  # amount keys in reading order
    columns: list[Column] | None  # positioned columns, where word boxes give them
    directions: bool
    ref_column: bool  # the header names a column of action numbers
    comments: bool = False  # the header names a comments column (free text between lines)


def _text_tables(source: SourceDocument, year: int | None,
                 refs: frozenset[str] = frozenset()) -> list[TableRead]:
    in_cells = [(t.start, t.end) for t in source.tables]
    texts = tb.rejoin_split_amounts([text for _ln, text in source.iter_lines()])
    runs: list[tuple[int, int, list] | None] = []
    for ln, text in zip(source.lines, texts, strict=True):
        inside = any(s <= ln.start < e for s, e in in_cells)
        runs.append(None if inside else tb.amount_run(text))
    _read_plain_rows(texts, runs)
    titles = [i for i, (_ln, text) in enumerate(source.iter_lines()) if _is_title(text)]
    flat = _FlatText(source, texts, runs, titles, WordIndex(source), year, refs)
    out = []
    for first in _row_starts(runs, titles):
        read = _read_text_table(flat, first)
        if read is not None:
            out.append(read)
    return out


_UNIT = re.compile(r"\ben\s+euros?\b|€|\beuros\b")
_PLAIN_GAP = 3  # text lines that end a table of plain numbers


def _read_plain_rows(texts: list[str], runs: list) -> None:
    """Runs of plain numbers (no `€`) under a header that names the amount columns and whose
    unit is stated (`k€`, `en milliers d'euros`, `en euros`) on it or just above it."""
    for i in range(len(texts)):
        keys = _plain_header_keys(texts, i)
        if keys is None:
            continue
        gap = 0
        for j in range(i + 1, len(texts)):
            if runs[j] is None:
                runs[j] = tb.plain_run(texts[j], keys) if texts[j].strip() else None
            if runs[j] is not None:
                gap = 0
                continue
            gap += 1
            if gap > _PLAIN_GAP:
                break


def _plain_header_keys(texts: list[str], index: int) -> list[str] | None:
    text = texts[index]
    if not text.strip() or text.rstrip().endswith((".", ";", ",")) or len(text.split()) > 20:
        return None
    keys = [k for k, _s, _e in tb.header_sequence(text)]
    if len(keys) < 2 or len(set(keys) & set(tb.AMOUNT_KEYS)) < 2:
        return None
    around = fold(" ".join(texts[max(0, index - 3):index + 1]))
    if tb.header_scale(around) == 1.0 and not _UNIT.search(around):
        return None
    return keys


def _is_title(text: str) -> bool:
    """A line that titles a table, not a sentence of the articles that mentions one
    (`… figurant dans le tableau financier récapitulatif annexé.`)."""
    m = _TITLE.search(fold(text))
    if m is None or text.rstrip().endswith("."):
        return False
    lead = len(text) - len(text.lstrip(" \t*#-–"))
    return m.start() - lead <= 30 or text.isupper()


def _row_starts(runs: list, titles: list[int]) -> list[int]:
    """Candidate first rows: the first multi-amount line after each title and each cluster."""
    starts = set()
    for t in titles:
        for i in range(t + 1, min(len(runs), t + 40)):
            if runs[i] and len(runs[i][2]) >= 2:
                starts.add(i)
                break
    previous = -100
    for i, run in enumerate(runs):
        if run and len(run[2]) >= 2:
            if i - previous > 10:
                starts.add(i)
            previous = i
    return sorted(starts)


def _read_text_table(flat: _FlatText, first: int) -> TableRead | None:
    source = flat.source
    header_lines = _header_lines(source, flat.titles, first)
    header = _read_header(flat, header_lines)
    if header is None:
        return None
    lines = _text_lines(flat, first, header)
    details = sum(1 for ln in lines if len(ln.amounts) >= 2)
    if details < 2:
        return None
    named = {k for k in header.keys if k in tb.AMOUNT_KEYS}
    title = header_lines[0] - 1 if header_lines else -1
    titled = title in flat.titles
    title_text = source.line_text(source.lines[title]) if titled else ""
    header_text = " ".join(source.line_text(source.lines[i]) for i in header_lines)
    scale = tb.header_scale(f"{header_text} {title_text}")
    return TableRead(lines, header.keys, details + 2 * len(named) + 10 * titled, scale)


def _read_header(flat: _FlatText, header_lines: list[int]) -> _Header | None:
    """The header's amount keys in reading order, and its columns where words have boxes."""
    source = flat.source
    texts = [source.line_text(source.lines[i]) for i in header_lines]
    text = _stacked_header_text(texts) or " ".join(texts)
    keys = [k for k, _s, _e in tb.header_sequence(text)]
    directions = "direction" in fold(text)
    comments = bool(re.search(r"comment|observation", fold(text)))
    ref_column = bool(_REF_COLUMN.search(fold(text)))
    columns = _positioned_columns(flat, header_lines)
    if columns is not None:
        positioned = [c.key for c in columns if c.key in tb.AMOUNT_COLUMNS]
        if len(set(positioned) & set(tb.AMOUNT_KEYS)) >= len(set(keys) & set(tb.AMOUNT_KEYS)):
            ref_column = ref_column or any(c.key == tb.REF for c in columns)
            return _Header([k for k in positioned if k], columns, directions, ref_column,
                           comments)
    if len(keys) < 2 or not set(keys) & set(tb.AMOUNT_KEYS):
        return None
    return _Header(keys, None, directions, ref_column, comments)


def _stacked_header_text(texts: list[str]) -> str | None:
    """A two-line header whose last line carries on each column of the line above, word by
    word (`Budget Participation … / global Etat …`), read column by column where that names
    more amount columns than reading line after line."""
    texts = [t for t in texts if t.strip()]
    if len(texts) < 2:
        return None
    above, below = texts[-2].split(), texts[-1].split()
    if not 2 <= len(below) <= len(above):
        return None
    head = above[:len(above) - len(below)]
    pairs = [f"{a} {b}" for a, b in zip(above[len(head):], below, strict=True)]
    stacked = " ".join([*texts[:-2], *head, *pairs])
    lined = " ".join(texts)

    def named(text: str) -> int:
        return len({k for k, _s, _e in tb.header_sequence(text)} & set(tb.AMOUNT_KEYS))

    return stacked if named(stacked) > named(lined) else None


def _positioned_columns(flat: _FlatText, header_lines: list[int]) -> list[Column] | None:
    if not flat.words or not header_lines:
        return None
    lines = [flat.source.lines[i] for i in header_lines]
    columns = header_columns(flat.words, [(ln.start, ln.end) for ln in lines])
    if columns is None:
        return None
    texts = [c.text for c in columns]
    keys = _resolve_amount_keys([tb.classify_header(t) for t in texts], texts, flat.year)
    for column, key in zip(columns, keys, strict=True):
        column.key = key
    amount_columns = [k for k in keys if k in tb.AMOUNT_COLUMNS]
    return columns if len(amount_columns) >= 2 else None


def _header_lines(source: SourceDocument, titles: list[int], first: int) -> list[int]:
    """Line indexes of the header: after the last title above the first row, else the short
    lines just above it."""
    above = [t for t in titles if first - 40 < t < first]
    if above:
        return list(range(above[-1] + 1, first))
    out: list[int] = []
    named: set[str] = set()
    i = first - 1
    while i >= 0 and len(out) < 15:
        text = source.line_text(source.lines[i])
        keys = {k for k, _s, _e in tb.header_sequence(text)} & set(tb.AMOUNT_KEYS)
        if len(text.split()) > 14 or keys & named:
            break  # a header names each column once: a repeated one belongs to text above
        if tb.amount_run(text) or text.rstrip().endswith("."):
            break  # a line of amounts or the end of a sentence is no header text
        named |= keys
        out.insert(0, i)
        i -= 1
    return out


def _text_lines(flat: _FlatText, first: int, header: _Header) -> list[TableLine]:
    source = flat.source
    out: list[TableLine] = []
    pending: list[int] = []
    gap = 0
    for i in range(first, len(flat.runs)):
        line = source.lines[i]
        if line.heading and out:
            break
        run = flat.runs[i]
        if run is None:
            gap += 1
            if gap > _MAX_GAP:
                break
            if _continues_label(flat, i, out, header):
                _extend_label(out[-1], line.end, flat.texts[i])
            elif flat.texts[i].strip():
                pending.append(i)
            continue
        gap = 0
        line_read = _text_line(flat, i, run, header, pending)
        line_read.context = " ".join(source.line_text(source.lines[k]) for k in pending) or None
        out.append(line_read)
        pending = []
    return out


def _continues_label(flat: _FlatText, index: int, out: list[TableLine], header: _Header) -> bool:
    """A lower-case line right under a table line: the rest of its wrapped label."""
    text = flat.texts[index].strip()
    return (bool(out) and out[-1].label is not None and not header.comments and index > 0
            and flat.runs[index - 1] is not None and text[:1].islower()
            and len(text.split()) <= 8)


def _extend_label(line: TableLine, end: int, text: str) -> None:
    label, start, _end = line.label
    line.label = (f"{label} {' '.join(text.split())}", start, end)
    line.texts.append(text.strip())


def _text_line(flat: _FlatText, index: int, run: tuple[int, int, list], header: _Header,
               pending: list[int]) -> TableLine:
    line = flat.source.lines[index]
    text = flat.texts[index]
    start, _end, amounts = run
    out = TableLine(start=line.start, end=line.start + len(text))
    slots = [tb.Slot("amount", text[m.start:m.end], line.start + m.start, line.start + m.end,
                     m.value, m.repaired) for m in amounts]
    placed = None
    if header.columns is not None:
        placed = place_amounts(flat.words, header.columns, slots)
    for i, slot in enumerate(slots):
        key = placed[i] if placed is not None else (
            header.keys[i] if i < len(header.keys) else None)
        if key in tb.AMOUNT_KEYS:
            out.amounts[key] = slot
        elif key not in tb.AMOUNT_COLUMNS and (placed is not None or i >= len(header.keys)):
            out.extra.append(slot)
    pre = text[:start]
    if pre.strip():
        out.texts.append(pre.strip())
        _label_from_text(out, pre, line.start, header.directions, header.ref_column, flat.refs)
    elif pending:
        _label_from_pending(out, flat.source, pending)
    return out


def _label_from_text(out: TableLine, pre: str, base: int, directions: bool,
                     ref_column: bool, refs: frozenset[str] = frozenset()) -> None:
    """The label before a line's amounts: after an `Action N` column or a leading number, a
    table border or, in tables with a Direction column, the direction's acronym
    (`DRH Frais de …`)."""
    stripped = pre.rstrip()
    lo = pre.rfind("|") + 1 if "|" in stripped[:-1] else 0
    markers = list(_MARKER.finditer(pre, lo))
    numbered = False
    if markers:
        m = markers[-1]
        out.number = tb.normalise_ref(m.group(1))
        after = pre[m.end():]
        bracketed = pre[:m.start()].rstrip().endswith("(")
        if after.strip() and not bracketed and not after.lstrip().startswith(")"):
            lo, numbered = m.end(), True
    if not markers:
        lead = _LEADING.match(pre, lo)
        if lead and (lead.group(1) or ref_column or _is_fiche_ref(lead.group(2), refs)):
            out.number = tb.normalise_ref(lead.group(2))
            lo, numbered = lead.end(), True
    if directions and not numbered:
        split = _ACRONYM_SPLIT.match(pre, lo)
        if split:
            lo = split.end()
    _set_label(out, pre, base, lo, len(pre))


def _is_fiche_ref(number: str, refs: frozenset[str]) -> bool:
    """A dotted number opening a line (`1.4 Orientation …`) that is one of the fiches' refs."""
    ref = tb.normalise_ref(number)
    return "." in ref and ref in refs


def _label_from_pending(out: TableLine, source: SourceDocument, pending: list[int]) -> None:
    """A line of bare amounts takes its label from the lines after an `Action N` line."""
    for k in range(len(pending) - 1, -1, -1):
        text = source.line_text(source.lines[pending[k]])
        m = _MARKER_LINE.fullmatch(text)
        if m:
            out.number = tb.normalise_ref(m.group(1))
            rest = pending[k + 1:]
            if rest:
                first, last = source.lines[rest[0]], source.lines[rest[-1]]
                label = " ".join(source.line_text(source.lines[i]).strip() for i in rest)
                out.label = (" ".join(label.split()), first.start, last.end)
                out.texts.append(label)
            return


def _set_label(out: TableLine, text: str, base: int, lo: int, hi: int) -> None:
    lo, hi = trim_span(text, lo, hi, junk=" \t:-–|")
    if hi > lo:
        out.label = (" ".join(text[lo:hi].split()), base + lo, base + hi)


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
            row.action_ref = Extracted(ref, source.evidence(line.start, line.end),
                                       ReadStatus.INFERRED)
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
        if slot.value is not None and abs(sum(parts) - slot.value) < 1:
            summary.total.state = source.extracted(slot.value, slot.start, slot.end,
                                                   ReadStatus.INFERRED)
            return


def _row(source: SourceDocument, line: TableLine, scale: float) -> SummaryRow:
    row = _amounts(source, line, SummaryRow(), scale)
    if line.label is not None:
        text, start, end = line.label
        row.label = Extracted(text, source.evidence(start, end))
    if line.theme:
        row.theme = Extracted(line.theme, source.evidence(line.start, line.end),
                              ReadStatus.INFERRED)
    if line.code:
        row.budget_code = Extracted(line.code, source.evidence(line.start, line.end))
    return row


def _amounts(source: SourceDocument, line: TableLine, target: A, scale: float) -> A:
    for key, slot in line.amounts.items():
        if slot.value is None:
            continue
        status = ReadStatus.read(slot.repaired)
        unit = 1.0 if tb.header_scale(slot.text) != 1.0 else scale  # `12,5 k€` is read as such
        if unit != 1.0 and not slot.repaired:
            status = ReadStatus.INFERRED
        value = round(slot.value * unit, 2)
        setattr(target, key, source.extracted(value, slot.start, slot.end, status))
    return target
