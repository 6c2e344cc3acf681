"""Reading the served HTML back: tags, scripts, headings, marks, labels, tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Mark:
    attrs: dict[str, str]
    text: str = ""

    @property
    def values(self) -> list[int]:
        return [int(v) for v in self.attrs.get("data-values", "").split()]

    @property
    def start(self) -> int:
        return int(self.attrs["data-start"])

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


@dataclass
class Box:
    """A value's box on a page image: an SVG link (`data-box`) holding a title and a rect."""

    attrs: dict[str, str]
    title: str = ""
    rect: dict[str, str] = field(default_factory=dict)

    @property
    def values(self) -> list[int]:
        return [int(v) for v in self.attrs.get("data-values", "").split()]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def corners(self) -> tuple[float, float, float, float]:
        x, y = float(self.rect["x"]), float(self.rect["y"])
        return x, y, x + float(self.rect["width"]), y + float(self.rect["height"])


@dataclass
class Parsed:
    html_attrs: dict[str, str] = field(default_factory=dict)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    styles: int = 0  # <style> elements
    headings: list[tuple[int, str]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    tables: list[dict[str, object]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # every piece of text, unescaped

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}

    def with_tag(self, name: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == name]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self.stack: list[str] = []
        self.script: tuple[dict[str, str], list[str]] | None = None
        self.heading: tuple[int, list[str]] | None = None
        self.mark: Mark | None = None
        self.box: Box | None = None
        self.in_title = False
        self.table: dict[str, object] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        self.out.tags.append((tag, attrs))
        if tag == "html":
            self.out.html_attrs = attrs
        elif tag == "script":
            self.script = (attrs, [])
        elif tag == "style":
            self.out.styles += 1
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading = (int(tag[1]), [])
        elif tag == "mark" and "data-values" in attrs:
            self.mark = Mark(attrs)
        elif tag == "a" and "data-box" in attrs:
            self.box = Box(attrs)
        elif tag == "title" and self.box is not None:
            self.in_title = True
        elif tag == "rect" and self.box is not None:
            self.box.rect = attrs
        elif tag == "table":
            self.table = {"caption": False, "th": 0, "th_scoped": 0}
        elif tag == "caption" and self.table is not None:
            self.table["caption"] = True
        elif tag == "th" and self.table is not None:
            self.table["th"] = int(self.table["th"]) + 1  # type: ignore[call-overload]
            if attrs.get("scope") in {"col", "row", "colgroup", "rowgroup"}:
                self.table["th_scoped"] = int(self.table["th_scoped"]) + 1  # type: ignore
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.out.scripts.append((self.script[0], "".join(self.script[1])))
            self.script = None
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and self.heading is not None:
            self.out.headings.append((self.heading[0], " ".join("".join(self.heading[1]).split())))
            self.heading = None
        elif tag == "mark" and self.mark is not None:
            self.out.marks.append(self.mark)
            self.mark = None
        elif tag == "title":
            self.in_title = False
        elif tag == "a" and self.box is not None:
            self.out.boxes.append(self.box)
            self.box = None
        elif tag == "table" and self.table is not None:
            self.out.tables.append(self.table)
            self.table = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.script is None:
            self.out.texts.append(data)
        if self.script is not None:
            self.script[1].append(data)
        if self.heading is not None:
            self.heading[1].append(data)
        if self.mark is not None:
            self.mark.text += data
        if self.in_title and self.box is not None:
            self.box.title += data


def parse(html: str) -> Parsed:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.out
