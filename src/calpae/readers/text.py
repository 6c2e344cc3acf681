"""Plain text: PDF text-layer exports (tables flattened), OCR output, redacted copies."""

from __future__ import annotations

import re

from calpae.errors import LimitExceeded, UnreadableFile
from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, check_lines, register
from calpae.readers.builder import DocumentBuilder
from calpae.readers.normalize import decode, looks_binary, normalise

# Possessive: with backtracking, its runs of \s* around optional bars were cubic in a line's
# spaces.
_PIPE_SEPARATOR = re.compile(r"^\s*+\|?\s*+:?-{2,}:?\s*+(\|\s*+:?-{2,}:?\s*+)*+\|?\s*+$")


def decode_text(data: bytes, info: FileInfo, limits: Limits) -> tuple[str, str]:
    """Decoded, normalised text and its encoding, or UnreadableFile if the bytes are binary."""
    if len(data) > limits.max_text_bytes:
        raise LimitExceeded(
            info.name,
            f"fichier texte trop volumineux ({len(data) / 1e6:.0f} Mo > "
            f"{limits.max_text_bytes / 1e6:.0f} Mo) pour un document CALPAE",
            "text file too large",
        )
    if looks_binary(data):
        raise UnreadableFile(info.name, "contenu binaire, pas du texte", "binary content, not text")
    text, encoding = decode(data)
    text = normalise(text)
    if not text.strip():
        raise UnreadableFile(info.name, "fichier sans texte", "file holds no text")
    return text, encoding


def split_row(line: str) -> list[str] | None:
    """Cells of a table row written with tabs or pipes, or None for a line of prose."""
    if "\t" in line:
        cells = line.split("\t")
        if sum(1 for c in cells if c.strip()) >= 2:
            return [c.strip() for c in cells]
        return None
    body = line.strip()
    if body.count("|") >= 2 and (body.startswith("|") or body.endswith("|")):
        body = body.removeprefix("|").removesuffix("|")
        cells = body.split("|")
        if sum(1 for c in cells if c.strip()) >= 2 or len(cells) >= 3:
            return [c.strip() for c in cells]
    return None


def add_text_lines(builder: DocumentBuilder, text: str) -> None:
    """Lines of plain text into the builder; a form feed starts a new page."""
    pages = text.split("\f")
    paged = len(pages) > 1
    for page in pages:
        if paged:
            builder.start_page()
        for line in page.split("\n"):
            if _PIPE_SEPARATOR.match(line) and "|" in line:
                continue
            cells = split_row(line)
            if cells is not None:
                builder.add_row(cells)
            else:
                builder.add_line(line.rstrip())


@register
class TextReader:
    format = "text"

    def score(self, head: bytes, name: str) -> float:
        if looks_binary(head):
            return 0.0
        return 0.5

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        text, encoding = decode_text(data, info, limits)
        check_lines(text, info.name, limits)
        builder = DocumentBuilder(info, limits.max_text_chars, [f"encodage : {encoding}"], limits)
        add_text_lines(builder, text)
        return builder.build()
