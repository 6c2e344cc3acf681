"""The articles' State credits against the financial table and the fiches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from calpae.checks.document.labels import action_name
from calpae.checks.document.shares import with_carryover, without_carryover
from calpae.checks.french import euros
from calpae.checks.model import CheckedDocument, Finding, Severity, present, total_of
from calpae.checks.registry import Context, rule
from calpae.model import Extracted


def _article_state(doc: CheckedDocument,
                   with_carryover: bool) -> tuple[Extracted[Any] | None, str]:
    """The articles' figure to set against a State total: the amount, or the total that
    includes the carryover where the other side has no carryover of its own."""
    funding = doc.extraction.document.state_funding
    if with_carryover and present(funding.total):
        return funding.total, "montant total des crédits État des articles (report compris)"
    if present(funding.amount):
        return funding.amount, "crédits État des articles"
    return None, ""


@rule("articles.state_vs_table", Severity.ERROR, "Crédits État : articles et tableau financier",
      "Le montant que l'État s'engage à verser doit être celui du tableau financier annexé ; "
      "demander au département lequel des deux est juste avant toute délégation de crédits.")
def state_vs_table(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    if doc.kind == "rapport_execution" or summary is None or summary.total is None \
            or not present(summary.total.state):
        return
    table_has_carryover = present(summary.total.carryover)
    article, label = _article_state(doc, with_carryover=not table_has_carryover)
    if article is None:
        return
    table = summary.total.state
    if ctx.differ(float(article.value), float(table.value)):
        cited = ctx.compare(doc.cite(article, label),
                            doc.cite(table, "total de la part État du tableau financier"))
        yield ctx.finding(
            "articles.state_vs_table",
            f"Les articles fixent les crédits de l'État à {euros(article.value)}, le tableau "
            f"financier totalise {euros(table.value)} en part État (écart de "
            f"{euros(abs(article.value - table.value))}).", cited)


@rule("articles.carryover_vs_table", Severity.ERROR, "Report : articles et tableau financier",
      "Le report de crédits inscrit dans les articles doit être celui du tableau financier ; "
      "un écart change le montant à verser : demander le montant exact des crédits reportés.")
def carryover_vs_table(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    summary = doc.extraction.financial_summary
    funding = doc.extraction.document.state_funding
    if doc.kind == "rapport_execution" or summary is None or summary.total is None:
        return  # a report's carryover column is what it asks to carry over, not the articles'
    table = summary.total.carryover
    if not present(funding.carryover, table):
        return
    assert funding.carryover is not None and table is not None
    if ctx.differ(float(funding.carryover.value), float(table.value)):
        cited = ctx.compare(doc.cite(funding.carryover, "report inscrit dans les articles"),
                            doc.cite(table, "total de la colonne report du tableau financier"))
        yield ctx.finding(
            "articles.carryover_vs_table",
            f"Les articles reportent {euros(funding.carryover.value)} de crédits, la colonne "
            f"report du tableau financier totalise {euros(table.value)}.", cited)


@rule("actions.state_vs_articles", Severity.WARNING, "Crédits État : fiches et articles",
      "La somme des parts État des fiches actions devrait égaler les crédits des articles ; "
      "un écart signale une fiche manquante, mal chiffrée ou des crédits non affectés.")
def state_vs_articles(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    ex = doc.extraction
    if not ex.actions or str(doc.kind) == "rapport_execution":
        return
    budgets = [a.budget for a in ex.actions]
    if any(b is None or not present(b.state) for b in budgets):
        return  # a fiche without its State part: the completeness rule says so
    shares = [(a, a.budget.state) for a in ex.actions if a.budget is not None]
    fiches = total_of(s for _a, s in shares)
    funding = ex.document.state_funding
    targets = [float(t.value) for t in (funding.amount, funding.total) if present(t)]
    if not targets:
        return
    if present(funding.amount, funding.carryover):
        targets.append(float(funding.amount.value) + float(funding.carryover.value))
    sums = {fiches, *(sum(f(a.budget, "state") or 0.0 for a in ex.actions if a.budget)
                      for f in (without_carryover, with_carryover))}
    if any(not ctx.differ(s, t) for s in sums for t in targets):
        return  # the fiches add up to the new credits, or to them with the carryover
    article = funding.amount if present(funding.amount) else funding.total
    assert article is not None
    cited = ctx.compare(doc.cite(article, "crédits État des articles"),
                        *(doc.cite(s, f"part État de la {action_name(a)}")
                          for a, s in shares if s is not None))
    yield ctx.finding(
        "actions.state_vs_articles",
        f"Les {len(shares)} fiches actions totalisent {euros(fiches)} en part État, les "
        f"articles fixent {euros(article.value)} (écart de "
        f"{euros(abs(fiches - article.value))}).", cited)
