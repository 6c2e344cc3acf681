"""A territory's documents sorted by kind and year, as the dossier rules read them."""

from __future__ import annotations

from collections.abc import Sequence

from calpae.checks.model import CheckedDocument, value_of


def year_of(doc: CheckedDocument) -> int | None:
    """The document's exercise; a convention that prints only its period starts with it."""
    if doc.year is not None:
        return int(doc.year)
    found = period(doc) if doc.kind == "convention" else None
    return found[0] if found else None


def of_kind(docs: Sequence[CheckedDocument], kind: str) -> list[CheckedDocument]:
    found = [d for d in docs if d.kind == kind and year_of(d) is not None]
    return sorted(found, key=lambda d: (year_of(d) or 0, number(d) or 0, d.ref.name))


def number(doc: CheckedDocument) -> int | None:
    found = value_of(doc.extraction.document.amendment_number)
    return None if found is None else int(found)


def period(doc: CheckedDocument) -> tuple[int, int] | None:
    found = value_of(doc.extraction.document.convention_period)
    if found and len(found) == 2:
        return int(found[0]), int(found[1])
    return None


def covering_convention(docs: Sequence[CheckedDocument],
                        year: int) -> CheckedDocument | None:
    """The convention whose period holds `year` (a convention without a period: its year)."""
    for conv in of_kind(docs, "convention"):
        first, last = period(conv) or (year_of(conv) or 0, year_of(conv) or 0)
        if first <= year <= last:
            return conv
    return None


def name(doc: CheckedDocument) -> str:
    kinds = {"convention": "convention", "avenant": "avenant",
             "rapport_execution": "rapport d'exécution"}
    n = number(doc)
    label = kinds.get(doc.kind or "", "document")
    if doc.kind == "avenant" and n is not None:
        label += f" n°{n}"
    return f"{label} {year_of(doc)}" if year_of(doc) is not None else label
