"""OCR helpers: the skew search and the mapping of boxes back through the rotations."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from builders import page_images
from calpae.readers import ocr


@pytest.fixture(scope="module")
def page(loiret_pdf) -> Image.Image:
    return page_images(loiret_pdf, [1], dpi=150)[0]


@pytest.mark.parametrize("tilt", [-2.0, -0.7, 0.0, 1.0, 3.5])
def test_skew_search_finds_the_tilt(page, tilt):
    tilted = page.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    assert ocr.estimate_skew(tilted) == pytest.approx(-tilt, abs=0.15)


def test_blank_image_has_no_skew():
    assert ocr.estimate_skew(Image.new("L", (400, 300), 255)) == 0.0


@pytest.mark.parametrize("angle", [1.5, -4.0, 90, 270])
def test_boxes_map_back_through_the_rotations(angle):
    image = Image.new("L", (600, 400), 255)
    ImageDraw.Draw(image).rectangle((100, 50, 220, 80), fill=0)
    turns: list = []
    turned = ocr._turn(image, angle, turns)
    ink = turned.point(lambda v: 255 if v < 128 else 0).getbbox()
    x0, y0, x1, y1 = ocr._unturn_box(*ink, turns)
    slack = 4 + abs(angle % 90 if angle % 90 < 45 else 90 - angle % 90) * 2
    assert (x0, y0, x1, y1) == pytest.approx((100, 50, 221, 81), abs=slack)
