"""The calpae-json/1 object a demo document states (SCHEMA.md), read back from its plan and
the layout its style chose — what a careful reader copies from the page, never a sum."""

from __future__ import annotations

from datetime import date
from typing import Any

from calpae.demo.plan import AVENANT, REPORT, Document

AMOUNT_KEYS = ("total", "state", "territory", "carryover", "other", "consumed")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _money(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _cell(value: float | None, zero: str) -> float | int | None:
    """A table cell as read: empty cells are null, `- €` and `0 €` are 0."""
    if value is None or (value == 0 and not zero.strip()):
        return None
    return _money(value)


def _document(doc: Document) -> dict[str, Any]:
    redacted = bool(doc.layout.get("redacted"))
    report = doc.kind == REPORT
    signed_by = not report
    carry = doc.carryover if doc.kind != "convention" else None
    if report and not doc.layout.get("report_carryover", True):
        carry = None
    total = None
    if doc.layout.get("total_stated"):
        total = _money(round(doc.state_amount + (doc.carryover or 0), 2))
    return {
        "kind": doc.kind,
        "amendment_number": doc.amendment_number if doc.kind == AVENANT else None,
        "exercise_year": doc.year,
        "convention_period": list(doc.period) if doc.layout.get("period_stated", True) else None,
        "territory": {"kind": "departement", "name": doc.place.name, "code": doc.place.code},
        "redacted": redacted,
        "state_signatory": {
            "name": None if redacted or report else doc.prefect.name,
            "title": None if report else doc.layout["prefect_title"]},
        "territory_signatory": {
            "name": None if redacted or not signed_by else doc.president.name,
            "title": doc.layout["president_title"] if signed_by else None},
        "legal_bases": [{"kind": b.kind, "reference": b.reference, "date": _iso(b.date)}
                        for b in doc.legal_bases],
        "base_convention_date": _iso(doc.base_convention_date),
        "deliberation": {"body": doc.deliberation_body, "date": _iso(doc.deliberation_date)},
        "signature": {"place": doc.place.chef_lieu, "date": _iso(doc.signature_date)},
        "state_funding": {"amount": _money(doc.state_amount),
                          "carryover": _money(carry) if carry else (0 if carry == 0 and
                                                                    doc.kind == AVENANT else None),
                          "total": total},
    }


def _actions(doc: Document) -> list[dict[str, Any]]:
    out = []
    for a in doc.actions:
        execution = None
        if doc.kind == REPORT:
            execution = {"engaged": _money(a.engaged), "consumed": _money(a.consumed),
                         "carryover_requested": _money(a.carryover_requested)}
        out.append({"ref": a.ref, "section": a.section, "title": a.title,
                    "budget": {"year": doc.year, "state": _money(a.state),
                               "territory": _money(a.territory),
                               "other": _money(a.other) if a.other else None,
                               "total": _money(a.total)},
                    "execution": execution})
    return out


def _summary(doc: Document) -> dict[str, Any] | None:
    columns = doc.layout.get("table")
    if not columns:
        return None
    zero = doc.layout.get("zero", "0 €")

    def amounts(values: object) -> dict[str, Any]:
        return {k: _cell(getattr(values, k), zero) if k in columns else None
                for k in AMOUNT_KEYS}

    rows = [{"label": r.label, "action_ref": r.ref, **amounts(r)} for r in doc.rows]
    return {"rows": rows, "total": amounts(doc.table_total)}


def expected(doc: Document) -> dict[str, Any]:
    """The calpae-json/1 object of a written document (its `file` and `layout` set)."""
    return {"format": "calpae-json/1", "source": doc.file, "document": _document(doc),
            "actions": _actions(doc), "financial_summary": _summary(doc)}
