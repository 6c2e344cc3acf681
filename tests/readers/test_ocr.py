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


@pytest.mark.parametrize("tilt", [-4.0, -1.0, 0.6, 2.5])
def test_levelling_shear_makes_lines_level_and_boxes_map_back(tilt):
    image = Image.new("L", (1200, 900), 255)
    ImageDraw.Draw(image).rectangle((700, 400, 1000, 430), fill=0)
    tilted = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    before = tilted.point(lambda v: 255 if v < 128 else 0).getbbox()
    turns: list = []
    level = ocr._level(tilted, -tilt, turns)
    ink = level.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink[3] - ink[1] <= 31 + 3  # the bar is level again: its own height, not its tilt
    assert ocr._unturn_box(*ink, turns) == pytest.approx(before, abs=2)


def test_skew_is_found_on_a_300_dpi_page(loiret_pdf):
    page = page_images(loiret_pdf, [1], dpi=300)[0]
    tilted = page.rotate(-1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    assert ocr.estimate_skew(tilted) == pytest.approx(1.5, abs=0.15)
