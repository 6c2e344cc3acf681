"""`/documents/{id}`: the source text as read, line by line, every extracted value marked where
it was read, the list of values beside it; `?constat=ID` marks the values a finding compares.

Page images of PDFs (the value's box drawn on the page) come later: the text layer or OCR
text is what the offsets point into, so it is what is shown.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BeforeValidator

from calpae.store.models import Document, ExtractedValue, Finding
from calpae.web.deps import SessionDep, blank_is_none
from calpae.web.formatting import kind_label
from calpae.web.highlight import Span, render_source
from calpae.web.queries import (
    copies_of,
    file_name,
    findings_of_document,
    load_document,
    region_name,
)
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

Constat = Annotated[int | None, BeforeValidator(blank_is_none),
                    Query(description="Identifiant d'un constat : ses valeurs comparées sont "
                                      "mises en évidence.")]


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


@pages("/documents/{document_id}", name="document",
       summary="Un document : son texte lu et chaque valeur extraite avec sa preuve")
def document(document_id: int, session: SessionDep, constat: Constat = None) -> Page:
    """Le texte du document tel qu'il a été lu (les positions des preuves y renvoient), les
    valeurs extraites (clé, valeur, statut, raison, ligne, position) et, avec `constat`,
    le constat dont les valeurs comparées sont marquées `cited`."""
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
    data = {
        "document": _document(doc),
        "values": [_value(v, cited) for v in values],
        "copies": [{"id": i, "file": n} for i, n in copies_of(session, doc.id)],
        "findings": [{"id": f.id, "rule": f.rule, "severity": f.severity,
                      "message": f.message} for f in others],
        "finding": finding,
        "text": text,
    }
    original = file_name(session, doc.duplicate_of_id) if doc.duplicate_of_id else None
    title = f"{kind_label(doc.kind, doc.amendment_number)} — {doc.source_file.name}"
    return Page("document.html", title, data, tables=("values", "copies", "findings"),
                context={"source": render_source(text, spans), "original_file": original,
                         "marked": len(spans)},
                filename=f"document-{doc.id}")
