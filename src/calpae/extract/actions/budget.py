"""The budget a fiche states for its year: State, département, other financers and total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calpae.extract.actions.fields import (
    amounts_in,
    field_label,
    labelled_part,
    split_cells,
    strip_numbering,
)
from calpae.extract.actions.figures import Value, count_values, goes_on, text_after, value_of
from calpae.extract.actions.flat_budget import FlatTable
from calpae.extract.actions.labels import (
    BARE,
    BARE_INSIDE,
    FINANCER_AFTER,
    PARENS,
    QUALIFIED,
    cell_field,
)
from calpae.extract.actions.years import Year
from calpae.extract.models import Budget
from calpae.extract.text import folded_line, folded_span, folded_stripped
from calpae.extract.vocabulary import Field, alternation
from calpae.model import Extracted, ReadStatus, SourceDocument

FIELDS = ("state", "territory", "other", "total")

# a line that recalls another year's figures before its labels ("Rappel 2020 : …", "En 2020,")
_OTHER_YEAR_LEAD = re.compile(r"^\W*(?:rappel\s+|pour\s+|en\s+|budget\s+|annee\s+)?(20\d\d)\b")
# "Budget de l'année 2019 : 158 300 €", "Dépenses 2020 : 1 234 567 €": the year's total
_YEAR_TOTAL = re.compile(
    r"\b(?:budget|cout)\s+(?:previsionnel\s+)?(?:(?:de\s+[li]?'*\s*annee|pour|de|en)\s+)?(20\d\d)"
    r"|\bdepenses\s+(20\d\d)")
_FUNDING_DETAIL = re.compile(r"^(?:detail\s+(?:du\s+)?(?:financement|cofinancement)"
                             r"|(?:plan\s+de\s+)?financement\s+calpae)")
_ALL_OTHERS = re.compile(rf"{alternation(Field.OTHER_FINANCERS)}"
                         rf"|participation\s+d'\s*{alternation(Field.OTHERS_BARE)}")


_OTHERS_REASON = "somme des autres financeurs imprimés un par un"


@dataclass
class _Reading:
    values: dict[str, Value] = field(default_factory=dict)
    columns: dict[int, str] = field(default_factory=dict)
    column_values: dict[str, list[Value]] = field(default_factory=dict)
    # the cell index of the budget year's column under a header of years; -1 where the header
    # has no column for that year
    year_column: int | None = None

    # other financers named one per line (`FSE : …`, `CAF : …`), by label, and the figure of
    # a line that totals them (`Autres financeurs : …`)
    other_parts: dict[str, Value] = field(default_factory=dict)
    other_total: Value | None = None

    def put(self, name: str, value: Value | None) -> None:
        if value is not None and name not in self.values:
            self.values[name] = value

    def put_other(self, label: str, value: Value | None) -> None:
        if value is None:
            return
        if _ALL_OTHERS.search(label):
            self.other_total = self.other_total or value
        else:
            self.other_parts.setdefault(" ".join(label.split()), value)

    def settle_other(self) -> None:
        """Other financers given one per line, without a line for all of them, are summed
        (calpae-json records them in one `other` figure)."""
        if self.other_total is not None:
            self.put("other", self.other_total)
        elif self.other_parts:
            self.put("other", _summed(list(self.other_parts.values())))


def budget_section(source: SourceDocument, start: int, end: int) -> tuple[int, int] | None:
    """The budget part of a fiche: from its "Budget…" label to the next label of another part."""
    return labelled_part(source, start, end, "budget")


def _scan_prose(reading: _Reading, source: SourceDocument, text: str, offset: int,
                year: int | None, after: str, folded_after: str) -> None:
    """Labelled figures of one line or cell (source.text[offset:offset + len(text)]); `after` is
    the source text that follows it up to the end of the next non-empty line, where a split
    amount or a year's figure may go on, `folded_after` that text folded."""
    folded = folded_span(source, offset, offset + len(text))
    if _recalls_other_year(folded, year):
        return
    hits = _label_hits(folded, year)
    for k, (_s, e, name) in enumerate(hits):
        stop = hits[k + 1][0] if k + 1 < len(hits) else len(text)
        region, folded_region = text[e:stop], folded[e:stop]
        if stop == len(text) and goes_on(region, folded_region, year):
            region, folded_region = region + after, folded_region + folded_after
        value = value_of(region, folded_region, offset + e, bare=False, year=year)
        if name == "other":
            reading.put_other(folded[_s:e], value)
        else:
            reading.put(name, value)
    for name, amount in _financers_after_amounts(text, folded, folded_after):
        reading.put(name, amount.shifted(offset))


def _recalls_other_year(folded: str, year: int | None) -> bool:
    m = _OTHER_YEAR_LEAD.match(strip_numbering(folded.strip()))
    return bool(m) and year is not None and int(m.group(1)) != year


def _label_hits(folded: str, year: int | None) -> list[tuple[int, int, str]]:
    """Budget labels of a folded line, as (start, end, field), in line order."""
    hits = [(m.start(), m.end(), m.lastgroup) for m in QUALIFIED.finditer(folded)]

    def free(at: int) -> bool:
        return not any(h[0] <= at < h[1] for h in hits)

    core = strip_numbering(folded.strip())
    lead = folded.find(core) if core else 0
    m = BARE.match(core)
    if m and PARENS.sub("", core[m.end():]).lstrip()[:1] in (":", "=") and free(lead):
        hits.append((lead, lead + m.end(), m.lastgroup))
    for m in BARE_INSIDE.finditer(folded):
        if free(m.start(m.lastgroup)):
            hits.append((m.start(m.lastgroup), m.end(), m.lastgroup))
    for m in _YEAR_TOTAL.finditer(folded):
        stated = int(m.group(1) or m.group(2))
        rest = folded[m.end():].lstrip()
        if stated == year and rest[:1] in (":", "=") and free(m.start()):
            hits.append((m.start(), m.end(), "total"))
    return sorted(hits)


_FINANCER_REACH = 2_000  # characters after an amount where its financer's name is looked for


def _financers_after_amounts(text: str, folded: str, after: str) -> list[tuple[str, Value]]:
    """Shares of a total named after their amount: "… dont 4 100 € de l'État et …"; the
    financer's name may be wrapped onto the next line (`after`)."""
    found = amounts_in(text)
    out = []
    dont = folded.find("dont")  # the first: slicing the line for each amount was quadratic
    rest = after.replace("\n", " ")
    for k, a in enumerate(found):
        if k == 0 or dont < 0 or dont + len("dont") > a.start:
            continue
        m = FINANCER_AFTER.match(folded[a.end:a.end + _FINANCER_REACH] + rest)
        if m:
            out.append((m.lastgroup, a))
    return out


def _read_row(reading: _Reading, source: SourceDocument, text: str, offset: int,
              year: int | None) -> bool:
    """A table line's figures (text: source.text[offset:offset + len(text)])."""
    cells = list(split_cells(text))
    filled = [(p, c) for p, c in cells if c.strip()]
    if not filled:
        return False
    header_years = _header_years(source, offset, cells)

    def value_at(p: int, c: str) -> Value | None:  # the figure of text[p:p + len(c)]
        return value_of(c, folded_span(source, offset + p, offset + p + len(c)), offset + p,
                        bare=True, year=year)

    if header_years:
        reading.year_column = header_years.get(year, -1) if year is not None else None
        return True
    labels = {i: cell_field(c, folded_stripped(source, offset + p, offset + p + len(c)))
              for i, (p, c) in enumerate(cells) if c.strip()}
    has_amounts = any(amounts_in(c, bare_cells=True) for _p, c in filled)
    if not has_amounts and any(labels.values()):
        reading.columns = {i: f for i, f in labels.items() if f}
        return True
    first_index = cells.index(filled[0])
    name = labels.get(first_index)
    if name and len(filled) >= 2 and reading.year_column is not None:
        if 0 <= reading.year_column < len(cells):
            p, c = cells[reading.year_column]
            reading.put(name, value_at(p, c))
        return True
    if name and len(filled) >= 2:
        rest_start = filled[1][0]
        rest = text[rest_start:]
        if count_values(rest, bare=True) == 1:
            reading.put(name, value_at(rest_start, rest))
        return True
    if reading.columns and has_amounts:
        row_year = _YEAR_CELL.match(filled[0][1].strip())
        if row_year and year is not None and int(row_year.group(1)) != year:
            return True
        others: list[Value] = []
        for i, (p, c) in enumerate(cells):
            column = reading.columns.get(i)
            if column and amounts_in(c, bare_cells=True):
                value = value_at(p, c)
                n = count_values(c, bare=True)
                if column == "other" and value is not None and n == 1:
                    others.append(value)
                    continue
                bucket = reading.column_values.setdefault(column, [])
                bucket.extend([value] * n if value else [])
        if others:
            reading.column_values.setdefault("other", []).append(_summed(others))
        return True
    return False


def _summed(values: list[Value]) -> Value:
    """The other financers of one row (`FSE`, `CAF` columns) as the one `other` figure."""
    if len(values) == 1:
        return values[0]
    return Extracted.derived(sum(v.value for v in values), values, _OTHERS_REASON)


_YEAR_CELL = re.compile(r"^(?:annee\s+|budget\s+)?(20[1-3]\d)(?:\s*\([^)]*\))?$", re.IGNORECASE)


def _header_years(source: SourceDocument, offset: int,
                  cells: list[tuple[int, str]]) -> dict[int, int]:
    """A header row of years ("| 2020 | 2021 | 2022"), as year -> cell index; else empty. Its
    first cell may be a title ("Financement", "Budget prévisionnel"). Cells are (offset in the
    line at offset, text)."""
    filled = [(i, offset + p, c) for i, (p, c) in enumerate(cells) if c.strip()]
    years = {}
    for k, (i, at, c) in enumerate(filled):
        m = _YEAR_CELL.match(folded_stripped(source, at, at + len(c)))
        if m:
            years[int(m.group(1))] = i
        elif k or i != 0:
            return {}
    return years if len(years) >= 2 else {}


def _restrict_to_detail(source: SourceDocument, start: int, end: int) -> int:
    for line, _text in source.lines_between(start, end):
        if _FUNDING_DETAIL.match(strip_numbering(folded_stripped(source, line.start, line.end))):
            start = line.start
    return start


def _read_flat(reading: _Reading, flat: FlatTable, text: str, offset: int, folded: str) -> bool:
    values = flat.feed(text, offset, folded)
    if values is None:
        return False
    for v in values:
        if v.name == "other" and v.label:
            reading.put_other(v.label, v.value)
        else:
            reading.put(v.name, v.value)
    return True


def read_budget(source: SourceDocument, start: int, end: int, year: int | None) -> dict[str, Value]:
    """Labelled budget figures of a fiche's budget text, by field."""
    start = _restrict_to_detail(source, start, end)
    reading = _Reading()
    flat = FlatTable(year)
    lines = list(source.lines_between(start, end))
    for k, (line, text) in enumerate(lines):
        if not text.strip():
            reading.columns = {}
            reading.year_column = None
            continue
        label = field_label(text)
        if label == "budget execute":
            break
        if label not in (None, "budget"):
            # another part of the fiche (partners, indicators) ends a table's columns where no
            # blank line does (PDF and HTML readers keep none)
            reading.columns = {}
            reading.year_column = None
        if "\t" in text:
            flat.clear()
            if _read_row(reading, source, text, line.start, year):
                continue
        elif _read_flat(reading, flat, text, line.start, folded_line(source, line)):
            continue
        after = text_after(source, lines, k)
        folded_after = folded_span(source, line.end, line.end + len(after))
        for cell_start, cell in split_cells(text):
            _scan_prose(reading, source, cell, line.start + cell_start, year, after, folded_after)
    for name, values in reading.column_values.items():
        if len(values) == 1:
            reading.put(name, values[0])
    reading.settle_other()
    return reading.values


def to_budget(source: SourceDocument, values: dict[str, Value],
              year: Year | None, year_hint: int | None) -> Budget:
    budget = Budget()
    if year is not None:
        budget.year = source.anchor(year)
    elif year_hint is not None:
        budget.year = Extracted(year_hint, status=ReadStatus.INFERRED,
                                reason="année du document, la fiche n'en imprime pas")
    for name in FIELDS:
        v = values.get(name)
        if v is not None:
            setattr(budget, name, source.anchor(v))
    return budget
