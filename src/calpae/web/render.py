"""One page, three forms: a route's data is HTML, JSON or CSV by the suffix of its path.

Datasette's convention: `/territoires/45` is the page, `/territoires/45.json` its data as
dicts, `/territoires/45.csv` one of its tables (`?table=` chooses which; the first by default).
A page function returns a `Page`; `Pages` registers it under the three paths, JSON first, so
that `{key}.json` is never read as a key ending in `.json`.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, get_type_hints
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response


class Format(StrEnum):
    HTML = "html"
    JSON = "json"
    CSV = "csv"


SUFFIXES = (Format.JSON, Format.CSV)
CACHEABLE_HEADER = "x-calpae-cacheable"  # read (and removed) by web.cache.PageCache
CSV_DELIMITER = ";"  # what a French spreadsheet expects, as `calpae consolidate --format csv`


def format_of(path: str) -> Format:
    for fmt in SUFFIXES:
        if path.endswith(f".{fmt}"):
            return fmt
    return Format.HTML


def page_path(path: str) -> str:
    """The HTML path of a page, whichever form was asked for."""
    for fmt in SUFFIXES:
        if path.endswith(f".{fmt}"):
            path = path[: -len(fmt) - 1]
    return path or "/"


def variant(path: str, fmt: Format) -> str:
    """`/territoires/45` → `/territoires/45.json`; `/` → `/.json`."""
    return path if fmt is Format.HTML else f"{path}.{fmt}"


@dataclass
class Page:
    """What a page function returns."""

    template: str
    title: str  # the page's <h1> and <title>
    data: dict[str, Any]  # the JSON, and what the template shows
    tables: tuple[str, ...] = ()  # keys of `data` holding lists of flat rows, for the CSV
    context: dict[str, Any] = field(default_factory=dict)  # for the template only
    filename: str = "calpae"
    # False for what changes without the store revision (a job's progress): never cached
    cacheable: bool = True


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_json_default)


class FrenchJSONResponse(JSONResponse):
    """UTF-8 JSON with accents as they are, dates in ISO form."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


def csv_cell(value: Any) -> str:
    """A CSV cell: nothing for None, JSON for booleans, lists and dicts, the value otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool | list | dict | tuple):
        return dumps(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    if columns:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def format_links(request: Request) -> dict[str, str]:
    """The page's other forms, with the same query."""
    base = page_path(request.url.path)
    query = f"?{request.url.query}" if request.url.query else ""
    return {fmt.value: variant(base, fmt) + query for fmt in Format}


def respond(request: Request, page: Page, fmt: Format, status_code: int = 200) -> Response:
    """The page in the form asked for, marked for the page cache (`web/cache.py`)."""
    response = _response(request, page, fmt, status_code)
    if page.cacheable:
        response.headers[CACHEABLE_HEADER] = "1"
    return response


def _response(request: Request, page: Page, fmt: Format, status_code: int) -> Response:
    if fmt is Format.JSON:
        return FrenchJSONResponse(page.data, status_code=status_code)
    if fmt is Format.CSV:
        table = request.query_params.get("table") or (page.tables[0] if page.tables else "")
        if table not in page.tables:
            known = ", ".join(page.tables) or "aucun"
            raise HTTPException(404, f"Tableau inconnu : « {table} » (tableaux : {known}).")
        name = quote(f"{page.filename}-{table}.csv")
        return Response(to_csv(page.data[table]), media_type="text/csv; charset=utf-8",
                        status_code=status_code,
                        headers={"Content-Disposition": f"inline; filename*=UTF-8''{name}"})
    templates = request.app.state.templates
    html = templates.get_template(page.template).render(
        request=request, page=page, data=page.data, formats=format_links(request),
        **page.context)
    return HTMLResponse(html, status_code=status_code)


class Pages:
    """Registers page functions on a router, each under its HTML, `.json` and `.csv` paths.

    A page function takes FastAPI parameters (path, query, dependencies; `request` if it wants
    it) and returns a `Page`. Only the JSON paths go into the OpenAPI schema and `/api`.
    """

    def __init__(self, router: APIRouter) -> None:
        self.router = router

    def __call__(self, path: str, *, name: str,
                 summary: str) -> Callable[[Callable[..., Page]], Callable[..., Page]]:
        def register(fn: Callable[..., Page]) -> Callable[..., Page]:
            for fmt in (*SUFFIXES, Format.HTML):
                self.router.add_api_route(
                    variant(path, fmt), _endpoint(fn, fmt),
                    methods=["GET"] if fmt is Format.JSON else ["GET", "HEAD"],
                    name=name if fmt is Format.HTML else f"{name}.{fmt}", summary=summary,
                    description=inspect.getdoc(fn) or "", include_in_schema=fmt is Format.JSON,
                    response_class=FrenchJSONResponse if fmt is Format.JSON else HTMLResponse)
            return fn
        return register


def _endpoint(fn: Callable[..., Page], fmt: Format) -> Callable[..., Response]:
    """A FastAPI endpoint with `fn`'s parameters (annotations resolved, so that FastAPI need
    not look them up in this module) plus the request."""
    hints = get_type_hints(fn, include_extras=True)
    signature = inspect.signature(fn)
    wants_request = "request" in signature.parameters
    params = [p.replace(annotation=hints.get(p.name, p.annotation))
              for p in signature.parameters.values() if p.name != "request"]
    request_param = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                      annotation=Request)

    def endpoint(request: Request, **kwargs: Any) -> Response:
        if wants_request:
            kwargs["request"] = request
        return respond(request, fn(**kwargs), fmt)

    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[request_param, *params], return_annotation=inspect.Signature.empty)
    endpoint.__name__ = f"{fn.__name__}_{fmt}"
    endpoint.__doc__ = fn.__doc__
    return endpoint
