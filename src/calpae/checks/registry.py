"""The rules, registered in one place: each has a stable id, a severity and why it matters."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from calpae.checks.model import (
    CheckedDocument,
    CheckSettings,
    Cited,
    DocumentRef,
    Finding,
    Severity,
)

DocumentRule = Callable[[CheckedDocument, "Context"], Iterator[Finding]]
DossierRule = Callable[[Sequence[CheckedDocument], "Context"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str  # in French, a few words: "Montant État : articles et tableau"
    explanation: str  # in French, one sentence: why it matters, what to ask
    scope: str  # "document" (one document) or "dossier" (the documents of one territory)
    run: Callable[..., Iterator[Finding]]


RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, title: str, explanation: str,
         scope: str = "document") -> Callable[[Callable[..., Iterator[Finding]]], Rule]:
    """Register the decorated generator as the rule `id`."""
    def register(fn: Callable[..., Iterator[Finding]]) -> Rule:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(id, severity, title, explanation, scope, fn)
        return RULES[id]
    return register


class Context:
    """What a rule needs besides its documents: the settings, and a way to say a finding."""

    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.compared: list[Cited] = []  # every value a rule compared, for the repaired rule

    def differ(self, a: float, b: float) -> bool:
        """a and b differ by more than the tolerance, to the cent: amounts are printed in
        cents, and a sum of amounts with cents is a few billionths off in floating point."""
        return round(abs(a - b), 2) > self.settings.tolerance

    def exceeds(self, a: float, b: float) -> bool:
        """a is more than b by more than the tolerance (to the cent)."""
        return round(a - b, 2) > self.settings.tolerance

    def finding(self, rule_id: str, message: str, cited: Sequence[Cited] = (),
                severity: Severity | None = None, subject: Sequence[str] = (),
                documents: Sequence[DocumentRef] = ()) -> Finding:
        registered = RULES[rule_id]
        return Finding(rule_id, severity or registered.severity, message,
                       registered.explanation, tuple(cited), tuple(subject), tuple(documents))

    def compare(self, *cited: Cited) -> tuple[Cited, ...]:
        self.compared.extend(cited)
        return cited


def rules_of(scope: str) -> list[Rule]:
    return [r for r in RULES.values() if r.scope == scope]


def describe() -> list[dict[str, Any]]:
    return [{"id": r.id, "severity": r.severity.value, "title": r.title,
             "explanation": r.explanation, "scope": r.scope} for r in RULES.values()]
