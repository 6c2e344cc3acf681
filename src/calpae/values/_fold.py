"""Length-preserving text folding so that regexes run on folded text keep original offsets."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "\u0153": "o", "\u0152": "o", "\u00e6": "a", "\u00c6": "a",  # œ/æ keep length: first letter
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without accent, lower-cased, with quotes/dashes/spaces unified."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = unicodedata.normalize("NFD", char)[:1] or char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """text folded character by character: the result has exactly len(text) characters."""
    return text.translate(_TABLE)
