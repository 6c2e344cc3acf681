"""Tests of the one length-preserving folding every finder relies on for offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calpae.values.fold import fold, fold_char

ASCII_DIGITS = set("0123456789")


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_never_makes_digits_up(text: str) -> None:
    for printed, folded in zip(text, fold(text), strict=True):
        assert folded not in ASCII_DIGITS or printed == folded


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="`")))
def test_plain_ascii_is_only_lower_cased(text: str) -> None:
    assert fold(text) == text.lower()


def test_fold_removes_case_accents_and_unifies_marks() -> None:
    assert fold("Côtes-d’Armor AOÛT\u00a0Île – Œuvre") == "cotes-d'armor aout ile - ouvre"


@pytest.mark.parametrize(
    ("printed", "folded"),
    [("’", "'"), ("‘", "'"), ("ʼ", "'"), ("´", "'"), ("`", "'"), ("′", "'"),
     ("‐", "-"), ("‑", "-"), ("–", "-"), ("—", "-"), ("−", "-"),
     ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u3000", " "),
     ("É", "e"), ("ç", "c"), ("Ï", "i"), ("œ", "o"), ("Æ", "a"), ("ﬁ", "f"), ("º", "o"),
     ("Ｅ", "e"), ("İ", "i")],
)
def test_fold_char(printed: str, folded: str) -> None:
    assert fold_char(printed) == folded


@pytest.mark.parametrize("kept", ["²", "½", "…", "°", "€", "ß", "\t", "\n", "\f", "µ"])
def test_characters_without_a_one_letter_form_stay(kept: str) -> None:
    assert fold_char(kept) == kept


def test_offsets_found_in_folded_text_hold_in_the_original() -> None:
    text = "Vu l’avis du Comité – Séance du 1ᵉʳ février, Part de l’État : 36 000 €"
    match = re.search(r"part de l'etat", fold(text))
    assert match is not None
    assert text[match.start():match.end()] == "Part de l’État"


def test_extraction_modules_share_this_folding(repo_root: Path) -> None:
    # tables.py keeps its own folding until its owner switches to this module.
    pending = {"extract/tables.py"}
    package = repo_root / "src" / "calpae"
    folding_elsewhere = sorted(
        path.relative_to(package).as_posix() for path in package.rglob("*.py")
        if re.search(r"normalize\(\s*\"NFK?D\"", path.read_text(encoding="utf-8"))
    )
    assert set(folding_elsewhere) - pending == {"values/fold.py"}


@given(st.text(min_size=1, max_size=40))
def test_long_texts_fold_like_their_lines(line: str) -> None:
    text = "\n".join([line] * (3_000 // len(line) + 1))
    assert fold(text) == "\n".join([fold(line)] * (3_000 // len(line) + 1))
