"""The document page's page view: which pages to show, and the box of each value on them.

The boxes are in the reader's frame (points, origin top-left, `calpae.model.BBox`), which is
also the SVG's viewBox (the page's size as stored), so they are drawn as stored. Values read
from the same words share one box (a territory's name, kind and code), innermost first, as
the marks of the text do. A few pages are shown at a time: the page is a link away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from calpae.store.files import KEPT_FORMATS

PAGES_AT_ONCE = 3


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    values: list[dict[str, Any]] = field(default_factory=list)  # innermost (shortest) first

    @property
    def ids(self) -> str:
        return " ".join(str(v["id"]) for v in self.values)

    @property
    def status(self) -> str:
        return self.values[0]["status"]

    @property
    def cited(self) -> bool:
        return any(v["cited"] for v in self.values)


@dataclass
class PageView:
    number: int
    width: float
    height: float
    image: str
    boxes: list[Box]


def page_image_url(document_id: int, number: int) -> str:
    return f"/documents/{document_id}/pages/{number}.png"


def has_pages(fmt: str) -> bool:
    return fmt in KEPT_FORMATS


def boxes_by_page(values: Iterable[dict[str, Any]]) -> dict[int, list[Box]]:
    """Each page's boxes (values as `document._value` gives them), in reading order."""
    grouped: dict[int, dict[tuple[float, ...], Box]] = defaultdict(dict)
    for v in values:
        if v["page"] is None or v["bbox"] is None:
            continue
        corners = tuple(round(c, 2) for c in v["bbox"])
        box = grouped[v["page"]].setdefault(corners, Box(*corners))
        box.values.append(v)
    out = {}
    for page, boxes in grouped.items():
        for box in boxes.values():
            box.values.sort(key=_span_length)
        out[page] = sorted(boxes.values(), key=lambda b: (b.y0, b.x0))
    return out


def _span_length(v: dict[str, Any]) -> tuple[int, int]:
    start, end = v["start"], v["end"]
    return (end - start if start is not None and end is not None else 1 << 30, v["id"])


def pages_shown(with_boxes: Sequence[int], asked: int | None,
                first_cited: int | None) -> list[int]:
    """The pages to draw: the one asked for (else the first the finding cites, else the
    first with a value) and the next ones holding values, PAGES_AT_ONCE in all."""
    start = asked or first_cited or (with_boxes[0] if with_boxes else None)
    if start is None:
        return []
    following = [n for n in with_boxes if n > start]
    return [start, *following][:PAGES_AT_ONCE]


def page_sizes_of(stored: Sequence[Any] | None, count: int) -> list[tuple[float, float] | None]:
    """The stored [width, height] of each page (None where unknown), `count` long."""
    sizes = list(stored or ())[:count]
    sizes += [None] * (count - len(sizes))
    return [tuple(s) if s and len(s) == 2 and s[0] > 0 and s[1] > 0 else None  # type: ignore
            for s in sizes]
