"""Each fiche's budget adds up, and each table row agrees with its fiche."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from calpae.checks.document.labels import PARTS, action_name
from calpae.checks.document.shares import carries, readings, with_carryover
from calpae.checks.french import euros, sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present
from calpae.checks.registry import Context, rule
from calpae.model import Extracted


@rule("action.sum", Severity.ERROR, "Budget d'une fiche : parts et budget global",
      "La part État, la part du département et les autres financements d'une fiche doivent "
      "faire son budget global ; demander au département la répartition exacte.")
def action_sum(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        budget = action.budget
        if budget is None or not present(budget.total, budget.state):
            continue
        parts = [p for p in (budget.state, budget.territory, budget.other) if present(p)]
        if len(parts) < 2:
            continue  # a lone State part is an incomplete fiche, not a wrong sum
        assert budget.total is not None
        added = sum(float(p.value) for p in parts if p is not None)
        carried = sum(v for v in (with_carryover(budget, "state"),
                                  with_carryover(budget, "territory"),
                                  float(budget.other.value) if present(budget.other) else None)
                      if v is not None)
        if not ctx.differ(added, float(budget.total.value)) or (
                carries(budget) and not ctx.differ(carried, float(budget.total.value))):
            continue
        name = action_name(action)
        named = [(n, getattr(budget, n)) for n in ("state", "territory", "other")]
        cited = ctx.compare(*(doc.cite(v, f"{PARTS[n]} de la {name}")
                              for n, v in named if present(v)),
                            doc.cite(budget.total, f"budget global de la {name}"))
        detail = " + ".join(euros(v.value) for _n, v in named if present(v))
        yield ctx.finding(
            "action.sum",
            f"{sentence(name)} : {detail} = {euros(added)}, mais le budget global est de "
            f"{euros(budget.total.value)} (écart de {euros(abs(added - budget.total.value))}).",
            cited)


@rule("table.row_vs_action", Severity.ERROR, "Tableau financier et fiche action",
      "Une ligne du tableau financier doit reprendre le montant de sa fiche action ; demander "
      "lequel des deux montants est juste.")
def row_vs_action(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is None:
        return
    actions = {str(a.ref.value): a for a in doc.extraction.actions
               if a.ref is not None and a.budget is not None}
    rows_of: dict[str, list[Any]] = defaultdict(list)
    positions: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(summary.rows):
        if row.action_ref is not None and str(row.action_ref.value) in actions:
            rows_of[str(row.action_ref.value)].append(row)
            positions[str(row.action_ref.value)].append(i)
    for ref, rows in rows_of.items():
        action = actions[ref]
        for part in ("state", "total"):
            fiche: Extracted[Any] | None = getattr(action.budget, part)
            printed = [getattr(r, part) for r in rows if present(getattr(r, part))]
            if not present(fiche) or not printed or len(printed) < len(rows):
                continue
            assert fiche is not None
            table = sum(float(v.value) for v in printed)
            carried = table + sum(float(r.carryover.value) for r in rows
                                  if present(r.carryover))
            fiche_readings = readings(action.budget, part) if part == "state" else {
                float(fiche.value)}
            if any(not ctx.differ(t, f) for t in (table, carried) for f in fiche_readings):
                continue
            if any(not ctx.differ(table + n, f) for n in _unlabelled_next_to(
                    summary.rows, positions[ref], part) for f in fiche_readings):
                continue  # a line the table does not label makes up the difference
            name = action_name(action)
            lines = "la ligne" if len(printed) == 1 else f"les {len(printed)} lignes"
            cited = ctx.compare(doc.cite(fiche, f"{PARTS[part]} de la {name}"),
                                *(doc.cite(v, f"{PARTS[part]} du tableau financier")
                                  for v in printed))
            yield ctx.finding(
                "table.row_vs_action",
                f"{sentence(name)} : {PARTS[part]} de {euros(fiche.value)} dans la fiche, "
                f"{euros(table)} dans {lines} du tableau financier.", cited)
            break  # one finding per fiche: the total follows from the State part


def _unlabelled_next_to(rows: list[Any], at: list[int], part: str) -> list[float]:
    """Amounts of the lines just before or after a fiche's lines that name no fiche."""
    near = {i - 1 for i in at} | {i + 1 for i in at}
    out = []
    for i in sorted(near - set(at)):
        if 0 <= i < len(rows) and rows[i].action_ref is None and present(getattr(rows[i], part)):
            out.append(float(getattr(rows[i], part).value))
    return out
