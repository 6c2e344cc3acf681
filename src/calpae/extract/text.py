"""Text helpers every extractor shares: the document's folded text, spans trimmed, whitespace
collapsed, elided articles."""

from __future__ import annotations

import re

# L_APOS: OCR reads the elided article `l'` as `I'`, `1'` or `|'`; patterns use this class
# instead of `l'`.
from calpae.extract.vocabulary import L_APOS as L_APOS
from calpae.model import Line, SourceDocument
from calpae.values.fold import fold


def folded(source: SourceDocument) -> str:
    """The document's text folded (`calpae.values.fold`), computed once and kept on it.

    Readers fill `source.folded`; a document built another way (tests) gets it on first use.
    Folding keeps every offset: `folded(source)[a:b]` is `source.text[a:b]` folded.
    """
    if len(source.folded) != len(source.text):
        source.folded = fold(source.text)
    return source.folded


def folded_span(source: SourceDocument, start: int, end: int) -> str:
    """`source.text[start:end]` folded: a slice of the document's folded text."""
    return folded(source)[start:end]


def folded_line(source: SourceDocument, line: Line) -> str:
    """The text of a line folded: a slice of the document's folded text."""
    return folded(source)[line.start:line.end]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of `text[start:end].strip()`: without its surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def folded_stripped(source: SourceDocument, start: int, end: int) -> str:
    """`source.text[start:end].strip()` folded: the span stripped on the document's own text,
    then sliced from its folded text."""
    return folded_span(source, *strip_span(source.text, start, end))


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
