"""Tests of the length-preserving folding the value finders rely on for offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calpae.values._fold import fold


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_fold_removes_case_accents_and_unifies_marks() -> None:
    assert fold("Côtes-d’Armor AOÛT\u00a0Île – Œuvre") == "cotes-d'armor aout ile - ouvre"
