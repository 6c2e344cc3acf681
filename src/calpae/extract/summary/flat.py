"""Recapitulative tables a PDF text layer or OCR flattened onto lines.

Each row is flattened onto a line (or its label onto the lines before it), header words are
scattered over several lines. The header's amount keywords, in reading order, give the amount
columns; a line's run of amounts fills them from the left (a row of 4 amounts under 6 columns
leaves the last two empty). OCR lines are read the same way, with a run of amounts allowed to
hold OCR specks and comments written after it; amounts inside the label (`(1 234 € par site)`)
are not in the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.summary import keywords as tb
from calpae.extract.summary.columns import Column, WordIndex, header_columns, place_amounts
from calpae.extract.summary.lines import TITLE, TableLine, TableRead
from calpae.extract.text import folded_line, trim_span
from calpae.model import SourceDocument
from calpae.values.fold import fold

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
_MAX_GAP = 30  # lines without amounts that end a flattened table


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


def text_tables(source: SourceDocument, year: int | None,
                 refs: frozenset[str] = frozenset()) -> list[TableRead]:
    in_cells = [(t.start, t.end) for t in source.tables]
    texts = tb.rejoin_split_amounts([text for _ln, text in source.iter_lines()])
    runs: list[tuple[int, int, list] | None] = []
    for ln, text in zip(source.lines, texts, strict=True):
        inside = any(s <= ln.start < e for s, e in in_cells)
        runs.append(None if inside else tb.amount_run(text))
    _read_plain_rows(texts, runs)
    titles = [i for i, (ln, text) in enumerate(source.iter_lines())
              if _is_title(text, folded_line(source, ln))]
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


def _is_title(text: str, folded: str) -> bool:
    """A line (its text and folded text) that titles a table, not a sentence of the articles
    that mentions one (`… figurant dans le tableau financier récapitulatif annexé.`)."""
    m = TITLE.search(folded)
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
    folded = fold(text)
    directions = "direction" in folded
    comments = bool(re.search(r"comment|observation", folded))
    ref_column = bool(_REF_COLUMN.search(folded))
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
    keys = tb.resolve_amount_keys([tb.classify_header(t) for t in texts], texts, flat.year)
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
        line = source.lines[i]
        text = source.line_text(line)
        keys = {k for k, _s, _e in tb.header_sequence(text, folded_line(source, line))}
        keys &= set(tb.AMOUNT_KEYS)
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
    slots = [tb.figure_slot(text[m.start:m.end], line.start + m.start, line.start + m.end, m)
             for m in amounts]
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
