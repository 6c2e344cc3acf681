"""The PDF reader: text layer, ruled tables, word boxes, per-page OCR fallback, bad input."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from builders import degrade, page_images, pdf_bytes, scan_pdf, seed
from builders.compare import f1_against_gold, word_similarity
from calpae.errors import EncryptedFile, LimitExceeded, UnreadableFile
from calpae.readers import Limits, read_bytes
from calpae.readers import pdf as pdf_reader
from calpae.readers.text_layer import text_layer_problem


def test_pdf_is_detected_from_bytes_not_name(loiret_pdf):
    doc = read_bytes(loiret_pdf, "export.txt")
    assert doc.file.format == "pdf"
    assert all(p.method == "text" for p in doc.pages)
    assert doc.pages[0].width == pytest.approx(595.3, abs=1)


def test_text_layer_matches_the_text_version(loiret_text, loiret_pdf):
    doc = read_bytes(loiret_pdf, "loiret.pdf")
    assert len(doc.pages) > 10
    assert word_similarity(loiret_text.text, doc.text) > 0.99


def test_drawn_tables_become_table_cells(markdown_source, markdown_pdf):
    doc = read_bytes(markdown_pdf, "m.pdf")
    assert word_similarity(markdown_source.text, doc.text) > 0.95
    wanted = {c.text for t in markdown_source.tables for c in t.cells if 0 < len(c.text) <= 15}
    got = {c.text for t in doc.tables for c in t.cells}
    assert len(wanted & got) / len(wanted) > 0.9


def test_native_pdf_scores_as_well_as_its_text(loiret_text, loiret_pdf, markdown_source,
                                               markdown_pdf):
    pairs = [(loiret_text, loiret_pdf, seed("001").stem),
             (markdown_source, markdown_pdf, seed("003").stem)]
    for text_version, pdf, stem in pairs:
        as_pdf = f1_against_gold(read_bytes(pdf, f"{stem}.pdf"), stem)
        assert as_pdf >= f1_against_gold(text_version, stem) - 0.02, stem


def _pdf_with_amount(landscape: bool = False) -> bytes:
    """Two pages; the second holds an amount drawn at a known place (top-left origin)."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.setFont("Helvetica", 12)
    c.drawString(72, 842 - 100, "Article 1 : le montant des crédits de l'État est fixé ainsi.")
    c.showPage()
    c.setFont("Helvetica", 12)
    line = "Montant total : 1 234 567 euros pour la convention"
    if landscape:
        # a /Rotate 90 page whose text is drawn turned, so that it reads left to right
        c.setPageRotation(90)
        c.translate(400, 300)
        c.rotate(90)
        c.drawString(0, 0, line)
    else:
        c.drawString(300, 842 - 400, line)
    c.showPage()
    c.save()
    return out.getvalue()


_PREFIX = stringWidth("Montant total : ", "Helvetica", 12)
_VALUE = stringWidth("1 234 567", "Helvetica", 12)


def _amount_box(doc):
    start = doc.text.index("1 234 567")
    ev = doc.evidence(start, start + len("1 234 567"))
    assert ev.page == 2
    return ev.bbox


def test_evidence_bbox_lies_where_the_value_was_drawn():
    x0, top, x1, bottom = _amount_box(read_bytes(_pdf_with_amount(), "a.pdf"))
    assert x0 == pytest.approx(300 + _PREFIX, abs=4)
    assert x1 - x0 == pytest.approx(_VALUE, abs=4)
    assert 388 < top < 400 < bottom < 405  # baseline 400 pt from the top


def test_rotated_page_boxes_follow_the_displayed_page():
    doc = read_bytes(_pdf_with_amount(landscape=True), "r.pdf")
    assert doc.pages[1].width == 595 and doc.pages[1].height == 842
    assert "Montant total : 1 234 567 euros" in doc.text
    x0, top, x1, bottom = _amount_box(doc)
    assert x0 == pytest.approx(300 + _PREFIX, abs=4)
    assert x1 - x0 == pytest.approx(_VALUE, abs=4)
    assert 388 < top < 400 < bottom < 405


@pytest.mark.parametrize("text, broken", [
    ("Le Département s'engage à mettre en œuvre les actions de la convention " * 3, False),
    ("(cid:12)(cid:45)(cid:77) (cid:3)(cid:4)" * 20, True),
    ("\ue001\ue002\ue003 \ue004\ue005" * 30, True),
    # the same French sentence with every letter shifted, as a broken font encoding does
    ("".join(chr(ord(ch) + 3) if ch.isalpha() else ch for ch in
             "Le Département s'engage à mettre en œuvre les actions de la convention " * 3), True),
    ("", True),
])
def test_unusable_text_layers_are_recognised(text, broken):
    assert (text_layer_problem(text) is not None) is broken


def test_encrypted_pdf():
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt="secret")
    c.drawString(100, 700, "Convention confidentielle")
    c.save()
    with pytest.raises(EncryptedFile, match=r"secret\.pdf.*mot de passe.*/ password"):
        read_bytes(out.getvalue(), "secret.pdf")


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_pdf(loiret_pdf, cut):
    with pytest.raises(UnreadableFile, match=r"t\.pdf : PDF illisible"):
        read_bytes(loiret_pdf[: int(len(loiret_pdf) * cut)], "t.pdf")


def test_corrupt_pdf():
    with pytest.raises(UnreadableFile, match=r"c\.pdf"):
        read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40, "c.pdf")


def test_thousands_of_pages_are_refused_before_reading_pages(monkeypatch):
    out = io.BytesIO()
    c = canvas.Canvas(out)
    for _ in range(2500):
        c.showPage()
    c.save()

    def no_page_read(*args):
        raise AssertionError("a page was read before the page count was checked")

    monkeypatch.setattr(pdf_reader, "_load_page", no_page_read)
    with pytest.raises(LimitExceeded, match=r"big\.pdf : trop de pages \(2500 > 2000\)"):
        read_bytes(out.getvalue(), "big.pdf", Limits(max_pages=2000))


def test_pdf_without_any_text_is_unreadable():
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.line(10, 10, 200, 200)
    c.save()
    with pytest.raises(UnreadableFile, match="aucun texte lisible"):
        read_bytes(out.getvalue(), "blank.pdf")


@pytest.mark.ocr
def test_mixed_pdf_ocrs_only_the_page_without_text(loiret_text, loiret_pdf):
    """Page 1 keeps its text layer; page 2 is a scan and is OCRed; the choice is recorded."""
    from reportlab.lib.utils import ImageReader

    scanned = degrade(page_images(loiret_pdf, [1], dpi=200)[0], angle=-0.8)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595.3, 841.9))
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Le Département de la convention s'engage à mettre en œuvre les "
                          "actions pour la lutte contre la pauvreté.")
    c.showPage()
    c.drawImage(ImageReader(scanned), 0, 0, 595.3, 841.9)
    c.showPage()
    c.save()
    doc = read_bytes(out.getvalue(), "mixed.pdf")
    assert [p.method for p in doc.pages] == ["text", "ocr"]
    assert doc.pages[1].confidence > 70
    assert any("page 2 : OCR" in n for n in doc.notes)
    page2 = doc.text[doc.pages[1].start:doc.pages[1].end]
    native = read_bytes(loiret_pdf, "l.pdf")
    expected = native.text[native.pages[1].start:native.pages[1].end]
    assert word_similarity(expected, page2) > 0.85
    ocr_words = [w for w in doc.words if w.page == 2]
    assert ocr_words and all(0 <= w.bbox[0] < w.bbox[2] <= 596 for w in ocr_words)


@pytest.mark.ocr
@pytest.mark.slow
def test_scan_of_two_pages_reads_like_the_text_version(loiret_text, loiret_pdf):
    images = [degrade(im, angle=a, seed_=i) for i, (im, a) in
              enumerate(zip(page_images(loiret_pdf, [0, 1], dpi=200), (1.0, -1.0), strict=True))]
    scanned = read_bytes(scan_pdf(images, dpi=200), "scan.pdf")
    assert [p.method for p in scanned.pages] == ["ocr", "ocr"]
    native = read_bytes(pdf_bytes(loiret_text, max_pages=2), "two.pdf")
    assert len(native.pages) <= 2
    assert word_similarity(native.text, scanned.text) > 0.9
    stem = seed("001").stem
    assert f1_against_gold(scanned, stem, ("document",)) >= \
        f1_against_gold(native, stem, ("document",)) - 0.1


def test_visible_and_broken_count_the_same_on_printable_and_other_text():
    from calpae.readers.text_layer import _visible_and_broken

    assert _visible_and_broken("ab (cid:3) \ufffdc") == (11, 7)
    assert _visible_and_broken("ab\u00a0(cid:3)\n\ufffdc\ue000") == (12, 8)
