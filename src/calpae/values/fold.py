"""Length-preserving text folding so that regexes run on folded text keep original offsets."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = "\u2019\u2018\u201b\u02bc\u2032\u00b4`"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003\u2004\u2005\u2006\u205f\u3000"
_SPECIAL = {
    **dict.fromkeys(_APOSTROPHES, "'"),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_SPACES, " "),
    # Ligatures keep their first letter so that the length does not change.
    "\u0153": "o", "\u0152": "o", "\u00e6": "a", "\u00c6": "a",
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character lower-cased without its accent, with quotes, dashes and spaces unified.

    Compatibility forms that stand for a letter (`ﬁ`, `º`, full-width letters) become that
    letter; other characters that would decompose into digits or several signs (`²`, `½`, `…`)
    stay as they are, so that no digit appears where the document printed none.
    """
    if char in _SPECIAL:
        return _SPECIAL[char]
    lowered = char.lower()
    if len(lowered) != 1:  # `İ` lower-cases to two characters
        lowered = char
    base = unicodedata.normalize("NFKD", lowered)[:1].lower()
    return base if base.isascii() and base.isalpha() else lowered


class _FoldTable(dict[int, str]):
    """A str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Text lower-cased, accent-free, marks unified: exactly one character per character of text,
    so that an offset found in the result is the same offset in text."""
    # Finders fold the same lines and the same whole text again and again; translating costs
    # tens of nanoseconds a character, a cache hit a fraction of that.
    if len(text) <= _SHORT:
        return _fold_short(text)
    return _fold_long(text)


_SHORT = 2_000  # a line, a cell, a passage of a fiche


@lru_cache(maxsize=16_384)
def _fold_short(text: str) -> str:
    return text.translate(_TABLE)


@lru_cache(maxsize=4)  # the whole text of the last documents
def _fold_long(text: str) -> str:
    return text.translate(_TABLE)
