"""`/territoires/{key}`: a territory's dossier — its documents in order (copies linked, with
what matched), each year's actions in force with their budget and execution, the carryovers
and the findings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from calpae.store.models import ActionLine, Document
from calpae.store.territory import Year as DossierYear
from calpae.store.territory import resolve_territory, territory_dossier
from calpae.web.deps import SessionDep, Year
from calpae.web.queries import finding_documents, finding_row, region_name
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

AMOUNTS = ("state", "territory", "other", "total")
EXECUTION = ("engaged", "consumed", "carryover_requested")


def _document(d: Document) -> dict[str, Any]:
    return {"id": d.id, "file": d.source_file.name, "format": d.source_file.format,
            "kind": d.kind, "amendment_number": d.amendment_number, "year": d.exercise_year,
            "in_force": d.effective, "duplicate_of": d.duplicate_of_id,
            "identity_note": d.identity_note, "redacted": d.redacted,
            "state_credits": d.state_amount, "carryover": d.state_carryover}


def _action(year: int, role: str, a: ActionLine) -> dict[str, Any]:
    return {"year": year, "role": role, "document_id": a.document_id, "ref": a.ref,
            "section": a.section, "theme": a.theme, "measure": a.measure, "title": a.title,
            **{k: getattr(a, k) for k in (*AMOUNTS, *EXECUTION)}}


def _sum(rows: list[ActionLine], name: str) -> float | None:
    values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
    return sum(values) if values else None


def _year(y: DossierYear) -> dict[str, Any]:
    planned = _sum(y.executed, "total")
    consumed = _sum(y.executed, "consumed")
    return {"year": y.year, "in_force": y.funding.id if y.funding else None,
            "report": y.report.id if y.report else None,
            "state_credits": y.funding.state_amount if y.funding else None,
            "carryover": y.funding.state_carryover if y.funding else None,
            "actions_state": _sum(y.actions, "state"), "actions_total": _sum(y.actions, "total"),
            "engaged": _sum(y.executed, "engaged"), "consumed": consumed,
            "carryover_requested": _sum(y.executed, "carryover_requested"),
            "execution_rate": consumed / planned if planned and consumed is not None else None}


def merged_rows(y: DossierYear) -> list[dict[str, Any]]:
    """Each fiche in force with its execution from the year's report (matched by number);
    the report's fiches alone when no convention or avenant is stored for the year."""
    executed = {a.ref: a for a in y.executed if a.ref}
    rows = []
    for a in y.actions or y.executed:
        e = a if not y.actions else executed.get(a.ref or "")
        planned = (e.total if e is not None and e.total is not None else a.total)
        consumed = e.consumed if e is not None else None
        rows.append({"action": a, "execution": e,
                     "rate": consumed / planned if planned and consumed is not None else None})
    return rows


@pages("/territoires/{key}", name="territory", summary="Dossier d'un territoire")
def territory(key: str, session: SessionDep, annee: Year = None) -> Page:
    """Le dossier d'un territoire (code INSEE, nom ou clé) : documents, actions en vigueur et
    exécution par exercice, reports de crédits, constats. Filtre : `annee`."""
    resolved = resolve_territory(session, key)
    dossier = territory_dossier(session, resolved, annee) if resolved else None
    if dossier is None:
        raise HTTPException(404, f"Aucun document enregistré pour le territoire « {key} ».")
    region = next((d.region_code for d in dossier.documents if d.region_code), None)
    names = {dossier.key: dossier.name or dossier.key}
    documents = finding_documents(session, [f.id for f in dossier.findings])
    findings = [finding_row(f, documents[f.id], names) for f in dossier.findings]
    data = {
        "territory": {"key": dossier.key, "name": dossier.name, "region_code": region,
                      "region": region_name(region)},
        "filters": {"year": annee},
        "documents": [_document(d) for d in dossier.documents],
        "years": [_year(y) for y in dossier.years],
        "actions": [_action(y.year, role, a) for y in dossier.years
                    for role, lines in (("budget", y.actions), ("execution", y.executed))
                    for a in lines],
        "findings": findings,
    }
    by_year: dict[int | None, list[dict[str, Any]]] = {}
    for f in findings:
        by_year.setdefault(f["year"], []).append(f)
    shown = {y.year for y in dossier.years}
    files = {d.id: d.source_file.name for d in dossier.documents}
    return Page("territory.html", f"Dossier {dossier.name or dossier.key}", data,
                tables=("actions", "documents", "years", "findings"),
                context={"years": [(y, _year(y), merged_rows(y)) for y in dossier.years],
                         "findings_by_year": by_year, "files": files,
                         "other_findings": [f for f in findings if f["year"] not in shown]},
                filename=f"territoire-{dossier.key}")
