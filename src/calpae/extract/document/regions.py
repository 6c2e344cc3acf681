"""Text helpers for the document block: an offset-preserving folded text and its regions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from calpae.extract.text import folded, trim_span
from calpae.model import SourceDocument

# Words that end the title block of a document and start its parties clause or its recitals.
_TITLE_END = re.compile(r"(?m)^\s*(?:entre\b|vu\b|il est convenu|preambule)|represente[es]? par")
_VU_LINE = re.compile(r"(?m)^[ \t*_>#-]*vu\b")
_MASKED_LINE = re.compile(r"(?m)^[ \t*_]*X[xX]?\s+(?:x{1,3}\s+)+")
_ANNEX_HEADING = re.compile(
    r"(?m)^[ \t*#]*(?:annexes?(?:\s+(?:n\s?°\s?)?(?:\d+|[a-z]|[ivx]+)\b|\s*:|[ \t*]*$)|"
    r"fiches?[ -]?actions?\s*(?:n\s?°|\d|:|-|$))")
_BLOCK_END = re.compile(
    r"(?m)^[ \t*_#]*(?:il est (?:convenu|arrete|decide)|preambule|article\b|considerant|"
    r"apres en avoir|ont convenu|conviennent|decide|arrete)"
)




@dataclass(frozen=True)
class Item:
    """One recital (`Vu …`) of the document: its span in the text."""

    start: int
    end: int


class HeaderText:
    """The document text with its folded twin and the regions the document block is read from."""

    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.text = source.text
        self.folded = folded(source)

    @cached_property
    def _title_end_match(self) -> re.Match[str] | None:
        return _TITLE_END.search(self.folded, 0, 6000)

    @cached_property
    def title_end(self) -> int:
        """End of the title block: where the parties clause or the recitals begin."""
        m = self._title_end_match
        return m.start() if m else min(len(self.text), 1500)

    @cached_property
    def has_parties(self) -> bool:
        """Whether a parties clause or recitals end a title block (reports often have neither)."""
        return self._title_end_match is not None

    @cached_property
    def head_end(self) -> int:
        """End of the legal part of the document (title, parties, recitals, articles, signature)."""
        m = _ANNEX_HEADING.search(self.folded, self.title_end)
        stop = m.start() if m else len(self.text)
        return min(max(stop, self.title_end + 2000), len(self.text), 40_000)

    @cached_property
    def recitals(self) -> list[Item]:
        """The `Vu …` recitals in order, masked ones included (`Xx xx xxx n°…` when redacted)."""
        starts = sorted({m.start() for m in _VU_LINE.finditer(self.folded, 0, self.head_end)}
                        | {m.start() for m in _MASKED_LINE.finditer(self.text, 0, self.head_end)})
        if not starts:
            return []
        block_end = _BLOCK_END.search(self.folded, starts[0], self.head_end)
        stop = min(block_end.start() if block_end else self.head_end, starts[0] + 8000)
        block = [s for s in starts if s < stop]
        items = []
        for i, start in enumerate(block):
            limit = block[i + 1] if i + 1 < len(block) else min(start + 1500, self.head_end)
            end = self._item_end(start, limit)
            items.append(Item(start, end))
        return [it for it in items if not self._is_stray_mask(it)]

    def _item_end(self, start: int, limit: int) -> int:
        m = _BLOCK_END.search(self.folded, start + 2, limit)
        if m:
            limit = m.start()
        gap = re.search(r"\n[ \t]*\n[ \t]*\n", self.text[start:limit])
        if gap and not re.match(r"\s*[a-zà-ÿ«(]", self.text[start + gap.end():limit]):
            limit = start + gap.start()
        return trim_span(self.text, start, limit, " \t\n")[1]

    def _is_stray_mask(self, item: Item) -> bool:
        """A masked line counts as a recital only if it reads like one (a number or a date)."""
        head = self.folded[item.start:item.end]
        return not re.match(r"[ \t*_>#-]*vu\b", head) and not re.search(r"\bn\s?[°o]|\d{4}", head)
