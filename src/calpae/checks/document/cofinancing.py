"""The département puts in at least as much as the State, overall and per action."""

from __future__ import annotations

from collections.abc import Iterator

from calpae.checks.document.labels import action_name
from calpae.checks.french import euros, percent, sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present, total_of
from calpae.checks.registry import Context, rule
from calpae.extract.models import Action


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


def _shares(action: Action) -> tuple[float, float | None] | None:
    """The fiche's State part (positive) and département part (None where not printed)."""
    budget = action.budget
    if budget is None or budget.state is None or not present(budget.state):
        return None
    state = float(budget.state.value)
    territory = float(budget.territory.value) if present(budget.territory) else None
    return (state, territory) if state > 0 else None


@rule("cofinancing.action", Severity.WARNING, "Action financée à 100 % par l'État",
      "Une action financée entièrement par l'État est possible mais doit être justifiée : "
      "demander pourquoi le département n'y contribue pas.")
def cofinancing_action(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        shares = _shares(action)
        if shares is None or (shares[1] is not None and shares[1] > ctx.settings.tolerance):
            continue
        state, territory = shares
        budget = action.budget
        assert budget is not None and budget.state is not None
        total = budget.total if present(budget.total) else None
        if territory is None and (total is None or ctx.differ(float(total.value), state)):
            continue  # no département share printed and the total says nothing
        name = action_name(action)
        cited = ctx.compare(doc.cite(budget.state, f"part État de la {name}"),
                            *([doc.cite(total, f"budget global de la {name}")] if total else []))
        yield ctx.finding("cofinancing.action",
                          f"{sentence(name)} : financée à 100 % par l'État ({euros(state)}).",
                          cited)


@rule("cofinancing.action_share", Severity.WARNING, "Part du département sous celle de l'État",
      "Le cofinancement s'apprécie d'abord au total, mais une action où le département "
      "apporte moins que l'État doit être compensée ailleurs : demander la répartition.")
def cofinancing_action_share(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for action in doc.extraction.actions:
        shares = _shares(action)
        if shares is None or shares[1] is None or shares[1] <= ctx.settings.tolerance:
            continue  # no share, or none from the département: `cofinancing.action`
        state, territory = shares
        if not ctx.exceeds(state, territory):
            continue
        budget = action.budget
        assert budget is not None and budget.state is not None and budget.territory is not None
        name = action_name(action)
        cited = ctx.compare(doc.cite(budget.state, f"part État de la {name}"),
                            doc.cite(budget.territory, f"part du département de la {name}"))
        yield ctx.finding(
            "cofinancing.action_share",
            f"{sentence(name)} : le département apporte {euros(territory)} pour "
            f"{euros(state)} de l'État ({percent(territory / (state + territory))} du total).",
            cited)
