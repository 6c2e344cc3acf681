"""A territory's dossier: its documents in order, each year's actions and credits in force
after amendments, the execution and the carryovers from year to year, and its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from calpae.checks.model import territory_key
from calpae.store.models import ActionLine, Document, Finding
from calpae.values.territories import lookup

_KIND_ORDER = {"convention": 0, "avenant": 1, "rapport_execution": 2}
_SEVERITY_ORDER = {"erreur": 0, "alerte": 1, "info": 2}


@dataclass
class Year:
    year: int
    funding: Document | None = None  # the convention or latest avenant in force
    report: Document | None = None
    actions: list[ActionLine] = field(default_factory=list)
    executed: list[ActionLine] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def doc(d: Document | None) -> dict[str, Any] | None:
            return None if d is None else {"id": d.id, "file": d.source_file.name,
                                           "kind": d.kind, "amendment_number":
                                           d.amendment_number}
        return {"year": self.year, "in_force": doc(self.funding), "report": doc(self.report),
                "state_credits": self.funding.state_amount if self.funding else None,
                "carryover": self.funding.state_carryover if self.funding else None,
                "actions": [_line(a) for a in self.actions],
                "execution": [_line(a) for a in self.executed]}


@dataclass
class Dossier:
    key: str
    name: str | None
    documents: list[Document]
    years: list[Year]
    findings: list[Finding]

    def to_json(self) -> dict[str, Any]:
        return {
            "territory": {"key": self.key, "name": self.name},
            "documents": [{"id": d.id, "file": d.source_file.name, "kind": d.kind,
                           "year": d.exercise_year, "amendment_number": d.amendment_number,
                           "duplicate_of": d.duplicate_of_id, "identity": d.identity_note,
                           "in_force": d.effective} for d in self.documents],
            "years": [y.to_json() for y in self.years],
            "findings": [{"id": f.identity, "rule": f.rule, "severity": f.severity,
                          "year": f.year, "message": f.message,
                          "explanation": f.explanation} for f in self.findings]}


def _line(a: ActionLine) -> dict[str, Any]:
    return {k: getattr(a, k) for k in ("ref", "section", "theme", "title", "year", "state",
                                       "territory", "other", "total", "engaged", "consumed",
                                       "carryover_requested")}


def resolve_territory(session: Session, given: str) -> str | None:
    """The territory key of a code (`31`), a key or a name (`Haute-Garonne`)."""
    known = session.scalar(select(Document.territory_key).where(or_(
        Document.territory_key == given, Document.territory_code == given)).limit(1))
    if known:
        return known
    found = lookup(given)
    if found is None:
        return None
    return territory_key(found.kind, found.name, found.code)


def territory_dossier(session: Session, key: str, year: int | None = None) -> Dossier | None:
    query = (select(Document).where(Document.territory_key == key)
             .options(selectinload(Document.action_lines), selectinload(Document.source_file)))
    documents = sorted(session.scalars(query), key=lambda d: (
        d.exercise_year or 0, _KIND_ORDER.get(d.kind or "", 3), d.amendment_number or 0, d.id))
    if not documents:
        return None
    years: dict[int, Year] = {}
    for d in documents:
        if not d.effective or d.exercise_year is None:
            continue
        entry = years.setdefault(d.exercise_year, Year(d.exercise_year))
        if d.kind == "rapport_execution":
            entry.report, entry.executed = d, list(d.action_lines)
        else:
            entry.funding, entry.actions = d, list(d.action_lines)
    findings = sorted(session.scalars(select(Finding).where(Finding.territory_key == key)),
                      key=lambda f: (_SEVERITY_ORDER.get(f.severity, 3), f.year or 0, f.rule))
    chosen = [years[y] for y in sorted(years) if year is None or y == year]
    if year is not None:
        documents = [d for d in documents if d.exercise_year == year]
        findings = [f for f in findings if f.year in (year, None)]
    name = next((d.territory_name for d in documents if d.territory_name), None)
    return Dossier(key, name, documents, chosen, findings)
