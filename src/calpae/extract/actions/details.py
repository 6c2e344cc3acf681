"""The descriptive parts of a fiche: title cells, measure, description, dates, partners, FAPI."""

from __future__ import annotations

import re

from calpae.extract.actions.fields import (
    ELISION,
    clean_title,
    field_label,
    first_cell,
    split_cells,
)
from calpae.extract.actions.headings import continued_span
from calpae.extract.models import Indicator
from calpae.extract.text import folded_line, folded_stripped
from calpae.model import Extracted, ReadStatus, SourceDocument

_INTITULE = re.compile(
    rf"^\W{{0,3}}intitule\s*(?:de\s+{ELISION}?\s*action|action|du\s+projet)?\s*[:\t]?\s*")
_MEASURE = re.compile(r"^\W{0,3}(?:mesure|theme de la contractualisation|theme)\s*[:\t]\s*")
_NUMBERED_MEASURE = re.compile(r"^(\d+(?:\.\d+)+)\s*[:.]?\s+(\S.{2,200})$")
_ANSWER = re.compile(r"\b(oui|non)\b")
_TITLE_REPAIR = "texte nettoyé d'artefacts d'OCR ou d'export (« I' » lu « l' », exposants)"


def cleaned(source: SourceDocument, start: int, end: int) -> Extracted[str] | None:
    """The cleaned text of a span (see `clean_title`), REPAIRED where cleaning mended it."""
    text, repaired = clean_title(source.text[start:end])
    if not text:
        return None
    if repaired:
        return source.extracted(text, start, end, ReadStatus.REPAIRED, _TITLE_REPAIR)
    return source.extracted(text, start, end)


def intitule(source: SourceDocument, start: int, end: int) -> Extracted[str] | None:
    """The "Intitulé de l'action" of a table- or form-laid fiche."""
    for line, text in source.lines_between(start, end):
        folded = folded_line(source, line)
        m = _INTITULE.match(folded)
        if m and m.end() < len(text.rstrip()):
            span = continued_span(source, line.start + m.end(), line.start + len(text.rstrip()))
            return cleaned(source, *span)
    return None


def measure_title(source: SourceDocument, start: int, end: int) -> Extracted[str] | None:
    """The most specific measure a fiche names before its first part: "2.2 Référent de
    parcours" rather than "Mesure : Renforcer les compétences…"."""
    numbered, measure = None, None
    for line, text in source.lines_between(start, end):
        if field_label(text) is not None:
            break
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        m = _NUMBERED_MEASURE.match(stripped)
        if m and "\t" not in text:
            numbered = cleaned(source, line.start + lead + m.start(2), line.start + lead + m.end(2))
        m = _MEASURE.match(folded_line(source, line))
        if m and m.end() < len(text.rstrip()):
            measure = cleaned(source, line.start + m.end(), line.start + len(text.rstrip()))
    return numbered or measure


def measure(source: SourceDocument, start: int, end: int) -> Extracted[str] | None:
    for line, text in source.lines_between(start, end):
        m = _MEASURE.match(folded_line(source, line))
        if m and m.end() < len(text.rstrip()):
            return cleaned(source, line.start + m.end(), line.start + len(text.rstrip()))
    return None


def part_text(source: SourceDocument, start: int, end: int, part: str,
              limit: int = 800) -> Extracted[str] | None:
    """The text of one part of a fiche ("description", "duree"…), after its label."""
    lines = list(source.lines_between(start, end))
    for k, (line, text) in enumerate(lines):
        if field_label(text) != part:
            continue
        label = first_cell(text)
        rest_start = text.find(label) + len(label)
        rest = text[rest_start:]
        colon = label.find(":")  # folding keeps every colon where it is
        if colon >= 0 and not rest.strip():
            rest_start = text.find(label) + colon + 1
            rest = text[rest_start:]
        if rest.strip(" \t:"):
            lead = len(rest) - len(rest.lstrip(" \t:"))
            return cleaned(source, line.start + rest_start + lead, line.start + len(text.rstrip()))
        return _following(source, lines[k + 1:], part, limit)
    return None


def _following(source: SourceDocument, lines, part: str, limit: int) -> Extracted[str] | None:
    """The text under a label, up to the next label of another part: a line that names the
    same part again ("Partenaires" over "Les partenaires engagés sont …") is its text."""
    first = last = None
    for line, text in lines:
        label = field_label(text)
        if label is not None and (label != part or first is not None):
            break
        if text.strip():
            first = first if first is not None else line.start + len(text) - len(text.lstrip())
            last = line.start + len(text.rstrip())
            if last - first > limit:
                break
    if first is None or last is None:
        return None
    return cleaned(source, first, last)


def fapi(source: SourceDocument, start: int, end: int) -> Extracted[bool] | None:
    """Whether the fiche says the FAPI already funded the action (oui / non)."""
    lines = list(source.lines_between(start, end))
    for k, (line, text) in enumerate(lines):
        if "fapi" not in folded_line(source, line) or field_label(text) is None:
            continue
        for follow_line, _follow in [(line, text), *lines[k + 1:k + 4]]:
            m = _ANSWER.search(folded_line(source, follow_line))
            if m:
                pos = follow_line.start + m.start()
                return source.extracted(m.group(1) == "oui", pos, pos + 3)
    return None


_COFINANCERS = re.compile(r"co-?\s*financeurs?\s*:\s*")
_SPLIT = re.compile(r"\s*(?:,|;|/|\bet\b)\s*")


def cofinancers(source: SourceDocument, start: int, end: int) -> list[Extracted[str]]:
    """The co-financers a fiche names after "Co-financeurs :"."""
    for line, text in source.lines_between(start, end):
        folded = folded_line(source, line)
        m = _COFINANCERS.search(folded)
        if not m:
            continue
        out = []
        pos = m.end()
        for part in _SPLIT.split(folded[pos:]):
            name = part.strip(" .")
            if not name:
                continue
            at = folded.find(name, pos)
            if at >= 0:
                out.append(source.extracted(text[at:at + len(name)], line.start + at,
                                            line.start + at + len(name)))
                pos = at + len(name)
        return out
    return []


_INDICATOR_HEAD = re.compile(r"^(?:indicateurs?|objectifs et progression|nom de l'indicateur)")
_BASELINE = re.compile(r"situation|reference|initial|2018")


def indicators(source: SourceDocument, start: int, end: int) -> list[Indicator]:
    """Indicator tables laid in cells: a header of years, one line per indicator."""
    out: list[Indicator] = []
    columns: dict[int, str] | None = None
    baselines: set[int] = set()  # the columns of the situation at the start
    for line, text in source.lines_between(start, end):
        cells = text.split("\t")
        if len(cells) < 2:
            columns = None
            continue
        head = folded_stripped(source, line.start, line.start + len(cells[0]))
        if _INDICATOR_HEAD.match(head):
            columns = {i: c.strip() for i, c in enumerate(cells) if i and c.strip()}
            baselines = {i for i, (p, c) in enumerate(split_cells(text)) if i in columns
                         and _BASELINE.search(folded_stripped(source, line.start + p,
                                                              line.start + p + len(c)))}
            continue
        if columns is None or not cells[0].strip():
            continue
        out.append(_indicator(source, line.start, cells, columns, baselines))
    return out


def _indicator(source: SourceDocument, base: int, cells: list[str],
               columns: dict[int, str], baselines: set[int]) -> Indicator:
    offsets, pos = [], 0
    for c in cells:
        offsets.append(pos)
        pos += len(c) + 1
    label = cells[0].strip()
    lead = cells[0].find(label)
    indicator = Indicator(label=source.extracted(label, base + lead, base + lead + len(label)))
    for i, header in columns.items():
        if i >= len(cells) or not cells[i].strip():
            continue
        value = cells[i].strip()
        at = base + offsets[i] + cells[i].find(value)
        extracted = source.extracted(value, at, at + len(value))
        if i in baselines and indicator.baseline is None:
            indicator.baseline = extracted
        else:
            indicator.targets[header] = extracted
    return indicator
