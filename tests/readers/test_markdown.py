"""The Markdown reader: headings, emphasis, inline HTML, tab, pipe and HTML tables."""

from __future__ import annotations

from calpae.readers import read_bytes
from calpae.readers.markdown import MarkdownReader, inline_to_text

MD = """## CONVENTION D'APPUI

**L'État**, représenté par **Jean DUPONT**, Préfet

Le 1<sup>er</sup> juillet 2022, voir [annexe](http://x.fr) \\* note

Intitulé action\tPart Etat\tPart CD
<b>Action 1</b>\t36 000 €<br>dont report\t<ul><li>a</li><li>b</li></ul>
Fin
"""


def read(md: str):
    return read_bytes(md.encode(), "doc.md")


def test_detected_from_content_not_only_extension():
    doc = read_bytes(MD.encode(), "export.txt")
    assert doc.file.format == "markdown"
    assert MarkdownReader().score(b"plain words only", "x.txt") == 0


def test_heading_and_emphasis_are_stripped():
    doc = read(MD)
    first = doc.lines[0]
    assert doc.line_text(first) == "CONVENTION D'APPUI"
    assert first.heading == 2
    assert "L'État, représenté par Jean DUPONT, Préfet" in doc.text
    assert "Le 1er juillet 2022, voir annexe * note" in doc.text


def test_tab_table_cells_with_html():
    doc = read(MD)
    (table,) = doc.tables
    rows = table.rows()
    assert [c.text for c in rows[0]] == ["Intitulé action", "Part Etat", "Part CD"]
    assert [c.text for c in rows[1]] == ["Action 1", "36 000 € dont report", "a b"]
    for cell in table.cells:
        assert doc.text[cell.start:cell.end] == cell.text


def test_html_table_block():
    md = ("avant\n<table><tr><th>A</th><th>B</th></tr>\n"
          "<tr><td>1 000 €</td><td>x<br>y</td></tr></table>\napres")
    doc = read(md)
    (table,) = doc.tables
    assert [[c.text for c in r] for r in table.rows()] == [["A", "B"], ["1 000 €", "x y"]]
    assert doc.text.splitlines()[-1] == "apres"


def test_inline_to_text_unescapes_entities():
    assert inline_to_text("a&nbsp;&amp;&nbsp;b <i>c</i>") == "a & b c"
