"""What the pages read from the store, in SQL: the territory × year matrix, finding counts and
lists with their filters, a document with its text and values. Totals come from
`store.consolidation`, dossiers from `store.territory`, search from `store.search`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from calpae.checks.registry import RULES
from calpae.store.models import Document, Finding, FindingDocument, SourceFile, SourceText
from calpae.values.territories import REGION, TERRITORIES

IN_FORCE = and_(Document.effective.is_(True), Document.duplicate_of_id.is_(None))
REPORT = "rapport_execution"
_SEVERITY_RANK = {"erreur": 0, "alerte": 1, "info": 2}

REGION_NAMES = {t.code or "": t.name for t in TERRITORIES if t.kind == REGION}


def region_name(code: str | None) -> str | None:
    return REGION_NAMES.get(code or "") if code else None


def _document_filters(year: int | None, region: str | None) -> list[ColumnElement[bool]]:
    out = []
    if year is not None:
        out.append(Document.exercise_year == year)
    if region:
        out.append(Document.region_code == region)
    return out


def years_present(session: Session) -> list[int]:
    query = (select(Document.exercise_year).where(Document.exercise_year.is_not(None))
             .distinct().order_by(Document.exercise_year))
    return [int(y) for y in session.scalars(query)]


def regions_present(session: Session) -> list[tuple[str, str]]:
    query = select(Document.region_code).where(Document.region_code.is_not(None)).distinct()
    codes = [str(c) for c in session.scalars(query)]
    return sorted(((c, region_name(c) or c) for c in codes), key=lambda r: r[1])


def territory_names(session: Session) -> dict[str, str]:
    query = (select(Document.territory_key, func.max(Document.territory_name))
             .where(Document.territory_key.is_not(None)).group_by(Document.territory_key))
    return {str(k): str(n) for k, n in session.execute(query) if n}


def matrix(session: Session, year: int | None = None,
           region: str | None = None) -> list[dict[str, Any]]:
    """One row per territory and year: the documents in force, the State credits, how many
    files (copies included) and findings. Three GROUP BY / filtered queries."""
    filters = _document_filters(year, region)
    in_force = session.execute(
        select(Document.id, Document.territory_key, Document.territory_name,
               Document.region_code, Document.exercise_year, Document.kind,
               Document.amendment_number, Document.state_amount, Document.state_carryover)
        .where(IN_FORCE, Document.exercise_year.is_not(None), *filters)
        .order_by(Document.territory_key, Document.exercise_year, Document.id))
    files = {(k, y): n for k, y, n in session.execute(
        select(Document.territory_key, Document.exercise_year, func.count(Document.id))
        .where(Document.exercise_year.is_not(None), *filters)
        .group_by(Document.territory_key, Document.exercise_year))}
    findings = {(k, y): n for k, y, n in session.execute(
        select(Finding.territory_key, Finding.year, func.count(Finding.id))
        .where(*_finding_filters(year=year, region=region))
        .group_by(Finding.territory_key, Finding.year))}
    rows: dict[tuple[str | None, int], dict[str, Any]] = {}
    for doc_id, key, name, region_code, doc_year, kind, number, amount, carryover in in_force:
        row = rows.setdefault((key, doc_year), {
            "territory_key": key, "territory_name": name, "region_code": region_code,
            "region": region_name(region_code), "year": doc_year,
            "funding_document_id": None, "funding_kind": None, "amendment_number": None,
            "report_document_id": None, "state_credits": None, "carryover": None,
            "files": files.get((key, doc_year), 0),
            "findings": findings.get((key, doc_year), 0)})
        row["territory_name"] = row["territory_name"] or name
        if kind == REPORT:
            row["report_document_id"] = doc_id
        else:
            row.update(funding_document_id=doc_id, funding_kind=kind, amendment_number=number,
                       state_credits=amount, carryover=carryover)
    return sorted(rows.values(), key=lambda r: ((r["territory_name"] or r["territory_key"]
                                                 or "").casefold(), r["year"]))


def _finding_filters(severity: str | None = None, rule: str | None = None,
                     territory: str | None = None, year: int | None = None,
                     region: str | None = None) -> list[ColumnElement[bool]]:
    out = []
    if severity:
        out.append(Finding.severity == severity)
    if rule:
        out.append(Finding.rule == rule)
    if territory:
        out.append(Finding.territory_key == territory)
    if year is not None:
        out.append(Finding.year == year)
    if region:
        out.append(Finding.territory_key.in_(
            select(Document.territory_key).where(Document.region_code == region)))
    return out


def severity_counts(session: Session, year: int | None = None,
                    region: str | None = None) -> list[dict[str, Any]]:
    counts = {s: n for s, n in session.execute(
        select(Finding.severity, func.count(Finding.id))
        .where(*_finding_filters(year=year, region=region)).group_by(Finding.severity))}
    return [{"severity": s, "findings": int(counts.get(s, 0))} for s in _SEVERITY_RANK]


def rules_present(session: Session) -> list[tuple[str, str]]:
    ids = session.scalars(select(Finding.rule).distinct().order_by(Finding.rule))
    return [(r, RULES[r].title if r in RULES else r) for r in ids]


@dataclass
class FindingList:
    total: int
    findings: list[Finding]
    documents: dict[int, list[tuple[int, str]]]  # finding id → (document id, file name)


def list_findings(session: Session, severity: str | None = None, rule: str | None = None,
                  territory: str | None = None, year: int | None = None,
                  region: str | None = None, limit: int = 200, offset: int = 0) -> FindingList:
    """Findings by severity, rule, territory, year and région, with the files each cites."""
    filters = _finding_filters(severity, rule, territory, year, region)
    total = session.scalar(select(func.count(Finding.id)).where(*filters)) or 0
    order = (_severity_order(), Finding.territory_key, Finding.year, Finding.rule, Finding.id)
    found = list(session.scalars(select(Finding).where(*filters).order_by(*order)
                                 .limit(limit).offset(offset)))
    return FindingList(total, found, finding_documents(session, [f.id for f in found]))


def _severity_order() -> ColumnElement[Any]:
    return case(*((Finding.severity == s, rank) for s, rank in _SEVERITY_RANK.items()),
                else_=len(_SEVERITY_RANK))


def finding_documents(session: Session, ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = session.execute(
        select(FindingDocument.finding_id, Document.id, SourceFile.name)
        .join(Document, Document.id == FindingDocument.document_id)
        .join(SourceFile, SourceFile.id == Document.source_file_id)
        .where(FindingDocument.finding_id.in_(list(ids)))
        .order_by(FindingDocument.finding_id, Document.id))
    for finding_id, doc_id, name in rows:
        out[finding_id].append((doc_id, name))
    return out


def finding_row(f: Finding, documents: list[tuple[int, str]],
                names: dict[str, str]) -> dict[str, Any]:
    return {"id": f.id, "rule": f.rule,
            "rule_title": RULES[f.rule].title if f.rule in RULES else None,
            "severity": f.severity, "territory_key": f.territory_key,
            "territory_name": names.get(f.territory_key or ""), "year": f.year,
            "message": f.message, "explanation": f.explanation,
            "documents": [{"id": i, "file": n} for i, n in documents],
            "values": len(f.cited or ()), "first_seen_at": f.first_seen_at,
            "computed_at": f.computed_at}


def load_document(session: Session, document_id: int) -> Document | None:
    return session.get(Document, document_id, options=[
        selectinload(Document.values),
        joinedload(Document.source_file).joinedload(SourceFile.text)])


def page_source(session: Session, document_id: int) -> tuple[str, str, int, Any] | None:
    """The sha256, format, page count and page sizes of a document's file, without its text."""
    row = session.execute(
        select(SourceFile.sha256, SourceFile.format, SourceText.page_count,
               SourceText.page_sizes)
        .join(Document, Document.source_file_id == SourceFile.id)
        .join(SourceText, SourceText.source_file_id == SourceFile.id)
        .where(Document.id == document_id)).one_or_none()
    return None if row is None else (row[0], row[1], row[2], row[3])


def copies_of(session: Session, document_id: int) -> list[tuple[int, str]]:
    query = (select(Document.id, SourceFile.name)
             .join(SourceFile, SourceFile.id == Document.source_file_id)
             .where(Document.duplicate_of_id == document_id).order_by(Document.id))
    return [(i, n) for i, n in session.execute(query)]


def file_name(session: Session, document_id: int) -> str | None:
    return session.scalar(select(SourceFile.name).join(
        Document, Document.source_file_id == SourceFile.id).where(Document.id == document_id))


def findings_of_document(session: Session, document_id: int) -> list[Finding]:
    query = (select(Finding).join(FindingDocument, FindingDocument.finding_id == Finding.id)
             .where(FindingDocument.document_id == document_id)
             .order_by(_severity_order(), Finding.rule, Finding.id))
    return list(session.scalars(query))
