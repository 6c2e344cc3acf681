"""Markdown exports: headings, emphasis, tab- and pipe-separated tables, HTML inside cells."""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, check_lines, register
from calpae.readers.builder import DocumentBuilder, collapse_spaces
from calpae.readers.html import check_nesting
from calpae.readers.normalize import looks_binary, normalise
from calpae.readers.text import _PIPE_SEPARATOR, decode_text, split_row

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|h[1-6]|table|tbody|thead)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# Within one line ([ \t], not \s) and possessive: `^\s*` ran to the end of a run of blank lines
# from each of its line starts, quadratic (and worse with the second \s*) in the run's length.
_MARKERS = re.compile(
    rb"^#{1,6} |\*\*\S|<(?:b|p|br|ul|li|sup|table|td)\b|^[ \t]*+\|?[ \t]*+-{3,}[ \t]*+\|",
    re.M | re.I)


def inline_to_text(s: str) -> str:
    """One line or cell of Markdown with inline HTML, as the plain text a reader sees."""
    s = _BLOCK_TAG.sub(" ", s)
    s = _ANY_TAG.sub("", s)
    s = _LINK.sub(r"\1", s)
    s = _EMPHASIS.sub(r"\2", s)
    s = _ESCAPE.sub(r"\1", s)
    return collapse_spaces(html.unescape(s).replace("\u00a0", " "))


def html_table_rows(fragment: str) -> list[list[str]]:
    """Rows of the first <table> of an HTML fragment, cells as plain text."""
    tree = HTMLParser(fragment)
    rows = []
    for tr in tree.css("tr"):
        cells = [collapse_spaces(normalise(td.text(separator=" "))) for td in tr.css("td, th")]
        if cells:
            rows.append(cells)
    return rows


@register
class MarkdownReader:
    format = "markdown"

    def score(self, head: bytes, name: str) -> float:
        if looks_binary(head):
            return 0.0
        if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
            return 0.0
        hits = len(_MARKERS.findall(head)) + head.count(b"\t") // 8
        by_name = name.lower().endswith((".md", ".markdown"))
        if hits >= 3 or (by_name and hits):
            return 0.7
        return 0.55 if by_name else 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        text, encoding = decode_text(data, info, limits)
        check_lines(text, info.name, limits)
        builder = DocumentBuilder(info, limits.max_text_chars, [f"encodage : {encoding}"], limits)
        lines = text.replace("\f", "\n").split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if "<table" in line.lower():
                block = [line]
                while "</table>" not in block[-1].lower() and i + 1 < len(lines):
                    i += 1
                    block.append(lines[i])
                builder.end_table()
                fragment = "\n".join(block)
                check_nesting(fragment, info.name, limits)
                for row in html_table_rows(fragment):
                    builder.add_row(row)
                builder.end_table()
            elif _PIPE_SEPARATOR.match(line) and "|" in line:
                pass
            else:
                cells = split_row(line)
                if cells is not None:
                    builder.add_row([inline_to_text(c) for c in cells])
                else:
                    m = _HEADING.match(line)
                    if m:
                        builder.add_line(inline_to_text(m.group(2)), heading=len(m.group(1)))
                    else:
                        builder.add_line(inline_to_text(line))
            i += 1
        return builder.build()
