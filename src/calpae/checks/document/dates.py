"""Dates: deliberation before signature, the report within its deadline, the avenant's year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from calpae.checks.french import day
from calpae.checks.model import CheckedDocument, Finding, Severity, present
from calpae.checks.registry import Context, rule


def report_deadline(year: int) -> dt.date:
    """The date by which the report on `year` is due: 30 June of the next year for the first
    exercises, 31 March of the next year from the 2021 exercise (ADR 0008)."""
    return dt.date(year + 1, 6, 30) if year <= 2020 else dt.date(year + 1, 3, 31)


@rule("dates.deliberation_after_signature", Severity.ERROR, "Délibération et signature",
      "Le président du département ne peut signer qu'après la délibération qui l'y autorise : "
      "demander la délibération applicable.")
def deliberation_after_signature(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    block = doc.extraction.document
    deliberation, signed = block.deliberation.date, block.signature.date
    if not present(deliberation, signed):
        return
    assert deliberation is not None and signed is not None
    if deliberation.value > signed.value:
        cited = ctx.compare(doc.cite(deliberation, "date de la délibération"),
                            doc.cite(signed, "date de signature"))
        yield ctx.finding(
            "dates.deliberation_after_signature",
            f"Signé le {day(signed.value)}, sur une délibération du "
            f"{day(deliberation.value)}, postérieure à la signature.", cited)


@rule("dates.report_late", Severity.WARNING, "Rapport d'exécution hors délai",
      "Le rapport d'exécution conditionne la délégation des crédits suivants ; un rapport "
      "tardif retarde l'analyse : demander la date de vote par l'assemblée.")
def report_late(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    block = doc.extraction.document
    if doc.kind != "rapport_execution" or doc.year is None:
        return
    dated = block.signature.date if present(block.signature.date) else block.deliberation.date
    if dated is None or not present(dated):
        return
    deadline = report_deadline(int(doc.year))
    if dated.value > deadline:
        cited = ctx.compare(doc.cite(dated, "date du rapport"))
        yield ctx.finding(
            "dates.report_late",
            f"Rapport d'exécution {doc.year} daté du {day(dated.value)}, après l'échéance du "
            f"{day(deadline)}.", cited)


@rule("dates.amendment_year", Severity.WARNING, "Avenant signé hors de son exercice",
      "L'avenant de l'année N fixe les crédits de N et doit être signé en N ; signé plus tard, "
      "les crédits ne peuvent plus être engagés dans l'exercice : vérifier la date.")
def amendment_year(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    block = doc.extraction.document
    if doc.kind != "avenant" or doc.year is None or not present(block.signature.date):
        return
    signed = block.signature.date
    assert signed is not None
    if signed.value.year != int(doc.year):
        cited = ctx.compare(doc.cite(signed, "date de signature"),
                            *([doc.cite(block.exercise_year, "exercice de l'avenant")]
                              if block.exercise_year is not None else []))
        yield ctx.finding(
            "dates.amendment_year",
            f"Avenant de l'exercice {doc.year} signé le {day(signed.value)}.", cited)
