"""After a document is stored: link it to its other copies, say which documents are in force
for each year of its territory, and recompute the territory's findings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import delete, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, object_session, selectinload

from calpae.checks import CheckedDocument, DocumentRef, check_documents
from calpae.checks import Finding as Found
from calpae.checks.identity import Copy, duplicate_finding, group_copies
from calpae.checks.model import CheckSettings, is_amount
from calpae.checks.registry import Context
from calpae.store.models import (
    Document,
    ExtractedValue,
    Finding,
    FindingDocument,
    SourceFile,
    utc_now,
)
from calpae.store.rebuild import extraction_of

# What a refresh derives from each stored document (its identity and its extraction as the
# rules see it), kept between refreshes in this process: rebuilding them for every document of
# the territory at each ingest was most of an ingest's time under SQLite's write lock. A
# document's values never change once stored; whoever changes them (a correction) must call
# `forget_document`.
_DERIVED_MAX = 4096
_derived: OrderedDict[tuple[str, int, str, str], dict[str, Any]] = OrderedDict()
_derived_lock = threading.Lock()


def forget_document(document_id: int) -> None:
    """Drop what was derived from the document (its values changed)."""
    with _derived_lock:
        for key in [k for k in _derived if k[1] == document_id]:
            del _derived[key]


# a refresh itself sets these on the documents: they change nothing derived
_REFRESH_COLUMNS = frozenset({"duplicate_of_id", "identity_note", "effective"})
_DERIVED_TABLES = frozenset({"extracted_values", "documents", "source_files", "source_texts"})


def _forget_all() -> None:
    with _derived_lock:
        _derived.clear()


@event.listens_for(Session, "do_orm_execute")
def _on_statement(state: ORMExecuteState) -> None:
    """A bulk change of values or documents (a correction): nothing derived is trusted."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(getattr(state.statement, "table", None), "name", None)
        if table in _DERIVED_TABLES and not state.is_insert:
            _forget_all()


@event.listens_for(Session, "after_flush")
def _on_flush(session: Session, _context: object) -> None:
    """Values or documents changed one by one: forget what was derived from them."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, ExtractedValue):
            forget_document(obj.document_id)
        elif isinstance(obj, Document):
            changed = {a.key for a in inspect(obj).attrs if a.history.has_changes()}
            if obj in session.deleted or changed - _REFRESH_COLUMNS:
                forget_document(obj.id)


def _key(doc: Document) -> tuple[str, int, str, str]:
    """The database, the row and its file: ids are only unique within one database."""
    session = object_session(doc)
    database = str(session.get_bind().url) if session is not None else ""
    return (database, doc.id, doc.source_file.sha256, doc.source_file.name)


def _derived_of(doc: Document, kind: str, make: Callable[[Document], Any]) -> Any:
    """What `make` derives from the document (its Copy, its CheckedDocument), made once."""
    key = _key(doc)
    with _derived_lock:
        slot = _derived.get(key)
        if slot is not None and kind in slot:
            _derived.move_to_end(key)
            return slot[kind]
    made = make(doc)
    if not key[0]:  # not from a database: nothing to keep it for
        return made
    with _derived_lock:
        _derived.setdefault(key, {})[kind] = made
        while len(_derived) > _DERIVED_MAX:
            _derived.popitem(last=False)
    return made


def _checked(doc: Document) -> CheckedDocument:
    return _derived_of(doc, "checked", lambda d: CheckedDocument(
        DocumentRef(d.source_file.name, d.id), extraction_of(d, d.source_file.name)))


def _identity(doc: Document) -> Copy:
    return _derived_of(doc, "copy", _copy)


def _copy(doc: Document) -> Copy:
    amounts = [float(v.value) for v in doc.values if is_amount(v.path, v.value)]
    source = doc.source_file
    ocr = any("ocr" in str(note).lower() for note in source.reader_notes or ())
    return Copy.of(doc.id, source.name, doc.kind, doc.territory_key, doc.exercise_year,
                   doc.amendment_number, amounts, source.text.text, doc.redacted,
                   len(doc.values), source.format, ocr)


def _territory_documents(session: Session, key: str | None) -> list[Document]:
    """The territory's documents; values and texts loaded only for those not derived yet."""
    query = (select(Document).where(Document.territory_key.is_(None) if key is None
                                    else Document.territory_key == key)
             .options(selectinload(Document.source_file)).order_by(Document.id))
    documents = list(session.scalars(query))
    with _derived_lock:
        missing = [d.id for d in documents
                   if not {"copy", "checked"} <= _derived.get(_key(d), {}).keys()]
    if missing:
        list(session.scalars(select(Document).where(Document.id.in_(missing)).options(
            selectinload(Document.values),
            selectinload(Document.source_file).selectinload(SourceFile.text))))
    return documents


def link_copies(documents: Sequence[Document]) -> dict[int, str]:
    """Group the territory's documents into copies of one document; in each group the
    preferred copy (unredacted, richest) stands alone and the others point to it. Returns,
    for each copy left out, what matched (in French)."""
    rows = {d.id: d for d in documents}
    matched: dict[int, str] = {}
    for best, others in group_copies([_identity(d) for d in documents]):
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
    checked = [_checked(d) for d in documents if d.duplicate_of_id is None]
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
        kept, copy = _checked(best), _checked(d)
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
