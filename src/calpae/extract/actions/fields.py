"""Text helpers shared by the fiche readers: field labels, amounts in lines and cells."""

from __future__ import annotations

import functools
import re

# ELISION: the elided article in folded text, as written (l') or as OCR reads it (i'), in
# patterns where a missing apostrophe is also met.
from calpae.extract.vocabulary import ELISION as ELISION
from calpae.extract.vocabulary import FicheField, alternation, fiche_field_pattern, field_of
from calpae.model import Extracted, SourceDocument
from calpae.values.amounts import find_amounts, read_amount
from calpae.values.fold import fold

# Section numbering in front of a label: "1.1.1.5.", "2.14.", "VI.", "5)", "1.2.1.1Description".
_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*\.?|[ivx]{1,4}[.)])\s*[:.-]?\s*)+")

# Labels that open a part of a fiche (folded, numbering stripped); "Budget exécuté" and the
# headings reports give the same part are tried first.
_FIELD = re.compile(
    "^(?:" + fiche_field_pattern(tuple(f for f in FicheField if f != FicheField.EXECUTED_BUDGET))
    + ")")
_EXECUTED_LABEL = re.compile("^" + alternation(FicheField.EXECUTED_BUDGET))


def _lstrip_symbols(text: str) -> str:
    k = 0
    while k < len(text) and not text[k].isalnum():
        k += 1
    return text[k:]


def strip_numbering(folded: str) -> str:
    """A label without its section number or bullet ("1.1.1.5.", "VI.", "🡪", "►")."""
    return _lstrip_symbols(_NUMBERING.sub("", _lstrip_symbols(folded), count=1))


def first_cell(line: str) -> str:
    for cell in line.split("\t"):
        if cell.strip():
            return cell
    return ""


@functools.lru_cache(maxsize=20_000)
def field_label(line: str) -> str | None:
    """The fiche part a line opens ("description", "budget", "budget execute"…), or None."""
    head = strip_numbering(fold(first_cell(line)).strip())
    if len(head) > 160 and "\t" not in line:
        return None
    if _EXECUTED_LABEL.match(head):
        return FicheField.EXECUTED_BUDGET
    m = _FIELD.match(head)
    return field_of(m) if m else None


def is_field_label(line: str) -> bool:
    return field_label(line) is not None


def looks_numeric(text: str) -> bool:
    """Whether a cell holds only a bare number ("1 234 567", "250 000"), as tables print them."""
    s = text.strip()
    return bool(s) and s[0].isdigit() and all(c.isdigit() or c in " ,.\u202f\u00a0" for c in s)


def amounts_in(text: str, bare_cells: bool = False) -> list[Extracted[float]]:
    """Amounts of a text (spans relative to it); with bare_cells, a cell that is only a number
    counts as euros."""
    return list(_amounts(text, bare_cells))


@functools.lru_cache(maxsize=20_000)
def _amounts(text: str, bare_cells: bool) -> tuple[Extracted[float], ...]:
    found = find_amounts(text)
    if not bare_cells:
        return tuple(found)
    pos = 0
    for cell in text.split("\t"):
        part_pos = pos
        for part in cell.split("+"):
            if looks_numeric(part) and not any(a.start <= part_pos + 1 < a.end for a in found):
                value = read_amount(part, bare=True)
                if value is not None:
                    found.append(value.shifted(part_pos))
            part_pos += len(part) + 1
        pos += len(cell) + 1
    return tuple(sorted(found, key=lambda a: a.start))


def without_amounts(text: str, found: list[Extracted[float]]) -> str:
    """The text with its amounts blanked out, offsets kept: what a line says besides figures."""
    chars = list(text)
    for a in found:
        chars[a.start:a.end] = " " * (a.end - a.start)
    return "".join(chars)


def zero_tokens(text: str, taken: list[Extracted[float]]) -> list[Extracted[float]]:
    """Bare "0" and "-" cells of a table line, the zeros an amount regex does not see."""
    out = []
    pos = 0
    for token in text.replace("\t", " ").split(" "):
        if token in ("0", "-") and not any(a.start <= pos < a.end for a in taken):
            out.append(Extracted.at(0.0, pos, pos + len(token)))
        pos += len(token) + 1
    return out


_OCR_L = re.compile(r"(?<![A-Za-zÀ-ÿ])I['’]+(?=[A-Za-zÀ-ÿ])")
_SUPERSCRIPT = re.compile(r"\s*\^\{([^}]*)\}")
_SPACES = re.compile(r"\s+")


def clean_title(text: str) -> tuple[str, bool]:
    """A title as written, whitespace collapsed; OCR `I'` read as `l'`. Returns (text, repaired)."""
    repaired = _OCR_L.sub("l'", text)
    repaired = _SUPERSCRIPT.sub(r"\1", repaired)
    out = _SPACES.sub(" ", repaired).strip().strip(":").strip()
    return out, repaired != text


def split_cells(text: str):
    """Each tab-separated cell of a line with its offset in the line."""
    pos = 0
    for cell in text.split("\t"):
        yield pos, cell
        pos += len(cell) + 1


def labelled_part(source: SourceDocument, start: int, end: int,
                  label: str) -> tuple[int, int] | None:
    """The part of a fiche a field label opens: from its first line with that label to the
    next line labelled as another part (or end)."""
    begin = None
    for line, text in source.lines_between(start, end):
        found = field_label(text)
        if begin is None and found == label:
            begin = line.start
        elif begin is not None and found is not None and found != label:
            return begin, line.start
    return (begin, end) if begin is not None else None
