"""The image reader: OCR of PNG/JPEG/TIFF pages, boxes in points, limits and non-documents."""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from builders import degrade, image_bytes, page_images
from builders.compare import word_similarity
from calpae.errors import LimitExceeded, UnreadableFile
from calpae.readers import Limits, read_bytes


def test_gigantic_image_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(out, "PNG")
    with pytest.raises(LimitExceeded, match=r"huge\.png : image trop grande"):
        read_bytes(out.getvalue(), "huge.png")
    small = image_bytes(Image.new("L", (200, 200), 255))
    with pytest.raises(LimitExceeded, match="image trop grande"):
        read_bytes(small, "small.png", Limits(max_pixels=10_000))


def test_truncated_image():
    data = image_bytes(Image.new("L", (400, 400), 128), "JPEG")
    with pytest.raises(UnreadableFile, match=r"t\.jpg : image illisible"):
        read_bytes(data[: len(data) // 3], "t.jpg")


@pytest.mark.ocr
def test_noise_photo_has_no_readable_text():
    rng = np.random.default_rng(1)
    photo = Image.fromarray(rng.integers(0, 255, (400, 500), dtype=np.uint8), "L")
    with pytest.raises(UnreadableFile, match="aucun texte lisible"):
        read_bytes(image_bytes(photo, "JPEG"), "photo.jpg")


@pytest.mark.ocr
def test_page_image_is_read_with_boxes_in_points(loiret_pdf):
    native = read_bytes(loiret_pdf, "native.pdf")
    image = degrade(page_images(loiret_pdf, [0], dpi=200)[0], angle=0.0, noise=8)
    doc = read_bytes(image_bytes(image, "TIFF", dpi=200), "page.tif")
    assert doc.file.format == "image"
    page = doc.pages[0]
    assert page.method == "ocr" and page.confidence > 80
    assert page.width == pytest.approx(native.pages[0].width, abs=1)
    expected = native.text[native.pages[0].start:native.pages[0].end]
    assert word_similarity(expected, doc.text) > 0.9
    # every long word that occurs once in both lies at the same place on the page
    native_boxes = _unique_word_boxes(native, 1)
    compared = 0
    for text, box in _unique_word_boxes(doc, 1).items():
        if len(text) >= 6 and text in native_boxes:
            assert box == pytest.approx(native_boxes[text], abs=4), text
            compared += 1
    assert compared >= 5


def _unique_word_boxes(doc, page: int) -> dict:
    words = [(doc.text[w.start:w.end], w.bbox) for w in doc.words if w.page == page]
    counts = Counter(text for text, _ in words)
    return {text: box for text, box in words if counts[text] == 1}
