"""Smoke tests: a page served on 127.0.0.1 opens in chromium, with the vendored DSFR too."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "src" / "calpae" / "web" / "static"

PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Essai — calpae</title>
<style>body {{ font-family: sans-serif; margin: 2rem; }} p {{ max-width: 40rem; }}</style>
{head}</head>
<body>{body}</body>
</html>
"""

SMOKE_BODY = """<main><h1>Crédits de l'État, année 2020</h1>
<p>Convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi : une page statique
servie sur la boucle locale.</p>
<button type="button" onclick="this.textContent = 'Cliqué'">Cliquer</button></main>"""

DSFR_HEAD = """<link rel="stylesheet" href="/static/vendor/dsfr/dsfr.min.css">
<link rel="stylesheet" href="/static/vendor/dsfr/utility/icons/icons.min.css">
<script type="module" src="/static/vendor/dsfr/dsfr.module.min.js"></script>"""

DSFR_BODY = """<main class="fr-container fr-my-4w"><h1>Crédits de l'État</h1>
<div class="fr-alert fr-alert--info"><p>Un essai du DSFR fourni avec calpae.</p></div>
<button class="fr-btn fr-icon-checkbox-circle-line fr-btn--icon-left">Valider</button></main>"""


def png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">I", header[16:20])[0]


def test_a_static_page_opens_in_chromium(tmp_path, serve_directory, page, screenshot):
    (tmp_path / "index.html").write_text(PAGE.format(head="", body=SMOKE_BODY), encoding="utf-8")
    page.goto(serve_directory(tmp_path))
    assert page.title() == "Essai — calpae"
    assert page.locator("h1").inner_text() == "Crédits de l'État, année 2020"
    page.get_by_role("button", name="Cliquer").click()
    assert page.get_by_role("button").inner_text() == "Cliqué"
    shots = screenshot("smoke-static")
    assert [p.name for p in shots] == ["smoke-static-1280.png", "smoke-static-375.png"]
    assert [png_width(p) for p in shots] == [1280, 375]


def test_the_vendored_dsfr_loads_with_its_fonts_and_icons(tmp_path, serve_directory, page,
                                                          screenshot):
    (tmp_path / "static").symlink_to(STATIC, target_is_directory=True)
    (tmp_path / "index.html").write_text(PAGE.format(head=DSFR_HEAD, body=DSFR_BODY),
                                         encoding="utf-8")
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.ok or failed.append(response.url))
    page.goto(serve_directory(tmp_path))
    # dsfr.module.min.js marks the root element once it has started
    page.wait_for_function("document.documentElement.hasAttribute('data-fr-js')")
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('1rem Marianne'))")
    button = page.locator(".fr-btn")
    assert "Marianne" in button.evaluate("e => getComputedStyle(e).fontFamily")
    icon = button.evaluate("e => getComputedStyle(e, '::before').maskImage"
                           " || getComputedStyle(e, '::before').webkitMaskImage")
    assert "checkbox-circle-line.svg" in icon
    screenshot("smoke-dsfr")
    assert failed == []
