"""The mechanism that gives every page its `.json` and `.csv`, the marks of the source text
and the SVG bars, on small cases."""

from __future__ import annotations

import csv
import io
import warnings

from fastapi import APIRouter, FastAPI
from jinja2 import DictLoader, Environment

from calpae.web.charts import Bar, bar_chart
from calpae.web.highlight import Span, pieces_by_line, render_source
from calpae.web.render import Format, Page, Pages, format_of, page_path, to_csv, variant

from .pagecheck import parse

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def small_app() -> FastAPI:
    router = APIRouter()
    pages = Pages(router)

    @pages("/choses/{key}", name="thing", summary="Une chose")
    def thing(key: str, n: int = 1) -> Page:
        """Une chose et ses lignes."""
        rows = [{"key": key, "i": i, "ok": i % 2 == 0, "none": None} for i in range(n)]
        return Page("t.html", f"Chose {key}", {"key": key, "rows": rows, "other": []},
                    tables=("rows", "other"))

    app = FastAPI()
    app.state.templates = Environment(loader=DictLoader(
        {"t.html": "<h1>{{ page.title }}</h1>{{ formats.json }}"}), autoescape=True)
    app.include_router(router)
    return app


def test_one_function_answers_html_json_and_csv():
    with TestClient(small_app()) as client:
        html = client.get("/choses/a.b?n=3")
        assert html.text == "<h1>Chose a.b</h1>/choses/a.b.json?n=3"
        data = client.get("/choses/a.b.json?n=3").json()
        assert data["key"] == "a.b" and len(data["rows"]) == 3
        rows = list(csv.reader(io.StringIO(client.get("/choses/a.b.csv?n=3").text),
                               delimiter=";"))
        assert rows == [["key", "i", "ok", "none"], ["a.b", "0", "true", ""],
                        ["a.b", "1", "false", ""], ["a.b", "2", "true", ""]]
        assert client.get("/choses/a.b.csv?table=other").text == ""
        assert client.get("/choses/a.b.csv?table=key").status_code == 404
        schema = client.get("/openapi.json").json()
        assert list(schema["paths"]) == ["/choses/{key}.json"]
        assert schema["paths"]["/choses/{key}.json"]["get"]["summary"] == "Une chose"


def test_paths_and_suffixes():
    assert format_of("/territoires/45.json") is Format.JSON
    assert format_of("/territoires/45.csv") is Format.CSV
    assert format_of("/territoires/45") is Format.HTML
    assert page_path("/.json") == "/" and page_path("/constats.csv") == "/constats"
    assert variant("/", Format.JSON) == "/.json"


def test_csv_cells():
    text = to_csv([{"a": 1.5, "b": [1, 2], "c": "x;y"}, {"a": None, "d": "é"}])
    assert list(csv.reader(io.StringIO(text), delimiter=";")) == [
        ["a", "b", "c", "d"], ["1.5", "[1, 2]", "x;y", ""], ["", "", "", "é"]]


def test_overlapping_and_crossing_spans_are_cut_into_pieces():
    text = "ab cd\nef"
    spans = [Span(1, "k1", "exact", 0, 5), Span(2, "k2", "repaired", 3, 8),
             Span(3, "k3", "inferred", 3, 5)]
    lines = pieces_by_line(text, spans)
    assert [[(p, [s.value_id for s in c]) for p, c in line] for line in lines] == [
        [("ab ", [1]), ("cd", [3, 2, 1])], [("ef", [2])]]


def test_everything_in_the_source_is_escaped():
    text = '<img src=x onerror="alert(1)"> & "q"'
    html = str(render_source(text, [Span(7, 'k"><script>', "exact", 0, 4)]))
    assert "<img" not in html and "<script>" not in html
    page = parse(f"<table>{html}</table>")
    assert page.text.replace(" ", "") == f"1{text}".replace(" ", "")
    assert page.marks[0].attrs["data-key"] == 'k"><script>'
    assert page.marks[0].text == "<img"


def test_bars_are_svg_described_in_words():
    svg = str(bar_chart("g", "Titre <b>", [Bar("Mesure & co", 2.0, "2 €"),
                                           Bar("Autre", 1.0, "1 €", "error")]))
    page = parse(svg)
    assert "<b>" not in svg
    [root] = page.with_tag("svg")
    assert root["role"] == "img" and root["aria-labelledby"] == "g-titre g-desc"
    assert "Mesure & co : 2 €; Autre : 1 €" in page.text
    widths = [float(a["width"]) for a in page.with_tag("rect")]
    assert widths[0] == 2 * widths[1]
    assert "style" not in svg
    assert "Aucune donnée" in str(bar_chart("v", "Vide", []))
