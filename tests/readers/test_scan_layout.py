"""Tables in scans: rows rebuilt from the OCR word boxes, ruled grids found on the image.

The page is invented (territory, labels and amounts are made up), drawn as a native PDF,
rasterised with a small tilt and noise, and read back through OCR.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image, ImageDraw

from builders import degrade, page_images, scan_pdf, table_page_pdf
from calpae.extract import dumps, extract
from calpae.readers import read_bytes
from calpae.readers.layout import find_grids
from calpae.readers.scan_layout import OcrWord, find_rules, reading_units

PROSE = [
    "Avenant n°2 à la convention d'appui à la lutte contre la pauvreté",
    "et d'accès à l'emploi, entre l'Etat et le Département du Val-Fictif.",
    "Article 2 : tableau financier récapitulatif 2021 des fiches actions.",
]
HEADER = ["Actions", "Budget global", "Part Etat", "Part CD", "Autres"]
ROWS = [
    ["Prévention des sorties sèches de l'ASE", "120 000 €", "60 000 €", "60 000 €", "0 €"],
    ["Premier accueil social inconditionnel", "84 500 €", "40 000 €", "44 500 €", "0 €"],
    ["Référent de parcours", "52 000 €", "26 000 €", "21 000 €", "5 000 €"],
    ["Sous-total socle", "256 500 €", "126 000 €", "125 500 €", "5 000 €"],
    ["Mobilité vers l'emploi", "38 000 €", "19 000 €", "19 000 €", "0 €"],
    ["Lutte contre la précarité numérique", "24 000 €", "12 000 €", "9 000 €", "3 000 €"],
    ["Sous-total initiatives", "62 000 €", "31 000 €", "28 000 €", "3 000 €"],
    ["TOTAL", "318 500 €", "157 000 €", "153 500 €", "8 000 €"],
]
ENDS = [350, 425, 495, 555]  # right ends of the amount columns, points


def scanned(pdf: bytes, angle: float, dpi: int = 250):
    image = degrade(page_images(pdf, [0], dpi=dpi)[0], angle=angle, seed_=3)
    return read_bytes(scan_pdf([image], dpi=dpi), "scan.pdf")


def summary_rows(source) -> list[dict]:
    summary = json.loads(dumps(extract(source)))["financial_summary"] or {"rows": []}
    return [{k: v for k, v in row.items() if k != "label"} for row in summary["rows"]]


@pytest.fixture(scope="module")
def unruled_pdf() -> bytes:
    return table_page_pdf(PROSE, HEADER, ROWS, ENDS)


@pytest.fixture(scope="module")
def unruled_scan(unruled_pdf):
    return scanned(unruled_pdf, angle=0.8)


@pytest.mark.ocr
def test_each_row_of_a_scanned_table_comes_out_on_one_line(unruled_scan):
    assert [p.method for p in unruled_scan.pages] == ["ocr"]
    lines = [" ".join(text.split()) for _, text in unruled_scan.iter_lines()]
    for row in ROWS:
        wanted = " ".join(row).replace(" €", "€")
        assert any(wanted in line.replace(" €", "€") for line in lines), (row, lines)
    row_words = [w for w in unruled_scan.words
                 if unruled_scan.text[w.start:w.end] in ("TOTAL", "318", "8")]
    assert len({unruled_scan.line_at(w.start).number for w in row_words}) == 1


@pytest.mark.ocr
def test_summary_of_a_scanned_table_equals_the_native_one(unruled_pdf, unruled_scan):
    native = summary_rows(read_bytes(unruled_pdf, "native.pdf"))
    assert len(native) == 5 and native[0]["state"] == 60000
    assert summary_rows(unruled_scan) == native


@pytest.mark.ocr
def test_ruled_table_in_a_scan_becomes_table_cells():
    source = scanned(table_page_pdf(PROSE, HEADER, ROWS, ENDS, ruled=True), angle=-0.6)
    assert len(source.tables) == 1
    table = source.tables[0]
    cells = {(c.row, c.col): "".join(c.text.split()) for c in table.cells}  # OCR spacing
    grid = [[cells.get((r, c), "") for c in range(len(HEADER))]
            for r in range(1 + max(r for r, _ in cells))]
    wanted = [["".join(c.split()) for c in row] for row in ROWS]
    assert len(grid) == 1 + len(ROWS)
    assert grid[1:] == wanted  # the header's bold words are left to the OCR's luck
    assert summary_rows(source) == summary_rows(read_bytes(
        table_page_pdf(PROSE, HEADER, ROWS, ENDS), "native.pdf"))


# --- without Tesseract: the grouping of blocks and the ruling lines --------------------------

def column_words(block: int, x: float, texts: list[str], top: float = 100,
                 step: float = 40) -> list[OcrWord]:
    """One Tesseract block holding a column: one word per line, lines `step` apart."""
    return [OcrWord(t, (x, top + n * step, x + 60, top + n * step + 25), (block, 1, n + 1))
            for n, t in enumerate(texts)]


def prose_words(block: int, x: float, lines: int, top: float = 100) -> list[OcrWord]:
    """One Tesseract block of running text: lines of six words."""
    return [OcrWord("mot", (x + 70 * k, top + 40 * n, x + 70 * k + 60, top + 40 * n + 25),
                    (block, 1, n + 1)) for n in range(lines) for k in range(6)]


def unit_texts(words: list[OcrWord]) -> list[list[str]]:
    return [[words[i].text for i in unit] for unit in reading_units(words, [])]


def test_level_columns_of_a_table_are_one_unit():
    labels = column_words(1, 100, ["Action A", "Action B", "Total"])
    amounts = column_words(2, 900, ["10", "20", "30"], top=103)
    units = reading_units(labels + amounts, [])
    assert len(units) == 1 and len(units[0]) == 6


def test_prose_columns_side_by_side_stay_apart_in_tesseract_order():
    left, right = prose_words(1, 100, 5), prose_words(2, 1300, 5, top=100)
    title = [OcrWord("Titre", (100, 20, 300, 50), (0, 1, 1))]
    units = reading_units(title + left + right, [])
    assert [len(u) for u in units] == [1, 30, 30]
    assert units[1] == list(range(1, 31))  # the left column, whole, before the right one


def test_units_are_read_top_to_bottom():
    below = column_words(1, 100, ["après"], top=800)
    above = column_words(2, 100, ["avant"], top=100)
    assert unit_texts(below + above) == [["avant"], ["après"]]


def test_ruling_lines_are_found_and_masked_but_letters_are_not():
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 200, 300):
        draw.line((100, y, 1100, y), fill=0, width=3)
    for x in (100, 600, 1100):
        draw.line((x, 100, x, 300), fill=0, width=3)
    draw.rectangle((700, 500, 1000, 700), fill=0)  # a filled box: not a rule
    draw.text((150, 140), "l 1 I", fill=0)
    pixels = np.asarray(image, dtype=np.uint8)
    rules, mask = find_rules(pixels, min_length=120, max_thickness=12)
    assert sorted(round(r.at) for r in rules if r.horizontal) == [100, 200, 300]
    assert sorted(round(r.at) for r in rules if not r.horizontal) == [100, 600, 1100]
    assert len(find_grids(rules)) == 1
    assert mask[99:102, 500].all() and mask[200, 600]
    letters = pixels[130:170, 140:220] < 128
    assert letters.any() and not mask[130:170, 140:220][letters].any()


def test_tilted_vertical_rules_are_found_with_the_tilt_given():
    image = Image.new("L", (800, 1600), 255)
    ImageDraw.Draw(image).line((300, 100, 300 + 1400 * 0.015, 1500), fill=0, width=3)
    pixels = np.asarray(image, dtype=np.uint8)
    assert find_rules(pixels, 120, 12)[0] == []
    rules, _ = find_rules(pixels, 120, 12, tilt=0.015)
    assert len(rules) == 1 and not rules[0].horizontal
