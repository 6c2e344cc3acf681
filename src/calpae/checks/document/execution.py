"""Execution of each action: consumed ≤ engaged ≤ planned, and what may be carried over."""

from __future__ import annotations

from collections.abc import Iterator

from calpae.checks.document.labels import action_name
from calpae.checks.french import euros, sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present
from calpae.checks.registry import Context, rule


@rule("execution.consumed_vs_engaged", Severity.ERROR, "Exécution : réalisé et engagé",
      "On ne peut pas consommer plus que ce qui a été engagé : demander les montants exacts "
      "engagés et réalisés de l'action.")
def consumed_vs_engaged(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        ex = action.execution
        if ex is None or not present(ex.engaged, ex.consumed):
            continue
        assert ex.engaged is not None and ex.consumed is not None
        if ctx.exceeds(float(ex.consumed.value), float(ex.engaged.value)):
            name = action_name(action)
            cited = ctx.compare(doc.cite(ex.consumed, f"montant réalisé de la {name}"),
                                doc.cite(ex.engaged, f"montant engagé de la {name}"))
            yield ctx.finding(
                "execution.consumed_vs_engaged",
                f"{sentence(name)} : {euros(ex.consumed.value)} réalisés pour "
                f"{euros(ex.engaged.value)} engagés.", cited)


@rule("execution.engaged_vs_planned", Severity.ERROR, "Exécution : engagé et prévu",
      "Les crédits engagés (ou réalisés) d'une action ne peuvent pas dépasser son budget "
      "prévu sans avenant : demander si le budget a été modifié.")
def engaged_vs_planned(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        ex, budget = action.execution, action.budget
        if ex is None or budget is None or not present(budget.total):
            continue
        assert budget.total is not None
        spent = ex.engaged if present(ex.engaged) else ex.consumed
        if spent is None or not present(spent):
            continue
        if ctx.exceeds(float(spent.value), float(budget.total.value)):
            name = action_name(action)
            what = "engagés" if spent is ex.engaged else "réalisés"
            cited = ctx.compare(doc.cite(spent, f"montant {what[:-1]} de la {name}"),
                                doc.cite(budget.total, f"budget prévu de la {name}"))
            yield ctx.finding(
                "execution.engaged_vs_planned",
                f"{sentence(name)} : {euros(spent.value)} {what} pour un budget prévu de "
                f"{euros(budget.total.value)}.", cited)


@rule("execution.carryover_requested", Severity.WARNING, "Report demandé",
      "Le report demandé ne peut pas dépasser ce qui reste du budget prévu une fois le "
      "réalisé déduit : demander le calcul du report.")
def carryover_requested(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        ex, budget = action.execution, action.budget
        if ex is None or budget is None or not present(ex.carryover_requested, budget.total,
                                                        ex.consumed):
            continue
        assert ex.carryover_requested is not None and budget.total is not None
        assert ex.consumed is not None
        left = float(budget.total.value) - float(ex.consumed.value)
        if ctx.exceeds(float(ex.carryover_requested.value), left):
            name = action_name(action)
            cited = ctx.compare(
                doc.cite(ex.carryover_requested, f"report demandé de la {name}"),
                doc.cite(budget.total, f"budget prévu de la {name}"),
                doc.cite(ex.consumed, f"montant réalisé de la {name}"))
            yield ctx.finding(
                "execution.carryover_requested",
                f"{sentence(name)} : report demandé de {euros(ex.carryover_requested.value)}"
                f" alors que prévu − réalisé = {euros(budget.total.value)} − "
                f"{euros(ex.consumed.value)} = {euros(left)}.", cited)
