"""Completeness: every socle measure has an action, every fiche says what it costs."""

from __future__ import annotations

from collections.abc import Iterator

from calpae.checks.document.labels import action_name
from calpae.checks.french import sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present, value_of
from calpae.checks.registry import Context, rule
from calpae.checks.themes import SOCLE_MEASURES, measures_named

_FIRST_SOCLE_YEAR, _LAST_SOCLE_YEAR = 2019, 2022


@rule("completeness.socle_measure", Severity.WARNING, "Mesure du socle sans action",
      "Chaque engagement du socle doit être décliné en au moins une action ; demander au "
      "département comment il met en œuvre la mesure manquante.")
def socle_measure(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    year = doc.year
    if doc.kind not in ("convention", "avenant") or len(doc.extraction.actions) < 3:
        return
    if year is None or not _FIRST_SOCLE_YEAR <= int(year) <= _LAST_SOCLE_YEAR:
        return
    said = measures_named(" ".join(_words_of(doc)))
    for name, _pattern in SOCLE_MEASURES:
        if name not in said:
            yield ctx.finding(
                "completeness.socle_measure",
                f"Aucune action ni ligne du tableau financier ne se rapporte à la mesure du "
                f"socle « {name} ».", subject=(f"{doc.ref.name}#socle:{name}",),
                documents=(doc.ref,))


def _words_of(doc: CheckedDocument) -> Iterator[str]:
    for action in doc.extraction.actions:
        for found in (action.measure, action.title, action.heading):
            if present(found):
                yield str(value_of(found))
        if present(action.description):
            yield str(value_of(action.description))[:400]
    summary = doc.extraction.financial_summary
    for row in summary.rows if summary else ():
        for found in (row.label, row.theme, row.budget_code):
            if present(found):
                yield str(value_of(found))


@rule("completeness.action_fields", Severity.WARNING, "Fiche action incomplète",
      "Une fiche sans intitulé ou sans budget ne permet pas de suivre l'emploi des crédits : "
      "demander la fiche complète.")
def action_fields(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    if doc.kind not in ("convention", "avenant"):
        return
    for action in doc.extraction.actions:
        missing = []
        if not present(action.title):
            missing.append("intitulé")
        budget = action.budget
        if budget is None or not present(budget.state):
            missing.append("part État")
        if budget is None or not any(present(p) for p in (budget.state, budget.territory,
                                                          budget.total)):
            missing.append("budget")  # parts without their sum still make a budget
        if missing:
            anchor = action.ref or action.title or action.heading
            cited = [doc.cite(anchor, "fiche action")] if anchor is not None else []
            yield ctx.finding(
                "completeness.action_fields",
                f"{sentence(action_name(action))} : il manque {', '.join(missing)}.", cited,
                subject=(f"{doc.ref.name}#{action_name(action)}:incomplete",))
