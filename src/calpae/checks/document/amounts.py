"""Suspicious amounts: out of any plausible range, read through damage, or mistyped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from calpae.checks.french import euros, sentence
from calpae.checks.model import CheckedDocument, Cited, Finding, Severity, is_amount
from calpae.checks.registry import Context, rule
from calpae.model import ReadStatus, iter_extracted

MAX_PLAUSIBLE = 1e10  # ten billion euros: more than the whole national strategy


@rule("amounts.out_of_range", Severity.ERROR, "Montant invraisemblable",
      "Un montant négatif ou de plusieurs milliards d'euros est une erreur de saisie ou de "
      "lecture : vérifier le document source.")
def out_of_range(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    for at in iter_extracted(doc.extraction):
        value: Any = at.value.value
        if not is_amount(at.path, value):
            continue
        if value < 0 or value > MAX_PLAUSIBLE:
            cited = [doc.cite(at.value, f"montant ({at.key})")]
            yield ctx.finding("amounts.out_of_range",
                              f"Montant invraisemblable : {euros(float(value))}.", cited)


@rule("amounts.repaired", Severity.INFO, "Montant lu à travers une altération",
      "Ce montant a été reconstitué (OCR ou mise en page abîmée) et sert à un contrôle : "
      "le vérifier dans le document avant de conclure.")
def repaired(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    return iter(())  # reported by `repaired_among`, once every rule has compared its values


def repaired_among(compared: list[Cited], ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for cited in compared:
        mark = (cited.document.name, cited.key)
        if cited.status is not ReadStatus.REPAIRED or mark in seen \
                or not is_amount(cited.key, cited.value):
            continue  # a repaired date (or text) compared is no amount
        seen.add(mark)
        yield ctx.finding("amounts.repaired",
                          f"{sentence(cited.label)} ({euros(cited.value)}) a été lu à "
                          f"travers une altération : {cited.reason or 'lecture réparée'}.",
                          [cited])


def digits_disagree(a: float, b: float) -> bool:
    """Two amounts that differ by one digit or two swapped digits: a typo, not a choice."""
    x, y = f"{a:.2f}", f"{b:.2f}"
    if len(x) != len(y) or x == y:
        return False
    diff = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] \
        and x[diff[1]] == y[diff[0]]


@rule("amounts.digits_disagree", Severity.INFO, "Chiffres discordants",
      "Deux montants qui devraient être égaux ne diffèrent que d'un chiffre ou de deux "
      "chiffres inversés : probable faute de frappe, demander lequel est juste.")
def digits(doc: CheckedDocument, ctx: Context) -> Iterator[Finding]:
    return iter(())  # reported by `typos_among`, from the findings that compare two amounts


def typos_among(findings: list[Finding], ctx: Context) -> Iterator[Finding]:
    for finding in findings:
        amounts = [c for c in finding.cited if isinstance(c.value, int | float)]
        if finding.severity == Severity.INFO or len(amounts) != 2:
            continue
        a, b = amounts
        if digits_disagree(float(a.value), float(b.value)):
            yield ctx.finding("amounts.digits_disagree",
                              f"{euros(a.value)} et {euros(b.value)} ne diffèrent que d'un "
                              f"chiffre ou deux ({finding.rule}).", amounts)
