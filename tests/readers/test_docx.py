"""The DOCX reader: body order, real tables, heading styles, zip bombs and broken archives."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from builders import docx_bytes, seed
from builders.compare import f1_against_gold, word_similarity
from calpae.errors import LimitExceeded, UnreadableFile
from calpae.readers import Limits, read_bytes


@pytest.fixture(scope="module")
def markdown_docx(markdown_source) -> bytes:
    return docx_bytes(markdown_source)


def test_docx_keeps_text_tables_and_headings(markdown_source, markdown_docx):
    doc = read_bytes(markdown_docx, "avenant.bin")
    assert doc.file.format == "docx"
    assert word_similarity(markdown_source.text, doc.text) > 0.99
    assert len(doc.tables) == len(markdown_source.tables)
    for ours, theirs in zip(doc.tables, markdown_source.tables, strict=True):
        assert [[c.text for c in r] for r in ours.rows()] == \
            [[c.text for c in r] for r in theirs.rows()]
    assert [ln.heading for ln in doc.lines if ln.heading] == \
        [ln.heading for ln in markdown_source.lines if ln.heading]


def test_docx_scores_as_well_as_its_source(markdown_source, markdown_docx):
    stem = seed("003").stem
    assert f1_against_gold(read_bytes(markdown_docx, f"{stem}.docx"), stem) >= \
        f1_against_gold(markdown_source, stem) - 0.02


def test_body_order_and_merged_cells():
    document = docx.Document()
    document.add_heading("Article 1 - Objet", level=1)
    document.add_paragraph("Avant le tableau.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Fusion"
    table.cell(0, 2).text = "Montant"
    for c, text in enumerate(["a", "b", "1 000 €"]):
        table.cell(1, c).text = text
    document.add_paragraph("Après le tableau.")
    out = io.BytesIO()
    document.save(out)
    doc = read_bytes(out.getvalue(), "o.docx")
    assert doc.text.split("\n") == ["Article 1 - Objet", "Avant le tableau.", "Fusion\tMontant",
                                    "a\tb\t1 000 €", "Après le tableau."]
    assert doc.lines[0].heading == 1
    assert len(doc.tables) == 1 and doc.tables[0].n_rows == 2


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_from_the_directory():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                 "word/media/big.bin": bytes(30_000_000)})
    assert len(bomb) < 100_000
    with pytest.raises(LimitExceeded, match=r"bomb\.docx : taux de compression suspect"):
        read_bytes(bomb, "bomb.docx")
    with pytest.raises(LimitExceeded, match="contenu décompressé trop volumineux"):
        read_bytes(bomb, "bomb.docx", Limits(max_unzipped_bytes=10_000_000))


def test_zip_without_word_document():
    with pytest.raises(UnreadableFile, match="sans document Word"):
        read_bytes(_zip({"word/other.xml": b"x", "a.txt": b"y"}), "x.docx")


def test_truncated_docx(markdown_docx):
    with pytest.raises(UnreadableFile, match=r"t\.docx : .*illisible"):
        read_bytes(markdown_docx[: len(markdown_docx) // 2], "t.docx")
