"""The HTML reader: blocks to lines, headings, tables to rows, scripts and styles ignored."""

from __future__ import annotations

from builders import html_bytes
from builders.compare import word_similarity
from calpae.readers import read_bytes


def test_html_page_keeps_text_tables_and_headings(markdown_source):
    doc = read_bytes(html_bytes(markdown_source), "page.txt")
    assert doc.file.format == "html"
    assert "no" not in doc.text.split("\n")[:3]  # the script's string stays out
    assert word_similarity(markdown_source.text, doc.text) > 0.99
    assert len(doc.tables) == len(markdown_source.tables)
    for ours, theirs in zip(doc.tables, markdown_source.tables, strict=True):
        assert [[c.text for c in r] for r in ours.rows()] == \
            [[c.text for c in r] for r in theirs.rows()]
    assert [ln.heading for ln in doc.lines if ln.heading] == \
        [ln.heading for ln in markdown_source.lines if ln.heading]


def test_inline_markup_blocks_and_nested_tables():
    page = ("<!doctype html><html><body><h2>Article 2 &ndash; Montant</h2>"
            "<div>Le <b>montant</b> est<br>fixé à <span>1&nbsp;000&nbsp;€</span>.</div>"
            "<table><tr><th>Action</th><th>Part Etat</th></tr>"
            "<tr><td>Fiche <i>1</i><table><tr><td>détail</td></tr></table></td>"
            "<td>500 €</td></tr></table><p>Fin</p></body></html>")
    doc = read_bytes(page.encode(), "a.html")
    assert doc.text.split("\n") == ["Article 2 – Montant", "Le montant est", "fixé à 1 000 €.",
                                    "Action\tPart Etat", "Fiche 1 détail\t500 €", "Fin"]
    assert doc.lines[0].heading == 2
    assert len(doc.tables) == 1 and doc.tables[0].n_rows == 2
