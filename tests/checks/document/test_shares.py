"""A fiche's share with and without the carryover printed beside it."""

from __future__ import annotations

from calpae.checks.document.shares import (
    includes_carryover,
    readings,
    with_carryover,
    without_carryover,
)
from calpae.extract.models import Budget
from calpae.model import Extracted


def _budget(share_span: tuple[int, int], carry_span: tuple[int, int]) -> Budget:
    return Budget(state=Extracted.at(3_000.0, *share_span),
                  state_carryover=Extracted.at(1_000.0, *carry_span))


def test_a_share_printed_after_its_carryover_includes_it():
    # `Part Etat : 2 000 € + (1 000 € report) = 3 000 €`: the share's span ends after it
    budget = _budget((12, 60), (25, 32))
    assert includes_carryover(budget.state, budget.state_carryover)
    assert without_carryover(budget, "state") == 2_000.0
    assert with_carryover(budget, "state") == 3_000.0


def test_a_share_printed_before_its_carryover_excludes_it():
    # `Part Etat = 3 000 € + (1 000 € report 2019)`
    budget = _budget((12, 19), (24, 31))
    assert not includes_carryover(budget.state, budget.state_carryover)
    assert readings(budget, "state") == {3_000.0, 4_000.0}


def test_a_share_without_carryover_has_one_reading():
    budget = Budget(state=Extracted.at(3_000.0, 0, 7))
    assert readings(budget, "state") == {3_000.0}
    assert readings(budget, "territory") == set()
