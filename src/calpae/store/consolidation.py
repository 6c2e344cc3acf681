"""National and regional totals: SQL over the documents in force, each copy counted once.

Funding figures (State, département, other financers, budget) come from the fiches of the
convention or latest avenant of each territory-year; execution figures (engaged, consumed,
carryover requested) from that year's report. The articles' State credits and carryover come
from the documents themselves, so that the national State total is the sum of the distinct
documents' amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session

from calpae.store.models import ActionLine, Document
from calpae.values.territories import REGION, TERRITORIES

REPORT = "rapport_execution"


class GroupBy(StrEnum):
    MEASURE = "measure"
    SECTION = "section"
    TERRITORY = "territory"
    REGION = "region"
    YEAR = "year"
    NATION = "nation"


@dataclass(frozen=True)
class Aggregate:
    group: str  # the territory key, région code, year, measure… ("national" for the nation)
    label: str  # in French, for people
    documents: int
    state_credits: float | None  # the articles' new State credits
    carryover: float | None  # the articles' credits carried over
    state: float | None  # fiches' State parts
    territory: float | None
    other: float | None
    total: float | None
    engaged: float | None
    consumed: float | None
    carryover_requested: float | None
    planned: float | None  # budgets the reports restate, the base of the execution rate

    @property
    def execution_rate(self) -> float | None:
        if not self.planned or self.consumed is None:
            return None
        return self.consumed / self.planned

    def to_json(self) -> dict[str, Any]:
        out = {k: _cents(getattr(self, k)) for k in self.__dataclass_fields__}
        out["execution_rate"] = self.execution_rate
        return out


def _cents(value: Any) -> Any:
    """Sums of floats printed to the cent (SQL SUM of 0.1s is not exact)."""
    return round(value, 2) if isinstance(value, float) else value


_NOT_CLASSIFIED = "non classé"


def _group_column(by: GroupBy) -> ColumnElement[Any]:
    if by is GroupBy.MEASURE:
        return func.coalesce(ActionLine.theme, _NOT_CLASSIFIED)
    if by is GroupBy.SECTION:
        return func.coalesce(ActionLine.section, _NOT_CLASSIFIED)
    if by is GroupBy.TERRITORY:
        return func.coalesce(Document.territory_key, _NOT_CLASSIFIED)
    if by is GroupBy.REGION:
        return func.coalesce(Document.region_code, _NOT_CLASSIFIED)
    if by is GroupBy.YEAR:
        return func.coalesce(ActionLine.year, Document.exercise_year, 0)
    return literal("national")


def _document_column(by: GroupBy) -> ColumnElement[Any] | None:
    """The same grouping for document-level figures (None: a per-action grouping)."""
    if by in (GroupBy.MEASURE, GroupBy.SECTION):
        return None
    if by is GroupBy.TERRITORY:
        return func.coalesce(Document.territory_key, _NOT_CLASSIFIED)
    if by is GroupBy.REGION:
        return func.coalesce(Document.region_code, _NOT_CLASSIFIED)
    if by is GroupBy.YEAR:
        return func.coalesce(Document.exercise_year, 0)
    return literal("national")


_IN_FORCE = and_(Document.effective.is_(True), Document.duplicate_of_id.is_(None))


def _funding(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.sum(case((Document.kind != REPORT, column)))


def _execution(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.sum(case((Document.kind == REPORT, column)))


def consolidate(session: Session, by: GroupBy = GroupBy.NATION,
                year: int | None = None, region: str | None = None) -> list[Aggregate]:
    """One aggregate per group, in group order; two queries, each a GROUP BY in SQL."""
    group = _group_column(by).label("grp")
    actions = (select(
        group,
        func.count(func.distinct(ActionLine.document_id)),
        _funding(ActionLine.state), _funding(ActionLine.territory),
        _funding(ActionLine.other), _funding(ActionLine.total),
        _execution(ActionLine.engaged), _execution(ActionLine.consumed),
        _execution(ActionLine.carryover_requested), _execution(ActionLine.total))
        .join(Document, Document.id == ActionLine.document_id)
        .where(_IN_FORCE, *_filters(year, region)))
    if by is not GroupBy.NATION:  # PostgreSQL refuses GROUP BY a constant
        actions = actions.group_by(group).order_by(group)
    rows = {str(r[0]): r for r in session.execute(actions) if r[1]}
    documents: dict[str, Any] = {}
    doc_group = _document_column(by)
    if doc_group is not None:
        labelled = doc_group.label("grp")
        query = (select(labelled, func.count(Document.id), _funding(Document.state_amount),
                        _funding(Document.state_carryover))
                 .where(_IN_FORCE, *_filters(year, region)))
        if by is not GroupBy.NATION:
            query = query.group_by(labelled).order_by(labelled)
        documents = {str(r[0]): r for r in session.execute(query) if r[1]}
    labels = _labels(session, by)
    out = []
    for key in sorted(set(rows) | set(documents)):
        a = rows.get(key)
        d = documents.get(key)
        out.append(Aggregate(
            key, labels.get(key, key), int(d[1] if d is not None else a[1] if a else 0),
            d[2] if d is not None else None, d[3] if d is not None else None,
            *(a[2:10] if a is not None else (None,) * 8)))
    return out


def _filters(year: int | None, region: str | None) -> Sequence[ColumnElement[bool]]:
    out = []
    if year is not None:
        out.append(Document.exercise_year == year)
    if region is not None:
        out.append(Document.region_code == region)
    return out


def _labels(session: Session, by: GroupBy) -> dict[str, str]:
    if by is GroupBy.REGION:
        return {t.code or "": t.name for t in TERRITORIES if t.kind == REGION}
    if by is GroupBy.TERRITORY:
        names = select(Document.territory_key, func.max(Document.territory_name)).group_by(
            Document.territory_key)
        return {str(k): str(n) for k, n in session.execute(names) if k and n}
    if by is GroupBy.NATION:
        return {"national": "France entière"}
    return {}
