"""What extraction produces: the calpae-json/1 objects, every leaf an `Extracted` value.

Field names are the calpae-json keys. Fields marked `internal` are kept in the model and the
store (shown by the web app) but are not part of calpae-json/1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from calpae.model import Extracted, slug

FORMAT = "calpae-json/1"


def internal(default: Any = None, factory: Any = None) -> Any:
    if factory is not None:
        return field(default_factory=factory, metadata={"internal": True})
    return field(default=default, metadata={"internal": True})


X = Extracted  # short alias for annotations below


def _plain(value: Extracted[Any] | None) -> Any:
    return None if value is None else value.value


class DocumentKind(StrEnum):
    """What a document is; the values are calpae-json's `document.kind`."""

    CONVENTION = "convention"
    AMENDMENT = "avenant"
    EXECUTION_REPORT = "rapport_execution"


# --- document block -------------------------------------------------------------------------


@dataclass
class Territory:
    kind: X[str] | None = None  # departement | metropole | region
    name: X[str] | None = None
    code: X[str] | None = None


@dataclass
class Signatory:
    name: X[str] | None = None
    title: X[str] | None = None


@dataclass
class LegalBasis:
    kind: X[str] | None = None  # loi | instruction | convention | avenant | deliberation
    reference: X[str] | None = None
    date: X[dt.date] | None = None

    def stable_key(self, index: int) -> str | None:
        """`loi:2018-1317`, `deliberation:2019-06-28`: what the recital cites."""
        cited = self.reference or self.date
        if cited is None:
            return None
        return f"{_plain(self.kind) or ''}:{slug(str(cited.value))}"


@dataclass
class Deliberation:
    body: X[str] | None = None
    date: X[dt.date] | None = None


@dataclass
class Signature:
    place: X[str] | None = None
    date: X[dt.date] | None = None


@dataclass
class StateFunding:
    amount: X[float] | None = None
    carryover: X[float] | None = None
    total: X[float] | None = None


@dataclass
class DocumentBlock:
    kind: X[DocumentKind] | None = None
    amendment_number: X[int] | None = None
    exercise_year: X[int] | None = None
    convention_period: X[list[int]] | None = None  # [first_year, last_year]
    territory: Territory = field(default_factory=Territory)
    redacted: X[bool] | None = None
    state_signatory: Signatory = field(default_factory=Signatory)
    territory_signatory: Signatory = field(default_factory=Signatory)
    legal_bases: list[LegalBasis] = field(default_factory=list)
    base_convention_date: X[dt.date] | None = None
    deliberation: Deliberation = field(default_factory=Deliberation)
    signature: Signature = field(default_factory=Signature)
    state_funding: StateFunding = field(default_factory=StateFunding)


# --- actions --------------------------------------------------------------------------------


@dataclass
class Budget:
    year: X[int] | None = None
    state: X[float] | None = None
    territory: X[float] | None = None
    other: X[float] | None = None
    total: X[float] | None = None
    valorisation: X[float] | None = internal()  # in-kind staff time, part of territory
    # previous year's credits a share carries, printed beside it (`+ (100 € report 2019)`):
    # the share may include it (`= …` after it) or not; the checks try both
    state_carryover: X[float] | None = internal()
    territory_carryover: X[float] | None = internal()
    other_financers: list[X[str]] = internal(factory=list)  # FSE, CAF, React-EU…


@dataclass
class Execution:
    engaged: X[float] | None = None
    consumed: X[float] | None = None
    carryover_requested: X[float] | None = None


@dataclass
class Indicator:
    label: X[str] | None = None
    baseline: X[str] | None = None
    targets: dict[str, X[str]] = field(default_factory=dict)  # year -> target as written
    results: dict[str, X[str]] = field(default_factory=dict)  # year -> result as written

    def stable_key(self, index: int) -> str | None:
        return slug(_plain(self.label)) or None


@dataclass
class Action:
    ref: X[str] | None = None
    section: X[str] | None = None  # socle | initiative
    title: X[str] | None = None
    budget: Budget | None = None
    execution: Execution | None = None
    measure: X[str] | None = internal()  # the socle measure or theme the fiche answers
    description: X[str] | None = internal()
    start_date: X[str] | None = internal()  # as written ("janvier 2020", "2019")
    duration: X[str] | None = internal()
    partners: list[X[str]] = internal(factory=list)
    cofinancers: list[X[str]] = internal(factory=list)
    fapi: X[bool] | None = internal()  # already funded by the FAPI
    indicators: list[Indicator] = internal(factory=list)
    heading: X[str] | None = internal()  # the heading line the fiche starts at

    def stable_key(self, index: int) -> str | None:
        """The fiche's ref (made unique per document), else its title."""
        if self.ref is not None:
            return str(self.ref.value)
        title = slug(_plain(self.title))
        return f"titre:{title}" if title else None


# --- financial summary ----------------------------------------------------------------------


@dataclass
class SummaryAmounts:
    total: X[float] | None = None
    state: X[float] | None = None
    territory: X[float] | None = None
    carryover: X[float] | None = None
    other: X[float] | None = None
    consumed: X[float] | None = None


@dataclass
class SummaryRow(SummaryAmounts):
    label: X[str] | None = None
    action_ref: X[str] | None = None
    theme: X[str] | None = internal()
    budget_code: X[str] | None = internal()  # Chorus imputation (programme 304…)

    def stable_key(self, index: int) -> str:
        """The row's position in its table and its label (`3:prevention-specialisee`): not
        the fiches', which a better reading of the fiches would shift."""
        label = slug(_plain(self.label))
        return f"{index + 1}:{label}" if label else str(index + 1)


@dataclass
class FinancialSummary:
    rows: list[SummaryRow] = field(default_factory=list)
    total: SummaryAmounts | None = None
    subtotals: list[SummaryRow] = internal(factory=list)


@dataclass
class IndicatorRow:
    measure: X[str] | None = None
    indicator: X[str] | None = None
    definition: X[str] | None = None
    baseline_2018: X[str] | None = None
    results: dict[str, X[str]] = field(default_factory=dict)  # year -> value as written

    def stable_key(self, index: int) -> str | None:
        measure, indicator = slug(_plain(self.measure)), slug(_plain(self.indicator))
        return f"{measure}/{indicator}" if indicator else None


# --- the whole document ---------------------------------------------------------------------


@dataclass
class Extraction:
    source: str
    document: DocumentBlock
    actions: list[Action] = field(default_factory=list)
    financial_summary: FinancialSummary | None = None
    indicator_matrix: list[IndicatorRow] = internal(factory=list)
    format: str = FORMAT
