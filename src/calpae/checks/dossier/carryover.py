"""From one year to the next: the avenant carries over what the report left unconsumed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from calpae.checks.dossier.years import of_kind, year_of
from calpae.checks.french import euros
from calpae.checks.model import CheckedDocument, Cited, Finding, Severity, present
from calpae.checks.registry import Context, rule


def reported_carryover(report: CheckedDocument) -> tuple[float, list[Cited]] | None:
    """What the report on year N−1 asks to carry over: its table's total, else its fiches'."""
    summary = report.extraction.financial_summary
    if summary is not None and summary.total is not None and present(summary.total.carryover):
        found: Any = summary.total.carryover
        return float(found.value), [report.cite(found, "report total du rapport d'exécution")]
    asked = [a.execution.carryover_requested for a in report.extraction.actions
             if a.execution is not None and present(a.execution.carryover_requested)]
    if not asked:
        return None
    cited = [report.cite(v, "report demandé d'une fiche") for v in asked if v is not None]
    return sum(float(v.value) for v in asked if v is not None), cited


@rule("dossier.carryover_vs_report", Severity.ERROR, "Report : avenant et rapport d'exécution",
      "Les crédits reportés par l'avenant de l'année N doivent être les crédits non consommés "
      "que le rapport d'exécution de N−1 constate : demander le calcul du report.",
      scope="dossier")
def carryover_vs_report(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    reports = {(year_of(r) or 0): r for r in of_kind(docs, "rapport_execution")}
    for amendment in of_kind(docs, "avenant"):
        carried = amendment.extraction.document.state_funding.carryover
        report = reports.get((year_of(amendment) or 0) - 1)
        if report is None or carried is None or not present(carried):
            continue
        found = reported_carryover(report)
        if found is None or not ctx.differ(found[0], float(carried.value)):
            continue
        cited = ctx.compare(amendment.cite(carried, "report inscrit dans l'avenant"), *found[1])
        yield ctx.finding(
            "dossier.carryover_vs_report",
            f"L'avenant {amendment.year} reporte {euros(carried.value)}, le rapport "
            f"d'exécution {report.year} constate {euros(found[0])} à reporter.", cited)
