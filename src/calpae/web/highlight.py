"""The source text as read, line by line, each extracted value marked where it was read.

Values overlap (a territory's name, kind and code are read from the same words) and may run
over several lines, so the text is cut at every value's start and end and at every line
break: each piece is marked by the values covering it (`data-values`, innermost first), and
`data-key`/`data-status` are those of the innermost. Every piece of text and every attribute
is escaped here: a document holding `<script>` shows it as text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    value_id: int
    key: str
    status: str
    start: int
    end: int
    cited: bool = False  # compared by the finding the page was opened for


Piece = tuple[str, tuple[Span, ...]]


def pieces_by_line(text: str, spans: Sequence[Span]) -> list[list[Piece]]:
    """Each line's pieces of text with the spans covering them (innermost first)."""
    kept = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = {0, len(text)}
    at = text.find("\n")
    while at >= 0:
        cuts.update((at, at + 1))
        at = text.find("\n", at + 1)
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(kept):
        cuts.update((s.start, s.end))
        starting[s.start].append(i)
        ending[s.end].append(i)
    active: dict[int, Span] = {}
    lines: list[list[Piece]] = [[]]
    for a, b in pairwise(sorted(cuts)):
        for i in ending.get(a, ()):
            active.pop(i, None)
        for i in starting.get(a, ()):
            active[i] = kept[i]
        piece = text[a:b]
        if piece == "\n":
            lines.append([])
            continue
        covering = tuple(sorted(active.values(), key=lambda s: (s.end - s.start, -s.start)))
        lines[-1].append((piece, covering))
    return lines


def _mark(piece: str, covering: tuple[Span, ...], offset: int) -> str:
    inner = covering[0]
    classes = f"calpae-mark calpae-mark--{inner.status}"
    if any(s.cited for s in covering):
        classes += " calpae-mark--cited"
    ids = " ".join(str(s.value_id) for s in covering)
    return (f'<mark class="{escape(classes)}" data-key="{escape(inner.key)}" '
            f'data-status="{escape(inner.status)}" data-values="{ids}" '
            f'data-start="{offset}">{escape(piece)}</mark>')


def render_source(text: str, spans: Sequence[Span]) -> Markup:
    """Table rows `<tr id="L12"><th scope="row">12</th><td>…</td></tr>`, one per line."""
    rows = []
    offset = 0
    for number, pieces in enumerate(pieces_by_line(text, spans), start=1):
        cells = []
        for piece, covering in pieces:
            cells.append(_mark(piece, covering, offset) if covering else str(escape(piece)))
            offset += len(piece)
        offset += 1  # the line break
        rows.append(f'<tr id="L{number}"><th scope="row">{number}</th>'
                    f'<td>{"".join(cells)}</td></tr>')
    return Markup("\n".join(rows))
