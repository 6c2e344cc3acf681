"""HTML pages: block elements become lines, headings keep their level, tables become rows."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, register
from calpae.readers.builder import DocumentBuilder, collapse_spaces
from calpae.readers.normalize import looks_binary, normalise
from calpae.readers.text import decode_text


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_BLOCKS = _wordset(
    "address article aside blockquote body caption dd div dl dt fieldset figcaption figure "
    "footer form header hr li main nav ol p pre section ul h1 h2 h3 h4 h5 h6 br tr")
_SKIPPED = _wordset("script style noscript template head title meta link svg")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


@register
class HtmlReader:
    format = "html"

    def score(self, head: bytes, name: str) -> float:
        if looks_binary(head):
            return 0.0
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
        if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
            return 0.9
        tags = sum(head.lower().count(t) for t in (b"<p>", b"<div", b"<table", b"<body"))
        if name.lower().endswith((".html", ".htm", ".xhtml")) and tags:
            return 0.8
        return 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        text, encoding = decode_text(data, info, limits)
        builder = DocumentBuilder(info, limits.max_text_chars, notes=[f"encodage : {encoding}"])
        tree = HTMLParser(text)
        root = tree.body or tree.root
        if root is not None:
            _Walker(builder).walk(root)
        return builder.build()


class _Walker:
    """Depth-first walk that gathers inline text and flushes it at block boundaries."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.pending: list[str] = []

    def flush(self, heading: int = 0) -> None:
        line = collapse_spaces(normalise("".join(self.pending)))
        self.pending = []
        if line:
            self.builder.add_line(line, heading)

    def walk(self, node) -> None:
        child = node.child
        while child is not None:
            self.visit(child)
            child = child.next
        self.flush()

    def visit(self, node) -> None:
        tag = node.tag
        if tag == "-text":
            self.pending.append(node.text_content or "")
            return
        if tag in _SKIPPED or tag.startswith("-"):
            return
        if tag == "table":
            self.flush()
            self.table(node)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        child = node.child
        while child is not None:
            self.visit(child)
            child = child.next
        if block:
            self.flush(_HEADINGS.get(tag, 0))

    def table(self, node) -> None:
        for tr in node.css("tr"):
            if _owning_table(tr).mem_id != node.mem_id:
                continue  # a row of a nested table: its text is in its cell
            cells = [c for c in tr.iter() if c.tag in ("td", "th")]
            texts = [collapse_spaces(normalise(c.text(separator=" "))) for c in cells]
            if any(texts):
                self.builder.add_row(texts)
        self.builder.end_table()


def _owning_table(node):
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent
