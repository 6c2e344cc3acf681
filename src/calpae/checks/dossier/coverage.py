"""Which documents a territory's dossier holds: one convention per period, an avenant for
each year after the first, a report for each year once the next one has begun."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from calpae.checks.dossier.years import covering_convention, name, number, of_kind, period, year_of
from calpae.checks.french import sentence
from calpae.checks.model import CheckedDocument, Finding, Severity
from calpae.checks.registry import Context, rule


@rule("dossier.two_conventions", Severity.ERROR, "Deux conventions pour une même période",
      "Un territoire n'a qu'une convention par période ; deux documents distincts couvrant les "
      "mêmes années font doubler les crédits : demander laquelle est en vigueur.",
      scope="dossier")
def two_conventions(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    conventions = of_kind(docs, "convention")
    for i, first in enumerate(conventions):
        a = period(first) or ((year_of(first) or 0),) * 2
        for second in conventions[i + 1:]:
            b = period(second) or ((year_of(second) or 0),) * 2
            if a[0] <= b[1] and b[0] <= a[1]:
                yield ctx.finding(
                    "dossier.two_conventions",
                    f"Deux conventions distinctes couvrent {max(a[0], b[0])}"
                    f"{'' if max(a[0], b[0]) == min(a[1], b[1]) else '-' + str(min(a[1], b[1]))}"
                    f" : {first.ref.name} et {second.ref.name}.",
                    subject=(f"conventions:{first.ref.name}|{second.ref.name}",),
                    documents=(first.ref, second.ref))


@rule("dossier.orphan_amendment", Severity.WARNING, "Avenant sans sa convention",
      "L'avenant modifie une convention que le dossier ne contient pas : demander la "
      "convention signée pour pouvoir contrôler les montants modifiés.", scope="dossier")
def orphan_amendment(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    for amendment in of_kind(docs, "avenant"):
        start = (period(amendment) or ((year_of(amendment) or 0),))[0]
        if covering_convention(docs, start) is None and covering_convention(
                docs, (year_of(amendment) or 0)) is None:
            yield ctx.finding(
                "dossier.orphan_amendment",
                f"{sentence(name(amendment))} ({amendment.ref.name}) : la convention qu'il "
                f"modifie n'est pas dans le dossier.",
                subject=(f"orphan:{amendment.ref.name}",), documents=(amendment.ref,))


@rule("dossier.missing_report", Severity.WARNING, "Rapport d'exécution manquant",
      "Sans rapport d'exécution de l'année écoulée, l'État ne peut pas vérifier l'emploi des "
      "crédits avant d'en déléguer de nouveaux : demander le rapport.", scope="dossier")
def missing_report(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    funded = sorted({(year_of(d) or 0) for d in docs
                     if d.kind in ("convention", "avenant") and year_of(d) is not None})
    reported = {(year_of(d) or 0) for d in of_kind(docs, "rapport_execution")}
    latest = max((year_of(d) or 0 for d in docs if year_of(d) is not None), default=0)
    for year in funded:
        if year < latest and year not in reported:
            holders = [d.ref for d in docs if year_of(d) == year]
            yield ctx.finding(
                "dossier.missing_report",
                f"Des crédits sont prévus pour {year} mais le dossier ne contient pas de "
                f"rapport d'exécution {year}, alors qu'il contient des documents de {latest}.",
                subject=(f"missing_report:{year}",), documents=tuple(holders))


@rule("dossier.report_without_amendment", Severity.WARNING,
      "Rapport d'exécution sans avenant ni convention",
      "Le rapport porte sur une année pour laquelle le dossier ne contient ni convention ni "
      "avenant fixant les crédits : demander le document qui les a fixés.", scope="dossier")
def report_without_amendment(docs: Sequence[CheckedDocument],
                             ctx: Context) -> Iterator[Finding]:
    funded = {(year_of(d) or 0) for d in docs if d.kind in ("convention", "avenant")}
    for report in of_kind(docs, "rapport_execution"):
        if (year_of(report) or 0) not in funded:
            yield ctx.finding(
                "dossier.report_without_amendment",
                f"Rapport d'exécution {report.year} ({report.ref.name}) : aucun avenant ni "
                f"convention de {report.year} dans le dossier.",
                subject=(f"report_alone:{report.year}",), documents=(report.ref,))


@rule("dossier.amendment_numbering", Severity.WARNING, "Numérotation des avenants",
      "Les avenants d'une convention se suivent (n°1, n°2…) sans manque ni doublon ; un "
      "numéro manquant signale un avenant absent du dossier : le demander.", scope="dossier")
def amendment_numbering(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    amendments = [a for a in of_kind(docs, "avenant") if number(a) is not None]
    by_convention: dict[str, list[CheckedDocument]] = {}
    for a in amendments:
        conv = covering_convention(docs, (year_of(a) or 0))
        by_convention.setdefault(conv.ref.name if conv else "?", []).append(a)
    for group in by_convention.values():
        previous: CheckedDocument | None = None
        for a in group:
            n = number(a)
            assert n is not None
            conv = covering_convention(docs, (year_of(a) or 0))
            first_year = (period(conv) or ((year_of(conv) or 0),))[0] if conv else None
            expected = (number(previous) or 0) + 1 if previous is not None else (
                (year_of(a) or 0) - first_year if first_year is not None else None)
            repeated = previous is not None and number(previous) == n \
                and year_of(previous) == year_of(a)
            if expected is not None and expected > 0 and n != expected and not repeated:
                yield ctx.finding(
                    "dossier.amendment_numbering",
                    f"{sentence(name(a))} ({a.ref.name}) : n°{expected} attendu "
                    f"{'après l' + chr(39) + name(previous) if previous else 'pour cette année'}.",
                    subject=(f"numbering:{a.ref.name}",), documents=(a.ref,))
            previous = a
