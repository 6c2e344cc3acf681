"""The page view in chromium: the page image loads under the CSP, a box chosen shows the same
evidence panel as the value's mark, and the page fits a 375 px screen."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from calpae.pipeline import ingest_file
from calpae.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders (importlib mode)
from builders import seed_pdf

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, serve_app) -> Iterator[tuple[str, int]]:
    """The application on 127.0.0.1 over a base holding one native PDF of two pages."""
    from calpae.web import create_app

    folder = tmp_path_factory.mktemp("browser-pages")
    url = f"sqlite:///{folder / 'calpae.sqlite3'}"
    (folder / "avenant.pdf").write_bytes(seed_pdf("001", max_pages=2)[1])
    with open_store(url) as sessions, sessions() as session:
        document_id = ingest_file(session, folder / "avenant.pdf").document_id
    with serve_app(create_app(url, theme="neutre")) as base:
        yield base, document_id


def test_a_box_shows_the_evidence_of_its_value(served, page, screenshot):
    base, document_id = served
    refused: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    images: list[tuple[str, int, str]] = []
    page.on("response", lambda r: "/pages/" in r.url and images.append(
        (r.url, r.status, r.headers.get("content-type", ""))))
    page.goto(f"{base}/documents/{document_id}")
    page.wait_for_load_state("networkidle")
    assert images and all(s == 200 and t == "image/png" for _, s, t in images)
    box = page.locator("a.calpae-box").first
    value_id = box.get_attribute("data-box")
    key = page.locator(f"#v-{value_id}").get_attribute("data-key")
    box.click()
    detail = page.locator("#calpae-detail")
    assert detail.is_visible()
    assert detail.locator('[data-field="key"]').inner_text() == key
    assert detail.locator('[data-field="page"]').inner_text().startswith("1")
    assert "calpae-box--active" in (box.get_attribute("class") or "")
    marks = page.locator(f'mark[data-values~="{value_id}"]')
    assert marks.count() and "calpae-mark--active" in (marks.first.get_attribute("class") or "")
    assert page.url.endswith(f"/documents/{document_id}")  # the link did not navigate
    # keyboard: the next box is reached with Tab and chosen with Enter
    box.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-box')")
    assert focused and focused != value_id
    page.keyboard.press("Enter")
    assert detail.locator('[data-field="key"]').inner_text() == page.locator(
        f"#v-{focused}").get_attribute("data-key")
    # the row of a value lists its page, and the box is drawn where the mark's words are
    svg_width = page.locator("svg.calpae-page__image").first.evaluate(
        "e => e.getBoundingClientRect().width")
    assert svg_width > 300
    page.set_viewport_size({"width": 375, "height": 800})
    narrow = page.locator("svg.calpae-page__image").first.evaluate(
        "e => e.getBoundingClientRect().width")
    assert narrow <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot("document-pages")
    assert refused == []
