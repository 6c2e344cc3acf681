"""The département puts in at least as much as the State, overall and per action."""

from __future__ import annotations

from collections.abc import Iterator

from calpae.checks.document.labels import action_name
from calpae.checks.french import euros, percent, sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present, total_of
from calpae.checks.registry import Context, rule


@rule("cofinancing.overall", Severity.ERROR, "Cofinancement du département",
      "La convention engage le département à apporter au moins autant que l'État ; une part "
      "départementale inférieure doit être justifiée ou corrigée avant la délégation.")
def cofinancing_overall(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if summary is not None and summary.total is not None and present(
            summary.total.state, summary.total.territory):
        state, territory = summary.total.state, summary.total.territory
        assert state is not None and territory is not None
        if ctx.exceeds(float(state.value), float(territory.value)):
            cited = ctx.compare(doc.cite(state, "total de la part État du tableau financier"),
                                doc.cite(territory, "total de la part du département"))
            yield ctx.finding(
                "cofinancing.overall",
                f"Le département apporte {euros(territory.value)} pour {euros(state.value)} "
                f"de l'État : sa part est inférieure à celle de l'État.", cited)
        return
    budgets = [a.budget for a in doc.extraction.actions if a.budget is not None]
    if not budgets or any(not present(b.state, b.territory) for b in budgets):
        return  # without every share the overall balance is unknown
    state_sum = total_of(b.state for b in budgets)
    territory_sum = total_of(b.territory for b in budgets)
    if ctx.exceeds(state_sum, territory_sum):
        cited = ctx.compare(*(doc.cite(b.state, "part État d'une fiche")
                              for b in budgets if b.state is not None),
                            *(doc.cite(b.territory, "part du département d'une fiche")
                              for b in budgets if b.territory is not None))
        yield ctx.finding(
            "cofinancing.overall",
            f"Les fiches totalisent {euros(territory_sum)} pour le département et "
            f"{euros(state_sum)} pour l'État : la part du département est inférieure.", cited)


@rule("cofinancing.action", Severity.WARNING, "Action financée à 100 % par l'État",
      "Une action financée entièrement par l'État est possible mais doit être justifiée : "
      "demander pourquoi le département n'y contribue pas.")
def cofinancing_action(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    return (f for f in _action_shares(doc, ctx) if f.rule == "cofinancing.action")


@rule("cofinancing.action_share", Severity.WARNING, "Part du département sous celle de l'État",
      "Le cofinancement s'apprécie d'abord au total, mais une action où le département "
      "apporte moins que l'État doit être compensée ailleurs : demander la répartition.")
def cofinancing_action_share(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    return (f for f in _action_shares(doc, ctx) if f.rule == "cofinancing.action_share")


def _action_shares(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        budget = action.budget
        if budget is None or not present(budget.state) or budget.state is None:
            continue
        state = float(budget.state.value)
        territory = float(budget.territory.value) if present(budget.territory) else None
        if state <= 0:
            continue
        name = action_name(action)
        if territory is None or territory <= ctx.settings.tolerance:
            total = budget.total
            if territory is None and (total is None or not present(total)
                                      or ctx.differ(float(total.value), state)):
                continue  # no département share printed and the total says nothing
            cited = ctx.compare(doc.cite(budget.state, f"part État de la {name}"),
                                *([doc.cite(budget.total, f"budget global de la {name}")]
                                  if present(budget.total) and budget.total else []))
            yield ctx.finding("cofinancing.action",
                              f"{sentence(name)} : financée à 100 % par l'État "
                              f"({euros(state)}).", cited)
        elif ctx.exceeds(state, territory):
            assert budget.territory is not None
            cited = ctx.compare(doc.cite(budget.state, f"part État de la {name}"),
                                doc.cite(budget.territory, f"part du département de la {name}"))
            yield ctx.finding(
                "cofinancing.action_share",
                f"{sentence(name)} : le département apporte {euros(territory)} pour "
                f"{euros(state)} de l'État ({percent(territory / (state + territory))} du "
                f"total).", cited)
