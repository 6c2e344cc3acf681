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
MOST = 0.8  # share of rows a column must fill for its sum to mean something


def _filled(rows: list[SummaryRow], column: str) -> list[Any]:
    return [getattr(r, column) for r in rows if present(getattr(r, column))]


def doubtful_state_column(rows: list[SummaryRow], total: Any) -> tuple[int, int] | None:
    """(rows where the State cell repeats the budget, rows with both) when most rows do so
    while the grand total shows a département share: the columns were likely read shifted."""
    both = [r for r in rows if present(r.state, r.total)]
    same = [r for r in both if abs(float(r.state.value) - float(r.total.value)) < 0.005]
    territory = total.territory if total is not None else None
    if len(both) >= 5 and len(same) >= MOST * len(both) and present(territory) \
            and float(territory.value) > 0:
        return len(same), len(both)
    return None


def _comparable(summary: Any, column: str) -> bool:
    if column == "state" and doubtful_state_column(summary.rows, summary.total):
        return False
    return len(_filled(summary.rows, column)) >= MOST * len(summary.rows)


@rule("table.columns_doubtful", Severity.WARNING, "Tableau financier douteux",
      "Les colonnes du tableau financier semblent décalées ou recopiées (la part État y répète "
      "le budget global) : ses totaux ne sont pas contrôlés, vérifier le tableau original.")
def columns_doubtful(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is None or summary.total is None:
        return
    found = doubtful_state_column(summary.rows, summary.total)
    if found is None:
        return
    same, both = found
    territory = summary.total.territory
    cited = [doc.cite(territory, "total de la part du département")] if territory else []
    yield ctx.finding(
        "table.columns_doubtful",
        f"Tableau financier : la part État égale le budget global sur {same} des {both} "
        f"lignes, alors que le total général donne une part du département de "
        f"{euros(territory.value if territory else None)}.", cited)


@rule("table.total_vs_rows", Severity.ERROR, "Tableau financier : total général et lignes",
      "Le total général du tableau financier doit être la somme de ses lignes ; un écart "
      "signale une ligne oubliée ou mal recopiée : demander un tableau corrigé.")
def total_vs_rows(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is None or summary.total is None or not summary.rows:
        return
    for column in _COLUMNS:
        total = getattr(summary.total, column)
        printed = _filled(summary.rows, column)
        if not present(total) or not printed or not _comparable(summary, column):
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
        if not _comparable(summary, column):
            continue
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
