"""The neutral theme is the default; the DSFR only when a State instance asks for it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from calpae.web.app import create_app
from calpae.web.theme import THEME_ENV, Theme, choose_theme


def test_the_default_theme_is_neutral(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(THEME_ENV, raising=False)
    assert choose_theme() is Theme.NEUTRAL
    monkeypatch.setenv(THEME_ENV, "dsfr")
    assert choose_theme() is Theme.DSFR


@pytest.mark.parametrize(("theme", "links_dsfr"), [("neutre", False), ("dsfr", True)])
def test_a_page_links_the_dsfr_only_in_its_theme(web_database: str, theme: str,
                                                  links_dsfr: bool):
    with TestClient(create_app(web_database, theme=theme)) as client:
        html = client.get("/").text
    assert ("vendor/dsfr/" in html) is links_dsfr
