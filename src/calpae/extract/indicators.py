"""The indicator matrix (annexe A): socle measures, their national indicators and results.

The matrix is a cell table whose header names an `Indicateurs` column; exports often cut it
into several tables (footnotes, page breaks), so tables of the same width that follow it
closely continue it with the same columns. A blank measure cell repeats the measure above.
"""

from __future__ import annotations

import re

from calpae.extract.models import IndicatorRow
from calpae.extract.text import folded_span
from calpae.model import Cell, Extracted, SourceDocument, Table

_CONTINUATION_LINES = 15  # at most this many lines between two pieces of one matrix


def extract_indicator_matrix(source: SourceDocument) -> list[IndicatorRow]:
    out: list[IndicatorRow] = []
    columns: dict[int, str] | None = None
    measure: Cell | None = None
    previous: Table | None = None
    for table in source.tables:
        rows = table.rows()
        header = _matrix_columns(source, rows[0]) if rows else None
        if header is not None:
            columns, measure, rows = header, None, rows[1:]
        elif columns is None or not _continues(source, previous, table, columns):
            columns = None
            continue
        for cells in rows:
            measure = _read_row(source, cells, columns, measure, out)
        previous = table
    return out


def _matrix_columns(source: SourceDocument, cells: list[Cell]) -> dict[int, str] | None:
    """Column index -> field (`measure`, `indicator`, `definition`, `baseline`, `result:Y`)."""
    columns: dict[int, str] = {}
    for cell in cells:
        text = folded_span(source, cell.start, cell.end)
        years = re.findall(r"\b(?:19|20)\d{2}\b", text)
        if ("resultat" in text or "realise" in text) and years:
            columns[cell.col] = f"result:{years[0]}"
        elif "indicateur" in text:
            columns[cell.col] = "indicator"
        elif "mesure" in text or "engagement" in text:
            columns[cell.col] = "measure"
        elif "definition" in text or "commentaire" in text:
            columns[cell.col] = "definition"
        elif "situation" in text or "2018" in years:
            columns[cell.col] = "baseline"
    fields = set(columns.values())
    return columns if {"indicator", "measure"} <= fields and len(fields) >= 3 else None


def _continues(source: SourceDocument, previous: Table | None, table: Table,
               columns: dict[int, str]) -> bool:
    if previous is None:
        return False
    gap = source.line_at(table.start).number - source.line_at(previous.end).number
    width = max((len(r) for r in table.rows()), default=0)
    return gap <= _CONTINUATION_LINES and width > max(columns)


def _read_row(source: SourceDocument, cells: list[Cell], columns: dict[int, str],
              measure: Cell | None, out: list[IndicatorRow]) -> Cell | None:
    by_field = {columns[c.col]: c for c in cells if c.col in columns and c.text.strip()}
    measure = by_field.get("measure", measure)
    indicator = by_field.get("indicator")
    if indicator is None or not re.search(r"[^\W\d_]", indicator.text):
        return measure
    row = IndicatorRow(measure=_leaf(source, measure), indicator=_leaf(source, indicator),
                       definition=_leaf(source, by_field.get("definition")),
                       baseline_2018=_leaf(source, by_field.get("baseline")))
    for name, cell in by_field.items():
        if name.startswith("result:"):
            row.results[name.split(":", 1)[1]] = _leaf(source, cell)
    out.append(row)
    return measure


def _leaf(source: SourceDocument, cell: Cell | None) -> Extracted[str] | None:
    if cell is None:
        return None
    return source.extracted(" ".join(cell.text.split()), cell.start, cell.end)
