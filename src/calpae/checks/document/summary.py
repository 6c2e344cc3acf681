"""The financial table adds up: grand total and subtotals against their rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from calpae.checks.document.labels import PARTS
from calpae.checks.french import euros
from calpae.checks.model import CheckedDocument, Finding, Severity, present
from calpae.checks.registry import Context, rule
from calpae.extract.models import SummaryRow

_COLUMNS = ("state", "territory", "total", "carryover", "other", "consumed")


@rule("table.total_vs_rows", Severity.ERROR, "Tableau financier : total général et lignes",
      "Le total général du tableau financier doit être la somme de ses lignes ; un écart "
      "signale une ligne oubliée ou mal recopiée : demander un tableau corrigé.")
def total_vs_rows(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is None or summary.total is None or not summary.rows:
        return
    for column in _COLUMNS:
        total = getattr(summary.total, column)
        printed = [getattr(r, column) for r in summary.rows if present(getattr(r, column))]
        if not present(total) or not printed:
            continue
        added = sum(float(v.value) for v in printed)
        if not ctx.differ(added, float(total.value)):
            continue
        cited = ctx.compare(doc.cite(total, f"total général ({PARTS[column]})"),
                            *(doc.cite(v, f"{PARTS[column]} d'une ligne") for v in printed))
        yield ctx.finding(
            "table.total_vs_rows",
            f"Tableau financier, colonne {PARTS[column]} : les {len(printed)} lignes font "
            f"{euros(added)}, le total général imprimé est de {euros(total.value)} (écart de "
            f"{euros(abs(added - total.value))}).", cited)


def _ordered(rows: Sequence[SummaryRow], subtotals: Sequence[SummaryRow]) -> list[Any]:
    """Rows and subtotals in the order the table prints them (their evidence offsets)."""
    def at(row: SummaryRow) -> int:
        for name in (*_COLUMNS, "label"):
            found = getattr(row, name)
            if found is not None and found.spans:
                return int(found.start)
        return -1
    items = [(at(r), 0, r) for r in rows] + [(at(s), 1, s) for s in subtotals]
    if any(pos < 0 for pos, _k, _r in items):
        return []
    return [(kind, row) for _pos, kind, row in sorted(items, key=lambda t: (t[0], t[1]))]


@rule("table.subtotal_vs_rows", Severity.WARNING, "Tableau financier : sous-totaux",
      "Un sous-total doit être la somme des lignes qu'il regroupe ; le regroupement est lu "
      "dans la mise en page, vérifier le tableau et demander une version corrigée si besoin.")
def subtotal_vs_rows(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is None or not summary.subtotals:
        return
    items = _ordered(summary.rows, summary.subtotals)
    for column in ("state", "total"):
        run: list[float] = []  # rows since the last subtotal
        run_found: list[Any] = []  # their values, cited with the subtotal
        since_start: list[float] = []
        subtotals_run: list[float] = []  # subtotals since the last one that summed subtotals
        for kind, row in items:
            found = getattr(row, column)
            amount = float(found.value) if present(found) else None
            if kind == 0:
                if amount is not None:
                    run.append(amount)
                    run_found.append(found)
                    since_start.append(amount)
                continue
            if amount is None:
                run, run_found = [], []
                continue
            candidates = [sum(run), sum(subtotals_run), sum(since_start)]
            if run and all(ctx.differ(amount, c) for c in candidates):
                cited = ctx.compare(doc.cite(found, f"sous-total ({PARTS[column]})"),
                                    *(doc.cite(v, f"{PARTS[column]} d'une ligne")
                                      for v in run_found))
                yield ctx.finding(
                    "table.subtotal_vs_rows",
                    f"Tableau financier, colonne {PARTS[column]} : un sous-total imprime "
                    f"{euros(amount)}, les {len(run)} lignes qui le précèdent font "
                    f"{euros(sum(run))}.", cited)
            if run:
                subtotals_run.append(amount)
            else:
                subtotals_run = [amount]
            run, run_found = [], []
