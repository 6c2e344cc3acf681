"""HTML pages: block elements become lines, headings keep their level, tables become rows."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from calpae import deadline
from calpae.errors import LimitExceeded
from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, count, register
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
# Elements that never nest (void) or that the parser closes by itself when a sibling opens.
_NOT_NESTING = _wordset(
    "area base br col embed hr img input link meta source track wbr param keygen "
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp "
    "html head body")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})")


def check_nesting(text: str, file: str, limits: Limits) -> None:
    """Refuse markup nested deeper than limits.max_depth, before the HTML parser sees it: the
    parser's work grows with depth times size (tens of seconds for a hundred thousand nested
    <div>), in C where no time budget reaches it.

    The depth is estimated in one pass over the tags, elements that close themselves set
    aside; comments and the insides of scripts count too, which only errs on the safe side.
    """
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(2).lower() in _NOT_NESTING:
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_depth:
                    raise LimitExceeded(file, "balises HTML imbriquées trop profondément "
                                        f"(plus de {count(limits.max_depth)} niveaux ; "
                                        "CALPAE_MAX_DEPTH)", "HTML elements nested too deeply")


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
        check_nesting(text, info.name, limits)
        builder = DocumentBuilder(info, limits.max_text_chars, [f"encodage : {encoding}"], limits)
        tree = HTMLParser(text)
        root = tree.body or tree.root
        if root is not None:
            _Walker(builder).walk(root)
        return builder.build()


class _Walker:
    """Depth-first walk that gathers inline text and flushes it at block boundaries; with a
    stack of its own, not Python's (a deep page would hit the recursion limit)."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.pending: list[str] = []

    def flush(self, heading: int = 0) -> None:
        line = collapse_spaces(normalise("".join(self.pending)))
        self.pending = []
        if line:
            self.builder.add_line(line, heading)

    def walk(self, root) -> None:
        # Each entry: the next child to visit, and the block tag to flush after the last one.
        stack: list[tuple[object, str | None]] = [(root.child, None)]
        visited = 0
        while stack:
            node, block = stack.pop()
            if node is None:
                if block is not None:
                    self.flush(_HEADINGS.get(block, 0))
                continue
            stack.append((node.next, block))
            visited += 1
            if not visited & 0x3FF:
                deadline.check()
            tag = node.tag
            if tag == "-text":
                self.pending.append(node.text_content or "")
            elif tag in _SKIPPED or tag.startswith("-"):
                continue
            elif tag == "table":
                self.flush()
                self.table(node)
            else:
                if tag in _BLOCKS:
                    self.flush()
                stack.append((node.child, tag if tag in _BLOCKS else None))
        self.flush()

    def table(self, node) -> None:
        for tr in _rows(node):
            cells = [c for c in tr.iter() if c.tag in ("td", "th")]
            texts = [collapse_spaces(normalise(c.text(separator=" "))) for c in cells]
            if any(texts):
                self.builder.add_row(texts)
        self.builder.end_table()


def _rows(table):
    """The rows of this table, not those of the tables in its cells (their text is in the
    cell): its <tr> children, and those of its row groups."""
    for child in table.iter():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.iter() if tr.tag == "tr")
