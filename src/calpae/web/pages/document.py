"""`/documents/{id}`: the source text as read, line by line, every extracted value marked where
it was read, the list of values beside it; `?constat=ID` marks the values a finding compares.

For a PDF or an image whose file is kept, the pages holding values are drawn above the text:
the page image (`/documents/{id}/pages/{n}.png`) with a box on each value, tied to the same
value as its mark in the text; `?page=n` chooses the pages shown. The text stays: it is what
the evidence offsets point into.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BeforeValidator, Field

from calpae.store.models import Document, ExtractedValue, Finding
from calpae.web.deps import FilesDep, SessionDep, blank_is_none
from calpae.web.formatting import kind_label
from calpae.web.highlight import Span, render_source
from calpae.web.page_images import PageUnavailable, page_image
from calpae.web.page_view import (
    PageView,
    boxes_by_page,
    has_pages,
    page_image_url,
    page_sizes_of,
    pages_shown,
)
from calpae.web.queries import (
    copies_of,
    file_name,
    findings_of_document,
    load_document,
    page_source,
    region_name,
)
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

Constat = Annotated[int | None, BeforeValidator(blank_is_none),
                    Query(description="Identifiant d'un constat : ses valeurs comparées sont "
                                      "mises en évidence.")]
PageAsked = Annotated[Annotated[int, Field(ge=1)] | None, BeforeValidator(blank_is_none),
                      Query(description="Page à afficher en premier parmi les images des "
                                        "pages (PDF et images), à partir de 1.")]
PAGE_CACHE = "private, max-age=86400"  # a page of the same bytes never changes (ETag: sha256)


def _value(v: ExtractedValue, cited: set[str]) -> dict[str, Any]:
    bbox = (v.bbox_x0, v.bbox_y0, v.bbox_x1, v.bbox_y1)
    return {"id": v.id, "key": v.key, "path": v.path, "value": v.value, "status": v.status,
            "reason": v.reason, "line": v.evidence_line, "page": v.evidence_page,
            "start": v.evidence_start, "end": v.evidence_end, "evidence": v.evidence_text,
            "bbox": list(bbox) if None not in bbox else None, "parts": v.parts,
            "cited": v.key in cited}


def _reading_order(v: ExtractedValue) -> tuple[int, int, int]:
    start = v.evidence_start
    return (start is None, start or 0, v.id)


def _document(d: Document) -> dict[str, Any]:
    source = d.source_file
    return {"id": d.id, "file": source.name, "format": source.format, "size": source.size,
            "sha256": source.sha256, "ingested_at": source.ingested_at, "kind": d.kind,
            "amendment_number": d.amendment_number, "year": d.exercise_year,
            "territory_key": d.territory_key, "territory_name": d.territory_name,
            "territory_code": d.territory_code, "region_code": d.region_code,
            "region": region_name(d.region_code), "redacted": d.redacted,
            "in_force": d.effective, "duplicate_of": d.duplicate_of_id,
            "identity_note": d.identity_note, "state_credits": d.state_amount,
            "carryover": d.state_carryover, "lines": source.text.line_count,
            "pages": source.text.page_count, "reader_notes": source.reader_notes}


def _finding(f: Finding, document_id: int) -> dict[str, Any]:
    cited = [c for c in f.cited or () if isinstance(c, dict)]
    return {"id": f.id, "rule": f.rule, "severity": f.severity, "year": f.year,
            "territory_key": f.territory_key, "message": f.message,
            "explanation": f.explanation, "cited": cited,
            "keys_here": sorted({c["key"] for c in cited
                                 if (c.get("document") or {}).get("id") == document_id})}


def _uses(findings: list[Finding], document_id: int) -> dict[str, list[int]]:
    """For each value key of the document, the findings that compare it (their ids)."""
    out: dict[str, list[int]] = {}
    for f in findings:
        for key in _finding(f, document_id)["keys_here"]:
            out.setdefault(key, []).append(f.id)
    return out


def _counted(doc: Document, original: str | None) -> dict[str, Any]:
    """Whether the document's figures enter the territory's and the nation's totals, and why
    not: a copy is counted once, through its original; a convention or avenant replaced by a
    later one of the same year gives way to it."""
    if doc.duplicate_of_id is not None:
        return {"counted": False, "counted_note": f"non : copie de « {original} », comptée "
                "une seule fois par l'original"}
    if not doc.effective:
        return {"counted": False, "counted_note": "non : un document plus récent du même "
                "exercice le remplace dans les totaux"}
    return {"counted": True, "counted_note": "oui : dans les totaux du territoire, de sa "
            "région et nationaux"}


@pages("/documents/{document_id}", name="document",
       summary="Un document : son texte lu et chaque valeur extraite avec sa preuve")
def document(document_id: int, session: SessionDep, files: FilesDep, constat: Constat = None,
             page: PageAsked = None) -> Page:
    """Le texte du document tel qu'il a été lu (les positions des preuves y renvoient), les
    valeurs extraites (clé, valeur, statut, raison, ligne, page, zone `bbox` en points depuis
    le coin haut gauche de la page) et, avec `constat`, le constat dont les valeurs
    comparées sont marquées `cited`. Pour un PDF ou une image dont le fichier est conservé,
    `pages` donne la taille de chaque page (points) et l'adresse de son image PNG."""
    doc = load_document(session, document_id)
    if doc is None:
        raise HTTPException(404, f"Aucun document n° {document_id}.")
    finding = None
    if constat is not None:
        row = session.get(Finding, constat)
        if row is None:
            raise HTTPException(404, f"Aucun constat n° {constat}.")
        finding = _finding(row, doc.id)
    cited = set(finding["keys_here"]) if finding else set()
    values = sorted(doc.values, key=_reading_order)
    text = doc.source_file.text.text
    spans = [Span(v.id, v.key, v.status, v.evidence_start, v.evidence_end, v.key in cited)
             for v in values if v.evidence_start is not None and v.evidence_end is not None]
    others = findings_of_document(session, doc.id)
    uses = _uses(others, doc.id)
    rows = [{**_value(v, cited), "used_by": uses.get(v.key, [])} for v in values]
    kept = has_pages(doc.source_file.format) and files.find(
        doc.source_file.sha256, doc.source_file.format) is not None
    all_pages, views = _page_view(doc, rows, kept, page, constat)
    original_name = file_name(session, doc.duplicate_of_id) if doc.duplicate_of_id else None
    data = {
        "document": {**_document(doc), "file_kept": kept, **_counted(doc, original_name)},
        "values": rows,
        "pages": all_pages,
        "copies": [{"id": i, "file": n} for i, n in copies_of(session, doc.id)],
        "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity,
                      "message": f.message} for f in others],
        "finding": finding,
        "text": text,
    }
    original = original_name
    title = f"{kind_label(doc.kind, doc.amendment_number)} — {doc.source_file.name}"
    return Page("document.html", title, data, tables=("values", "copies", "findings", "pages"),
                context={"source": render_source(text, spans), "original_file": original,
                         "marked": len(spans), "page_views": views,
                         "page_links": _page_links(doc.id, all_pages, views, constat),
                         "page_urls": {n: page_url(doc.id, constat, n) for n in
                                       {v["page"] for v in rows if "page_image" in v}}},
                filename=f"document-{doc.id}")


def page_url(document_id: int, constat: int | None, number: int) -> str:
    """The document page showing page `number` first (the finding kept)."""
    query = {"constat": constat} if constat is not None else {}
    return f"/documents/{document_id}?{urlencode({**query, 'page': number})}#page-{number}"


def _page_view(doc: Document, rows: list[dict[str, Any]], kept: bool, asked: int | None,
               constat: int | None) -> tuple[list[dict[str, Any]], list[PageView]]:
    """Every page (size, image, values) for the JSON, and the few pages drawn."""
    text = doc.source_file.text
    if asked is not None and asked > text.page_count:
        raise HTTPException(404, f"Le document n° {doc.id} n'a pas de page {asked} "
                                 f"(il en a {text.page_count}).")
    if not kept or text.page_sizes is None:
        return [], []
    sizes = page_sizes_of(text.page_sizes, text.page_count)
    boxes = {n: b for n, b in boxes_by_page(rows).items()
             if 1 <= n <= len(sizes) and sizes[n - 1]}
    for v in rows:
        if v["page"] in boxes and v["bbox"] is not None:
            v["page_image"] = page_image_url(doc.id, v["page"])
    everything = [{"number": n, "width": size[0], "height": size[1],
                   "image": page_image_url(doc.id, n), "boxes": len(boxes.get(n, ()))}
                  for n, size in enumerate(sizes, start=1) if size]
    with_boxes = sorted(boxes)
    first_cited = next((n for n in with_boxes if any(b.cited for b in boxes[n])), None)
    shown = [n for n in pages_shown(with_boxes, asked, first_cited) if sizes[n - 1]]
    views = [PageView(n, *sizes[n - 1], page_image_url(doc.id, n),  # type: ignore[misc]
                      boxes.get(n, [])) for n in shown]
    return everything, views


def _page_links(document_id: int, pages: list[dict[str, Any]], views: list[PageView],
                constat: int | None) -> list[dict[str, Any]]:
    """The pages holding values, each a link to show it (and the next ones) first."""
    shown = {v.number for v in views}
    return [{"number": p["number"], "boxes": p["boxes"], "shown": p["number"] in shown,
             "url": page_url(document_id, constat, p["number"])} for p in pages if p["boxes"]]


@router.api_route("/documents/{document_id}/pages/{page}.png", methods=["GET", "HEAD"],
                  name="page_image", include_in_schema=False, response_class=Response)
def page_png(document_id: int, page: int, request: Request, session: SessionDep,
             files: FilesDep) -> Response:
    """Page `page` of the document's kept PDF or image, as a PNG of bounded size."""
    found = page_source(session, document_id)
    if found is None:
        raise HTTPException(404, f"Aucun document n° {document_id}.")
    sha256, fmt, count, sizes = found
    if not has_pages(fmt):
        raise HTTPException(404, f"Le document n° {document_id} n'a pas d'images de pages : "
                                 f"il a été lu depuis un fichier {fmt}.")
    if not 1 <= page <= count:
        raise HTTPException(404, f"Le document n° {document_id} n'a pas de page {page} "
                                 f"(il en a {count}).")
    try:
        image = page_image(files, sha256, fmt, page, page_sizes_of(sizes, count)[page - 1])
    except PageUnavailable as e:
        raise HTTPException(404, f"Page {page} du document n° {document_id} indisponible : "
                                 f"{e.reason}.") from e
    headers = {"Cache-Control": PAGE_CACHE, "ETag": image.etag,
               "Server-Timing": f"render;dur={image.seconds * 1000:.1f}"}
    if image.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(image.path, media_type="image/png", headers=headers)
