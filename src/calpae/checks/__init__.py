"""Checks: rules over extracted documents, each finding explained and tied to its evidence.

A rule is one function registered with `@rule` (registry.py): document rules read one
document, dossier rules the distinct documents of one territory.
"""

from __future__ import annotations

from collections.abc import Sequence

from calpae.checks import document as _document  # noqa: F401  (registers the rules)
from calpae.checks import dossier as _dossier  # noqa: F401
from calpae.checks import identity as _identity  # noqa: F401
from calpae.checks.document.amounts import repaired_among, typos_among
from calpae.checks.model import (
    CheckedDocument,
    CheckSettings,
    Cited,
    DocumentRef,
    Finding,
    Severity,
)
from calpae.checks.registry import RULES, Context, Rule, describe, rules_of

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def check_documents(documents: Sequence[CheckedDocument],
                    settings: CheckSettings | None = None,
                    dossier: bool = True) -> list[Finding]:
    """Every finding on these documents: each one's own, then (dossier=True) those across the
    documents of each territory. Pass distinct documents: copies are identity's business."""
    ctx = Context(settings or CheckSettings.from_env())
    findings: list[Finding] = []
    for doc in documents:
        for registered in rules_of("document"):
            findings.extend(registered.run(doc, ctx))
    if dossier:
        by_territory: dict[str, list[CheckedDocument]] = {}
        for doc in documents:
            if doc.territory:
                by_territory.setdefault(doc.territory, []).append(doc)
        for docs in by_territory.values():
            for registered in rules_of("dossier"):
                findings.extend(registered.run(docs, ctx))
    findings.extend(repaired_among(ctx.compared, ctx))
    findings.extend(typos_among(findings, ctx))
    unique = {f.identity: f for f in findings}
    return sorted(unique.values(), key=lambda f: (_ORDER[f.severity], f.rule, f.message))


__all__ = ["RULES", "CheckSettings", "CheckedDocument", "Cited", "DocumentRef", "Finding",
           "Rule", "Severity", "check_documents", "describe"]
