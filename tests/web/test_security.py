"""Security headers on every answer, no inline script or style in any page, French 404s, and
the accessibility basics: labels, tables with captions and scopes, a skip link."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from calpae.store.models import Document

from .pagecheck import parse

STATIC_PAGES = ["/", "/?annee=2020", "/constats", "/recherche", "/recherche?q=parcours",
                "/api", "/page-inconnue", "/territoires/inconnu", "/deposer", "/taches",
                "/taches/1"]


@pytest.fixture(scope="module")
def every_page(web_sessions) -> list[str]:
    with web_sessions() as session:
        keys = list(session.scalars(select(Document.territory_key).distinct()
                                    .where(Document.territory_key.is_not(None))))
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
    return [*STATIC_PAGES, *(f"/territoires/{k}" for k in keys),
            *(f"/documents/{i}" for i in ids[:6])]


@pytest.mark.parametrize("url", ["/", "/.json", "/.csv", "/constats.json", "/api",
                                 "/static/calpae.css", "/static/calpae.js",
                                 "/static/calpae-upload.js", "/deposer", "/inconnue",
                                 "/inconnue.json", "/openapi.json"])
def test_security_headers(client, url: str):
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_no_inline_script_style_or_handler_in_any_page(client, every_page: list[str]):
    for url in every_page:
        page = parse(client.get(url).text)
        for attrs, body in page.scripts:
            assert attrs.get("src", "").startswith("/static/"), url
            assert not body.strip(), url
        assert page.styles == 0, url
        for tag, attrs in page.tags:
            assert "style" not in attrs, (url, tag)
            assert not [a for a in attrs if a.startswith("on")], (url, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript:"), url


@pytest.mark.parametrize(("url", "message"), [
    ("/territoires/atlantide", "Aucun document enregistré pour le territoire « atlantide »"),
    ("/documents/424242", "Aucun document n° 424242"),
    ("/nulle-part", "La page demandée n'existe pas"),
])
def test_not_found_pages_speak_french(client, url: str, message: str):
    response = client.get(url)
    assert response.status_code == 404
    page = parse(response.text)
    assert page.html_attrs["lang"] == "fr"
    assert [t for level, t in page.headings if level == 1] == ["Page introuvable"]
    assert message in page.text
    as_json = client.get(f"{url}.json")
    assert as_json.status_code == 404
    assert message in as_json.json()["detail"]


def test_every_form_control_has_a_label(client, every_page: list[str]):
    for url in every_page:
        page = parse(client.get(url).text)
        labelled = {a.get("for") for a in page.with_tag("label")}
        controls = [a for t, a in page.tags if t in {"input", "select", "textarea"}
                    and a.get("type") not in {"hidden", "submit", "button"}]
        for control in controls:
            assert control.get("id") in labelled, (url, control)


def test_tables_have_a_caption_and_scoped_headers(client, every_page: list[str]):
    for url in every_page:
        for table in parse(client.get(url).text).tables:
            assert table["caption"], url
            assert table["th"] == table["th_scoped"], url


def test_skip_link_leads_to_the_main_content(client):
    page = parse(client.get("/").text)
    first_links = [a.get("href") for a in page.with_tag("a")][:4]
    assert "#contenu" in first_links
    assert {"id": "contenu", "tabindex": "-1", "role": "main"}.items() <= dict(
        page.with_tag("main")[0]).items()
    assert {a.get("name") for a in page.with_tag("meta")} >= {"viewport"}


def test_style_sheets_show_focus_and_fit_a_phone(client):
    neutral = client.get("/static/calpae.css").text
    pages = client.get("/static/calpae-pages.css").text
    assert ":focus-visible" in neutral and "outline" in neutral
    assert "@media (max-width: 30em)" in neutral  # 375 px and narrower
    assert "@media (max-width: 61.99em)" in pages
    assert "overflow-x: auto" in neutral  # wide tables scroll instead of widening the page
