"""What a check reads (a document's values with their stable keys) and what it says (findings)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from calpae.extract.models import Extraction
from calpae.model import Evidence, Extracted, ReadStatus, iter_extracted, slug, to_tree

TOLERANCE_ENV = "CALPAE_TOLERANCE_EUROS"


class Severity(StrEnum):
    ERROR = "erreur"  # the figures contradict each other: ask the département to correct
    WARNING = "alerte"  # unusual or incomplete: ask why
    INFO = "info"  # worth knowing when reading the document


@dataclass(frozen=True)
class CheckSettings:
    tolerance: float = 1.0  # euros: rounding of printed amounts is not a finding

    @classmethod
    def from_env(cls) -> CheckSettings:
        raw = os.environ.get(TOLERANCE_ENV)
        return cls(tolerance=float(raw)) if raw else cls()


@dataclass(frozen=True)
class DocumentRef:
    """The document a cited value belongs to: its store id where it has one, and file name."""

    name: str
    id: int | None = None

    @property
    def handle(self) -> str:
        """The store id where there is one (stable, unique), else the file name."""
        return f"#{self.id}" if self.id is not None else self.name

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Cited:
    """One value a finding compares: what it is, where it was read and how."""

    document: DocumentRef
    key: str
    label: str  # in French: "Part État de la fiche 1.2"
    value: Any
    status: ReadStatus = ReadStatus.EXACT
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document.to_json(), "key": self.key, "label": self.label,
                "value": to_tree(self.value), "status": self.status.value,
                "reason": self.reason, "evidence": [e.to_json() for e in self.evidence]}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str  # in French, with the figures
    explanation: str  # in French: why it matters, what to ask the département
    cited: tuple[Cited, ...] = ()
    subject: tuple[str, ...] = ()  # what the finding is about when it cites no value
    documents: tuple[DocumentRef, ...] = ()

    @property
    def identity(self) -> str:
        """Rule id + the documents and keys it compares: the same finding across
        recomputation, and never the same for two documents that share a file name."""
        parts = sorted({f"{c.document.handle}#{c.key}" for c in self.cited}
                       | {d.handle for d in self.documents} | set(self.subject))
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
        return f"{self.rule}:{digest}"

    @property
    def all_documents(self) -> tuple[DocumentRef, ...]:
        seen = dict.fromkeys([*self.documents, *(c.document for c in self.cited)])
        return tuple(seen)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.identity, "rule": self.rule, "severity": self.severity.value,
                "message": self.message, "explanation": self.explanation,
                "documents": [d.to_json() for d in self.all_documents],
                "values": [c.to_json() for c in self.cited]}


@dataclass
class CheckedDocument:
    """One document as the rules see it: its extraction, and the stable key of each value."""

    ref: DocumentRef
    extraction: Extraction
    _keys: dict[int, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._keys = {id(at.value): at.key for at in iter_extracted(self.extraction)}

    @property
    def kind(self) -> str | None:
        kind = self.extraction.document.kind
        return None if kind is None else str(kind.value)

    @property
    def year(self) -> int | None:
        return value_of(self.extraction.document.exercise_year)

    @property
    def territory_code(self) -> str | None:
        return value_of(self.extraction.document.territory.code)

    @property
    def territory_key(self) -> str | None:
        territory = self.extraction.document.territory
        return territory_key(value_of(territory.kind), value_of(territory.name),
                             self.territory_code)

    def cite(self, found: Extracted[Any], label: str) -> Cited:
        evidence = found.parts or ((found.evidence,) if found.evidence else ())
        return Cited(self.ref, self._keys.get(id(found), "?"), label, found.value,
                     found.status, found.reason, evidence)


def territory_key(kind: str | None, name: str | None, code: str | None) -> str | None:
    """What a territory's documents are grouped by, in the checks and in the store: its code,
    else its kind and name."""
    if code:
        return str(code)
    return f"{kind or 'territoire'}:{slug(name)}" if name else None


# the calpae-json leaves that hold euros (in actions, budgets, executions, tables, articles)
AMOUNT_FIELDS = ("state", "territory", "other", "total", "carryover", "consumed", "engaged",
                 "carryover_requested", "amount", "valorisation", "state_carryover",
                 "territory_carryover")


def is_amount(path: str, value: object) -> bool:
    """The value at this calpae-json path is an amount in euros."""
    return (path.rsplit(".", 1)[-1] in AMOUNT_FIELDS and isinstance(value, int | float)
            and not isinstance(value, bool))


def value_of(found: Extracted[Any] | None) -> Any:
    return None if found is None else found.value


def present(*values: Extracted[Any] | None) -> bool:
    return all(v is not None and v.value is not None for v in values)


def total_of(values: Iterable[Extracted[Any] | None]) -> float:
    return sum(float(v.value) for v in values if v is not None and v.value is not None)
