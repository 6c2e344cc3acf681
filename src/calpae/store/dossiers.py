"""After a document is stored: link it to its other copies, say which documents are in force
for each year of its territory, and recompute the territory's findings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from calpae.checks import CheckedDocument, DocumentRef, check_documents
from calpae.checks import Finding as Found
from calpae.checks.identity import Copy, duplicate_finding, group_copies
from calpae.checks.model import CheckSettings, is_amount
from calpae.checks.registry import Context
from calpae.store.models import Document, Finding, FindingDocument, SourceFile, utc_now
from calpae.store.rebuild import extraction_of


def _copy(doc: Document) -> Copy:
    amounts = [float(v.value) for v in doc.values if is_amount(v.path, v.value)]
    source = doc.source_file
    ocr = any("ocr" in str(note).lower() for note in source.reader_notes or ())
    return Copy.of(doc.id, source.name, doc.kind, doc.territory_key, doc.exercise_year,
                   doc.amendment_number, amounts, source.text.text, doc.redacted,
                   len(doc.values), source.format, ocr)


def _territory_documents(session: Session, key: str | None) -> list[Document]:
    query = (select(Document).where(Document.territory_key.is_(None) if key is None
                                    else Document.territory_key == key)
             .options(selectinload(Document.values), selectinload(Document.source_file)
                      .selectinload(SourceFile.text))
             .order_by(Document.id))
    return list(session.scalars(query))


def link_copies(documents: Sequence[Document]) -> dict[int, str]:
    """Group the territory's documents into copies of one document; in each group the
    preferred copy (unredacted, richest) stands alone and the others point to it. Returns,
    for each copy left out, what matched (in French)."""
    rows = {d.id: d for d in documents}
    matched: dict[int, str] = {}
    for best, others in group_copies([_copy(d) for d in documents]):
        rows[best.id].duplicate_of_id = None
        rows[best.id].identity_note = None if not others else (
            f"Copie retenue parmi {len(others) + 1} fichiers du même document.")
        for copy, match in others:
            matched[copy.id] = match.note(best, copy)
            rows[copy.id].duplicate_of_id = best.id
            rows[copy.id].identity_note = (f"Même document que {best.name} (copie retenue) : "
                                           f"{matched[copy.id]}.")
    return matched


def mark_effective(documents: Sequence[Document]) -> None:
    """Per year: the latest avenant of the year, else the convention of that year, sets the
    actions and credits; each year's report gives its execution."""
    distinct = [d for d in documents if d.duplicate_of_id is None]
    for d in documents:
        d.effective = False
    by_year: dict[tuple[int | None, str], list[Document]] = {}
    for d in distinct:
        if d.kind not in ("convention", "avenant", "rapport_execution"):
            continue  # a document of unknown kind sets nothing
        role = "report" if d.kind == "rapport_execution" else "funding"
        by_year.setdefault((d.exercise_year, role), []).append(d)
    for (_year, _role), docs in by_year.items():
        docs.sort(key=lambda d: (d.kind == "avenant", d.amendment_number or 0, d.id))
        docs[-1].effective = True


def recompute_findings(session: Session, key: str | None, documents: Sequence[Document],
                       matched: dict[int, str] | None = None,
                       settings: CheckSettings | None = None) -> list[Found]:
    """Run every rule on the territory's distinct documents and store what they find; a
    finding found again keeps its row (and, later, its review); one no longer found goes."""
    rows = {d.id: d for d in documents}
    checked = [CheckedDocument(DocumentRef(d.source_file.name, d.id),
                               extraction_of(d, d.source_file.name))
               for d in documents if d.duplicate_of_id is None]
    found = check_documents(checked, settings)
    found.extend(_duplicate_findings(documents, matched or {},
                                     settings or CheckSettings.from_env()))
    known = {f.identity: f for f in session.scalars(
        select(Finding).where(Finding.territory_key.is_(None) if key is None
                              else Finding.territory_key == key)
        .options(selectinload(Finding.documents)))}
    missing = [f.identity for f in found if f.identity not in known]
    elsewhere = {f.identity: f for f in session.scalars(  # moved from another territory
        select(Finding).where(Finding.identity.in_(missing))
        .options(selectinload(Finding.documents)))} if missing else {}
    now = utc_now()
    keep = set()
    with session.no_autoflush:  # one flush at the end, not one per finding
        for finding in found:
            row = known.get(finding.identity) or elsewhere.get(finding.identity)
            if row is None:
                row = Finding(identity=finding.identity, first_seen_at=now, documents=[])
                session.add(row)
                known[finding.identity] = row
            row.rule, row.severity = finding.rule, finding.severity.value
            row.territory_key = key
            row.year = _year_of(finding, rows)
            row.message, row.explanation = finding.message, finding.explanation
            row.cited = [c.to_json() for c in finding.cited]
            row.computed_at = now
            row.documents = [rows[d.id] for d in finding.all_documents if d.id in rows]
            keep.add(finding.identity)
    stale = [f.id for i, f in known.items() if i not in keep]
    if stale:
        session.execute(delete(FindingDocument).where(FindingDocument.finding_id.in_(stale)))
        session.execute(delete(Finding).where(Finding.id.in_(stale)))
    return found


def _year_of(finding: Found, rows: dict[int, Document]) -> int | None:
    years = [rows[d.id].exercise_year for d in finding.all_documents if d.id in rows]
    return max((y for y in years if y is not None), default=None)


def _duplicate_findings(documents: Sequence[Document], matched: dict[int, str],
                        settings: CheckSettings) -> list[Found]:
    ctx = Context(settings)
    out = []
    by_id = {d.id: d for d in documents}
    for d in documents:
        best = by_id.get(d.duplicate_of_id or -1)
        if best is None:
            continue
        kept, copy = (CheckedDocument(DocumentRef(x.source_file.name, x.id),
                                      extraction_of(x, x.source_file.name)) for x in (best, d))
        out.append(duplicate_finding(ctx, kept, copy, matched.get(d.id, "")))
    return out


def refresh_territory(session: Session, key: str | None,
                      settings: CheckSettings | None = None) -> list[Found]:
    """Identity, documents in force and findings of one territory, after it changed."""
    documents = _territory_documents(session, key)
    matched = link_copies(documents)
    mark_effective(documents)
    session.flush()
    return recompute_findings(session, key, documents, matched, settings)
