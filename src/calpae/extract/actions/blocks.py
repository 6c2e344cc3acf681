"""Where fiches actions start and end: the text block of each heading, its section, and an
unheaded first fiche."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.actions.fields import (
    amounts_in,
    field_label,
    first_cell,
    is_field_label,
    strip_numbering,
)
from calpae.extract.actions.headings import (
    ACTION,
    FICHE_NUMBERED,
    Heading,
    heading_like,
    section_line,
    section_marker,
)
from calpae.extract.text import folded_line, folded_stripped
from calpae.model import SourceDocument

_STOP = re.compile(
    r"^(?:maquette financiere|tableau financier|tableau recapitulatif|annexe financiere"
    r"|recapitulatif financier|matrice des indicateurs|annexe\b)")


@dataclass
class Block:
    heading: Heading
    start: int  # text offsets of the fiche's text
    end: int
    section: str | None
    section_offset: int | None  # where the section marker was read


def _is_description(text: str) -> bool:
    return field_label(text) == "description"


def _stop_offsets(source: SourceDocument) -> list[int]:
    out = []
    for line, text in source.iter_lines():
        stripped = text.strip()
        if heading_like(stripped) and "\t" not in text and not amounts_in(stripped):
            whole = folded_stripped(source, line.start, line.end)
            folded = strip_numbering(whole)
            if section_line(whole):
                continue  # a fiche's own "Engagement : initiative …" line
            if _STOP.match(folded) or (section_marker(whole) and not FICHE_NUMBERED.match(
                    folded) and not ACTION.match(folded)):
                out.append(line.start)
    return out


def _anchored_starts(source: SourceDocument, headings: list[Heading]) -> list[int] | None:
    """Block starts from the fiches' "Description de l'action" labels when every heading sits
    in or just before its own block (text layers move headings inside their fiche)."""
    anchors = [ln.start for ln, t in source.iter_lines()
               if _is_description(t) and ln.start >= headings[0].line.start - 20_000]
    anchors = [a for a in anchors if a < headings[-1].line.end + 20_000]
    if len(anchors) != len(headings):
        return None
    for i, h in enumerate(headings):
        pos = h.line.start
        if i > 0 and pos <= anchors[i - 1]:
            return None
        if i + 1 < len(anchors) and pos >= anchors[i + 1]:
            return None
    return [min(h.line.start, a) for h, a in zip(headings, anchors, strict=True)]


def build_blocks(source: SourceDocument, headings: list[Heading]) -> list[Block]:
    if not headings:
        return []
    anchored = _anchored_starts(source, headings)
    starts = anchored or [h.line.start for h in headings]
    stops = _stop_offsets(source)
    markers = _standalone_markers(source)
    blocks = []
    for i, h in enumerate(headings):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(source.text)
        reach = max(h.line.end, start)
        if anchored:
            reach = max(h.line.end, _anchor_after(source, start, end))
        end = min([end, *[s for s in stops if reach < s < end]])
        section, where = h.section, h.line.start
        if section is None:
            where, section = stated_section(source, h.line.end, end) or (where, None)
        if section is None:
            prior = [(pos, kind) for pos, kind in markers if pos <= reach]
            if prior:
                where, section = prior[-1]
        blocks.append(Block(h, start, end, section, where if section else None))
    return blocks


def stated_section(source: SourceDocument, start: int, end: int) -> tuple[int, str] | None:
    """The part a fiche states on one of its own lines ("Type | Initiative")."""
    first = source.line_at(start).number if start < len(source.text) else len(source.lines)
    for line in source.lines[first:first + 30]:
        if line.start >= end:
            break
        kind = section_line(folded_line(source, line))
        if kind:
            return line.start, kind
    return None


def _anchor_after(source: SourceDocument, start: int, end: int) -> int:
    for line, text in source.lines_between(start, end):
        if _is_description(text):
            return line.start
    return start


def _standalone_markers(source: SourceDocument) -> list[tuple[int, str]]:
    out = []
    for line, text in source.iter_lines():
        stripped = text.strip()
        if not heading_like(stripped) or "\t" in text or amounts_in(stripped):
            continue
        folded = folded_stripped(source, line.start, line.end)
        if (FICHE_NUMBERED.match(folded) or ACTION.match(folded) or stripped[0] in "-•►▶"
                or section_line(folded)):
            continue
        kind = section_marker(folded)
        if kind:
            out.append((line.start, kind))
    return out


def implicit_first_block(source: SourceDocument, blocks: list[Block]) -> Block | None:
    """A fiche without heading before the first numbered one ("FICHE ACTION N°2" first)."""
    if not blocks or blocks[0].heading.form != "fiche":
        return None
    first = blocks[0]
    if not first.heading.ref.isdigit() or int(first.heading.ref) != 2:
        return None
    if any(b.heading.ref == "1" for b in blocks):
        return None
    start = _region_start(source, first.start)
    labels = [ln for ln in source.lines
              if start <= ln.start < first.start and is_field_label(first_cell(
                  source.line_text(ln)))]
    if len(labels) < 2:
        return None
    head = source.line_at(start)
    heading = Heading(head, "1", None, None, None, "implicit")
    return Block(heading, start, first.start, None, None)


def _region_start(source: SourceDocument, before: int) -> int:
    """Where the fiches begin: after the last amount-heavy table or signature before them."""
    start = 0
    for table in source.tables:
        if table.end <= before:
            amounts = sum(1 for c in table.cells if amounts_in(c.text))
            if amounts >= 5:
                start = max(start, table.end)
    for line, _text in source.iter_lines():
        if line.start >= before:
            break
        if folded_stripped(source, line.start, line.end).startswith("fait a "):
            start = max(start, line.end)
    return start
