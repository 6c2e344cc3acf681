"""One scanned page of some unseen documents: OCR finds the values the native page holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders

from builders import degrade, page_images, pdf_bytes, scan_pdf
from calpae.extract import extract, to_calpae_json
from calpae.readers import read_bytes

DOCS = Path(__file__).resolve().parent / "docs"
# (document, 0-based page): the page holding the document block
PAGES = [("b_avenant2_2021_bordeaux_metropole.txt", 0),
         ("e_avenant3_2021_haute_vienne_flat.txt", 0),
         ("g_convention_2022_ain.txt", 0)]


def _leaves(tree, path=""):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, f"{path}.{key}")
    elif isinstance(tree, list):
        for n, value in enumerate(tree):
            yield from _leaves(value, f"{path}[{n}]")
    elif tree is not None:
        yield path, tree


def _document_block(pdf: bytes, name: str) -> dict:
    return to_calpae_json(extract(read_bytes(pdf, name)))["document"]


@pytest.mark.ocr
@pytest.mark.parametrize(("name", "page"), PAGES, ids=[n.split("_")[0] for n, _ in PAGES])
def test_scanned_page_gives_the_values_of_the_native_page(name: str, page: int):
    source = read_bytes((DOCS / name).read_bytes(), name)
    native = pdf_bytes(source)
    image = degrade(page_images(native, [page], dpi=200)[0], angle=0.7, seed_=page)
    scanned = _document_block(scan_pdf([image]), "scan.pdf")
    one_page = _document_block(pdf_bytes(source, max_pages=page + 1), "page.pdf")
    expected = dict(_leaves(one_page))
    assert len(expected) >= 8, expected  # the page holds a document block
    found = dict(_leaves(scanned))
    wrong = {p: (v, found.get(p)) for p, v in expected.items() if found.get(p) != v}
    assert not wrong, wrong
