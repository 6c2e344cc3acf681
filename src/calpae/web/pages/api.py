"""`/api`: the JSON endpoints, read from the application's own OpenAPI schema (which holds the
`.json` paths only), and the schema itself at `/openapi.json`."""

from __future__ import annotations

from fastapi import APIRouter, Request

from calpae.web.render import Page, Pages, page_path

router = APIRouter()
pages = Pages(router)


@pages("/api", name="api", summary="Liste des points d'accès JSON")
def api(request: Request) -> Page:
    """Chaque page a sa forme JSON (suffixe `.json`) et CSV (suffixe `.csv`, `?table=` pour
    choisir le tableau) ; le schéma OpenAPI est à `/openapi.json`."""
    endpoints = []
    for path, item in request.app.openapi()["paths"].items():
        get = item.get("get") or {}
        html = page_path(path)
        endpoints.append({
            "path": path, "page": html, "csv": f"{html}.csv",
            "summary": get.get("summary"), "description": get.get("description"),
            "parameters": [p["name"] for p in get.get("parameters", ()) if p.get("in") == "query"],
            "path_parameters": [p["name"] for p in get.get("parameters", ())
                                if p.get("in") == "path"]})
    data = {"endpoints": endpoints, "openapi": request.app.openapi_url}
    return Page("api.html", "API JSON", data, tables=("endpoints",), filename="api")
