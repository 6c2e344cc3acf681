"""A fiche's share with and without the previous year's credits it carries.

`Part Etat : 222 € + (100 € report 2019) = 322 €` states 322 € including the carryover;
`Part Etat = 222 € + (100 € report 2019)` states 222 € without it. The table or the articles
may count either way, so the rules accept a match with either reading.
"""

from __future__ import annotations

from typing import Any

from calpae.checks.model import present
from calpae.extract.models import Budget
from calpae.model import Extracted


def _carry(budget: Budget, part: str) -> Extracted[Any] | None:
    found = {"state": budget.state_carryover, "territory": budget.territory_carryover}.get(part)
    return found if present(found) else None


def includes_carryover(share: Extracted[Any], carry: Extracted[Any]) -> bool:
    """The printed share ends after its carryover (`… + (report) = share`)."""
    return bool(share.spans and carry.spans and share.end >= carry.end)


def without_carryover(budget: Budget, part: str) -> float | None:
    share: Extracted[Any] | None = getattr(budget, part)
    if not present(share):
        return None
    assert share is not None
    carry = _carry(budget, part)
    if carry is not None and includes_carryover(share, carry):
        return float(share.value) - float(carry.value)
    return float(share.value)


def with_carryover(budget: Budget, part: str) -> float | None:
    share: Extracted[Any] | None = getattr(budget, part)
    if not present(share):
        return None
    assert share is not None
    carry = _carry(budget, part)
    if carry is not None and not includes_carryover(share, carry):
        return float(share.value) + float(carry.value)
    return float(share.value)


def readings(budget: Budget, part: str) -> set[float]:
    """The share as printed, without and with its carryover."""
    return {v for v in (without_carryover(budget, part), with_carryover(budget, part))
            if v is not None}


def carries(budget: Budget) -> bool:
    return _carry(budget, "state") is not None or _carry(budget, "territory") is not None
