"""Text helpers every extractor shares: spans trimmed, whitespace collapsed, elided articles."""

from __future__ import annotations

import re

# L_APOS: OCR reads the elided article `l'` as `I'`, `1'` or `|'`; patterns use this class
# instead of `l'`.
from calpae.extract.vocabulary import L_APOS as L_APOS


def collapse(text: str) -> str:
    """Whitespace runs as one space, emphasis marks left over by exports removed, ends trimmed."""
    return re.sub(r"\s+", " ", text.replace("*", "").replace("_", " ")).strip()


def trim_span(text: str, start: int, end: int, junk: str = " \t\n*_,;:.«»\"'") -> tuple[int, int]:
    """The span without surrounding whitespace, punctuation and emphasis marks."""
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end
