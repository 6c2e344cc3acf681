"""The document's folded text: filled by the readers, computed once otherwise, sliced by finders."""

from __future__ import annotations

import calpae.extract.text as text_module
from calpae.extract.text import folded, folded_line, folded_span, folded_stripped, strip_span
from calpae.model import FileInfo, SourceDocument, build_lines
from calpae.readers import read_bytes
from calpae.values.fold import fold

# accents, a ligature, a dash, typographic and non-breaking spaces (whitespace at the ends of
# a line that `strip` removes), upper case
TEXT = ("Fiche Action N°2 – Élan\u00a0: « Coût » 12\u202f000 €\n"
        "\u00a0 Œuvre DÉPARTEMENT \t\n"
        "\n"
        "Crédits consommés : 3 080 €")


def built(text: str) -> SourceDocument:
    """A document built without a reader, as tests build them: no folded text yet."""
    return SourceDocument(FileInfo("f.txt", "0" * 64, len(text), "text"), text, build_lines(text))


def counting_fold(monkeypatch) -> list[str]:
    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return fold(text)

    monkeypatch.setattr(text_module, "fold", counted)
    return calls


def test_folded_is_the_fold_of_the_text_computed_once(monkeypatch) -> None:
    source = built(TEXT)
    assert source.folded == ""
    calls = counting_fold(monkeypatch)
    first = folded(source)
    assert first == fold(TEXT)
    assert folded(source) is first
    assert source.folded is first
    assert calls == [TEXT]  # folded on first use only


def test_a_document_read_by_a_reader_arrives_with_its_folded_text(monkeypatch) -> None:
    source = read_bytes(TEXT.encode("utf-8"), "doc.txt")
    assert source.text
    assert source.folded == fold(source.text)
    calls = counting_fold(monkeypatch)
    assert folded(source) is source.folded
    assert calls == []  # nothing left to compute


def test_the_folded_text_stays_out_of_repr_and_equality() -> None:
    source = built(TEXT)
    other = built(TEXT)
    folded(source)
    assert source == other
    assert "folded" not in repr(source)


def test_slices_of_the_folded_text_are_the_folded_slices() -> None:
    source = built(TEXT)
    for a in range(len(TEXT) + 1):
        for b in range(a, len(TEXT) + 1):
            assert folded_span(source, a, b) == fold(TEXT[a:b])
            assert folded_stripped(source, a, b) == fold(TEXT[a:b].strip())
    for line in source.lines:
        assert folded_line(source, line) == fold(source.line_text(line))


def test_strip_span_is_the_span_of_the_stripped_text() -> None:
    for a in range(len(TEXT) + 1):
        for b in range(a, len(TEXT) + 1):
            start, end = strip_span(TEXT, a, b)
            assert TEXT[start:end] == TEXT[a:b].strip()
