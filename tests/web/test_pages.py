"""Each page answers in French HTML; its `.json` is the same data as dicts and its `.csv` the
same rows; the filters of the forms filter."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calpae.store.models import ActionLine, Document, ExtractedValue, Finding

from .pagecheck import parse

PAGES = ("dashboard", "territory", "document", "findings", "search", "api")
TABLES = {
    "dashboard": ("matrix", "by_measure", "by_section", "by_year", "findings_by_severity"),
    "territory": ("actions", "documents", "years", "findings"),
    "document": ("values", "copies", "findings"),
    "findings": ("findings",),
    "search": ("actions", "documents"),
    "api": ("endpoints",),
}
TITLES = {"dashboard": "Tableau de bord", "territory": "Dossier ", "document": "",
          "findings": "Constats", "search": "Recherche : parcours", "api": "API JSON"}


@pytest.fixture(scope="module")
def urls(web_sessions) -> dict[str, str]:
    with web_sessions() as session:
        key = session.scalar(select(Document.territory_key).where(
            Document.territory_key.is_not(None)).group_by(Document.territory_key)
            .order_by(func.count(Document.id).desc(), Document.territory_key).limit(1))
        doc = session.scalar(select(ExtractedValue.document_id).group_by(
            ExtractedValue.document_id).order_by(func.count().desc()).limit(1))
    return {"dashboard": "/", "territory": f"/territoires/{key}", "document": f"/documents/{doc}",
            "findings": "/constats", "search": "/recherche?q=parcours", "api": "/api"}


def json_of(client, url: str) -> dict[str, Any]:
    path, _, query = url.partition("?")
    response = client.get(f"{path}.json" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def csv_of(client, url: str, table: str) -> list[dict[str, str]]:
    path, _, query = url.partition("?")
    query = "&".join(q for q in (query, f"table={table}") if q)
    response = client.get(f"{path}.csv?{query}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text), delimiter=";"))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@pytest.mark.parametrize("name", PAGES)
def test_page_answers_in_french_html(client, urls, name: str):
    response = client.get(urls[name])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.html_attrs.get("lang") == "fr"
    h1 = [text for level, text in page.headings if level == 1]
    assert len(h1) == 1 and h1[0].startswith(TITLES[name]), page.headings
    assert page.headings[0][0] == 1
    for (before, _), (after, text) in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading h{after} « {text} » after h{before}"


@pytest.mark.parametrize("name", PAGES)
def test_json_is_the_data_the_page_shows(client, urls, name: str):
    data = json_of(client, urls[name])
    assert isinstance(data, dict)
    shown = parse(client.get(urls[name]).text).text
    fields = {
        "dashboard": lambda: [r["territory_name"] for r in data["matrix"]],
        "territory": lambda: [d["file"] for d in data["documents"]]
        + [f["message"] for f in data["findings"]],
        "document": lambda: [v["key"] for v in data["values"]],
        "findings": lambda: [f["message"] for f in data["findings"]],
        "search": lambda: [a["title"] for a in data["actions"]]
        + [d["file"] for d in data["documents"]],
        "api": lambda: [e["path"] for e in data["endpoints"]],
    }
    expected = fields[name]()
    assert expected
    missing = [e for e in expected if " ".join(str(e).split()) not in shown]
    assert missing == []


@pytest.mark.parametrize("name", PAGES)
def test_csv_has_the_rows_of_the_json(client, urls, name: str):
    data = json_of(client, urls[name])
    for table in TABLES[name]:
        rows = csv_of(client, urls[name], table)
        expected = data[table]
        assert len(rows) == len(expected), table
        for got, want in zip(rows, expected, strict=True):
            assert list(got) == list(want)
            assert got == {k: cell(v) for k, v in want.items()}, table


def test_csv_gives_the_first_table_by_default(client):
    assert client.get("/.csv").text == client.get("/.csv?table=matrix").text
    assert client.get("/constats.csv").text == client.get("/constats.csv?table=findings").text


def test_csv_of_an_unknown_table_is_404(client):
    response = client.get("/constats.csv?table=nimporte")
    assert response.status_code == 404
    assert "Tableau inconnu" in response.text


def test_dashboard_counts_each_document_in_force_once(client, db: Session):
    data = json_of(client, "/")
    in_force = db.scalar(select(func.count(Document.id)).where(
        Document.effective.is_(True), Document.duplicate_of_id.is_(None))) or 0
    assert data["national"]["documents"] == in_force
    credits = db.scalar(select(func.sum(Document.state_amount)).where(
        Document.effective.is_(True), Document.duplicate_of_id.is_(None),
        Document.kind != "rapport_execution"))
    assert data["national"]["state_credits"] == pytest.approx(credits)
    matrix_credits = sum(r["state_credits"] or 0 for r in data["matrix"])
    assert matrix_credits == pytest.approx(credits)
    assert sum(s["findings"] for s in data["findings_by_severity"]) == db.scalar(
        select(func.count(Finding.id)))


def test_dashboard_filters_by_year_and_region(client, db: Session):
    year, region = db.execute(select(Document.exercise_year, Document.region_code).where(
        Document.region_code.is_not(None), Document.effective.is_(True)).limit(1)).one()
    by_year = json_of(client, f"/?annee={year}")
    assert by_year["matrix"] and {r["year"] for r in by_year["matrix"]} == {year}
    by_region = json_of(client, f"/?region={region}")
    assert by_region["matrix"] and {r["region_code"] for r in by_region["matrix"]} == {region}
    assert json_of(client, "/?annee=&region=") == json_of(client, "/")
    page = parse(client.get(f"/?annee={year}&region={region}").text)
    selected = [a for a in page.with_tag("option") if "selected" in a]
    assert {a["value"] for a in selected} == {str(year), region}
    assert client.get("/?annee=deux-mille").status_code == 400


def test_dashboard_charts_are_svg_without_script(client):
    page = parse(client.get("/").text)
    charts = [a for a in page.with_tag("svg") if "calpae-chart" in a.get("class", "")]
    assert len(charts) == 3
    ids = page.ids()
    for chart in charts:
        assert chart["role"] == "img"
        assert set(chart["aria-labelledby"].split()) <= ids


def test_findings_filters(client, db: Session):
    rule, severity, key, year = db.execute(select(
        Finding.rule, Finding.severity, Finding.territory_key, Finding.year).where(
        Finding.year.is_not(None)).limit(1)).one()
    for query, check in ((f"gravite={severity}", lambda f: f["severity"] == severity),
                         (f"regle={rule}", lambda f: f["rule"] == rule),
                         (f"territoire={key}", lambda f: f["territory_key"] == key),
                         (f"annee={year}", lambda f: f["year"] == year)):
        data = json_of(client, f"/constats?{query}")
        assert data["findings"], query
        assert all(check(f) for f in data["findings"]), query
        assert data["total"] == len(data["findings"])
    region = db.scalar(select(Document.region_code).where(Document.territory_key == key))
    if region:
        in_region = json_of(client, f"/constats?region={region}")
        keys = set(db.scalars(select(Document.territory_key).where(
            Document.region_code == region)))
        assert in_region["findings"] and {f["territory_key"] for f in in_region["findings"]} <= keys
    everything = json_of(client, "/constats")
    assert everything["total"] == db.scalar(select(func.count(Finding.id)))
    assert client.get("/constats?gravite=grave").status_code == 400
    assert client.get("/constats?territoire=Atlantide").status_code == 404


def test_each_finding_links_to_its_documents_with_constat(client):
    data = json_of(client, "/constats")
    page = parse(client.get("/constats").text)
    links = {a.get("href") for a in page.with_tag("a")}
    for f in data["findings"]:
        assert f["documents"], f["message"]
        for d in f["documents"]:
            assert f"/documents/{d['id']}?constat={f['id']}" in links


def test_territory_page_shows_each_year_and_its_actions(client, urls, db: Session):
    data = json_of(client, urls["territory"])
    page = parse(client.get(urls["territory"]).text)
    years = [y["year"] for y in data["years"]]
    assert years
    assert {f"Exercice {y}" for y in years} <= {t for _, t in page.headings}
    documents = db.scalar(select(func.count(Document.id)).where(
        Document.territory_key == data["territory"]["key"]))
    assert len(data["documents"]) == documents
    links = {a.get("href") for a in page.with_tag("a")}
    assert {f"/documents/{d['id']}" for d in data["documents"]} <= links
    lines = db.scalar(select(func.count(ActionLine.id)).join(Document).where(
        Document.territory_key == data["territory"]["key"], Document.effective.is_(True),
        Document.duplicate_of_id.is_(None)))
    assert len(data["actions"]) == lines


def test_territory_page_links_copies_with_their_identity_note(client, db: Session):
    copy = db.execute(select(Document.territory_key, Document.duplicate_of_id,
                             Document.identity_note)
                      .where(Document.duplicate_of_id.is_not(None)).limit(1)).one()
    data = json_of(client, f"/territoires/{copy.territory_key}")
    copies = [d for d in data["documents"] if d["duplicate_of"] == copy.duplicate_of_id]
    assert copies and all(d["identity_note"] for d in copies)
    shown = parse(client.get(f"/territoires/{copy.territory_key}").text).text
    assert " ".join(copy.identity_note.split()) in shown


def test_territory_by_name_and_year(client, db: Session):
    key, name, year = db.execute(select(Document.territory_key, Document.territory_name,
                                        Document.exercise_year).where(
        Document.territory_name.is_not(None), Document.territory_code.is_not(None)).limit(1)).one()
    assert json_of(client, f"/territoires/{name}")["territory"]["key"] == key
    one_year = json_of(client, f"/territoires/{key}?annee={year}")
    assert {d["year"] for d in one_year["documents"]} == {year}


def test_api_lists_every_json_endpoint(client):
    data = json_of(client, "/api")
    schema = client.get("/openapi.json").json()
    assert [e["path"] for e in data["endpoints"]] == list(schema["paths"])
    assert {"/.json", "/constats.json", "/recherche.json", "/api.json"} <= set(schema["paths"])
    assert all(p.endswith(".json") for p in schema["paths"])


def test_amounts_in_finding_messages_never_break_across_lines(client):
    from markupsafe import escape

    from calpae.web.formatting import keep_amounts

    assert keep_amounts("1 201 409 € et 12 %, en 2020 pour 3 fiches") == \
        "1\u00a0201\u00a0409\u00a0€ et 12\u00a0%, en 2020 pour 3 fiches"
    messages = [f["message"] for f in client.get("/constats.json").json()["findings"]]
    with_amounts = [m for m in messages if re.search(r"\d \d{3}", m)]
    assert with_amounts
    page = client.get("/constats").text
    for message in with_amounts[:5]:
        kept = re.sub(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=[€%])", "\u00a0", message)
        assert str(escape(kept)) in page
