"""The plain-text reader: encodings, normalisation, pages, pipe and tab tables, bad bytes."""

from __future__ import annotations

import pytest

from calpae.errors import LimitExceeded, UnreadableFile
from calpae.readers import Limits, read_bytes


def test_cp1252_and_latin1_are_decoded():
    text = "Département de l'Allier\nMontant : 1 200 €\n"
    for encoding in ("cp1252", "utf-8"):
        doc = read_bytes(text.encode(encoding), "a.txt")
        assert "Département" in doc.text
        assert "1 200 €" in doc.text
    doc = read_bytes("Préfète du Cher".encode("latin-1"), "b.txt")
    assert doc.text == "Préfète du Cher"


def test_typographic_forms_are_normalised():
    raw = "L\u2019\u00c9tat\u00a0: 1\u202f201\u202f409\u00a0€ \u201cfin\u201d\r\nsuite"
    doc = read_bytes(raw.encode("utf-8"), "n.txt")
    assert doc.text == "L'État : 1 201 409 € \"fin\"\nsuite"
    decomposed = "E\u0301tat"  # NFD
    assert read_bytes(decomposed.encode(), "d.txt").text == "\u00c9tat"


def test_lines_have_offsets_and_numbers():
    doc = read_bytes(b"alpha\nbeta\n\ngamma", "l.txt")
    assert [doc.line_text(ln) for ln in doc.lines] == ["alpha", "beta", "", "gamma"]
    assert doc.line_at(doc.text.index("gamma")).number == 4
    ev = doc.evidence(doc.text.index("beta"), doc.text.index("beta") + 4)
    assert (ev.line, ev.text) == (2, "beta")


def test_form_feeds_make_pages():
    doc = read_bytes(b"page one\fpage two\nmore", "p.txt")
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.line_at(doc.text.index("more")).page == 2
    assert doc.evidence(doc.text.index("one"), doc.text.index("one") + 3).page == 1


def test_pipe_table_becomes_cells():
    raw = "Titre\n| Action | Etat | CD |\n|---|---|---|\n| Action 1.1 | 36 000 € | 36 000 € |\nfin"
    doc = read_bytes(raw.encode(), "t.txt")
    assert len(doc.tables) == 1
    rows = doc.tables[0].rows()
    assert [c.text for c in rows[1]] == ["Action 1.1", "36 000 €", "36 000 €"]
    cell = rows[1][1]
    assert doc.text[cell.start:cell.end] == "36 000 €"


def test_ocr_pipes_inside_prose_are_not_tables():
    doc = read_bytes(b"Nom de la | Indicateur | Justification des\nsuite", "o.txt")
    assert doc.tables == ()


@pytest.mark.parametrize("data", [b"", b"   \n\n  "])
def test_empty_input_is_refused(data):
    with pytest.raises(UnreadableFile) as e:
        read_bytes(data, "vide.txt")
    assert "vide.txt" in str(e.value)


def test_binary_garbage_is_refused():
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(UnreadableFile) as e:
        read_bytes(data, "bruit.bin")
    assert "bruit.bin" in str(e.value)


def test_text_size_limit():
    with pytest.raises(LimitExceeded) as e:
        read_bytes(b"a" * 2000, "gros.txt", Limits(max_text_bytes=1000))
    assert "gros.txt" in str(e.value) and "volumineux" in str(e.value)
