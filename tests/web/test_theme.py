"""The two themes: DSFR links the vendored files and shows the bloc-marque; the neutral theme
uses our own style sheet, the same structure and class names, no Marianne."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from calpae.web.theme import DSFR_CSS, DSFR_JS, THEME_ENV, Theme, choose_theme

from .pagecheck import parse

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def page_in(theme: str, database: str) -> str:
    from calpae.web import create_app

    with TestClient(create_app(database, theme=theme)) as client:
        return client.get("/constats").text


def test_dsfr_theme_links_the_vendored_files(web_database: str):
    page = parse(page_in("dsfr", web_database))
    styles = [a["href"] for a in page.with_tag("link") if a.get("rel") == "stylesheet"]
    assert styles == [f"/static/{DSFR_CSS}", "/static/calpae-pages.css"]
    modules = [a for a, _ in page.scripts if a.get("type") == "module"]
    assert [a["src"] for a in modules] == [f"/static/{DSFR_JS}"]
    assert any("fr-logo" in a.get("class", "") for _, a in page.tags)
    assert "République" in page.text


def test_neutral_theme_has_no_marianne(web_database: str):
    html = page_in("neutre", web_database)
    page = parse(html)
    styles = [a["href"] for a in page.with_tag("link") if a.get("rel") == "stylesheet"]
    assert styles == ["/static/calpae.css", "/static/calpae-pages.css"]
    assert "vendor/dsfr" not in html
    assert not any("fr-logo" in a.get("class", "") for _, a in page.tags)
    assert "République" not in page.text


def test_both_themes_share_the_structure(web_database: str):
    def structure(html: str) -> list[tuple[str, str]]:
        page = parse(html)
        return [(t, a.get("class", "")) for t, a in page.tags
                if "fr-logo" not in a.get("class", "") and "fr-header__logo" not in a.get(
                    "class", "") and "fr-footer__brand" not in a.get("class", "")
                and t not in {"link", "script", "p", "br", "a", "html"}]

    assert structure(page_in("dsfr", web_database)) == structure(page_in("neutre",
                                                                         web_database))


def test_default_theme_is_neutral_even_with_the_dsfr_vendored(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    # ADR 0010: the DSFR's terms reserve it to State services, which ask for it
    monkeypatch.delenv(THEME_ENV, raising=False)
    for name in (DSFR_CSS, DSFR_JS):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("/* */", encoding="utf-8")
    assert choose_theme(static_dir=tmp_path) is Theme.NEUTRAL
    monkeypatch.setenv(THEME_ENV, "dsfr")
    assert choose_theme(static_dir=tmp_path) is Theme.DSFR
    monkeypatch.setenv(THEME_ENV, "neutre")
    assert choose_theme(static_dir=tmp_path) is Theme.NEUTRAL
    with pytest.raises(ValueError, match="inconnu"):
        choose_theme("bleu", static_dir=tmp_path)
