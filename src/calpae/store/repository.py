"""Save one document's extraction and query what is stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from calpae.checks.model import territory_key
from calpae.checks.themes import theme_of
from calpae.extract import to_calpae_json
from calpae.extract.models import Action, Budget, Execution, Extraction
from calpae.model import (
    Evidence,
    Extracted,
    SourceDocument,
    ValueAt,
    item_keys,
    iter_extracted,
    to_tree,
)
from calpae.store.models import ActionLine, Document, ExtractedValue, SourceFile, SourceText
from calpae.values.territories import region_of


def find_source(session: Session, sha256: str) -> SourceFile | None:
    return session.scalar(select(SourceFile).where(SourceFile.sha256 == sha256))


def _plain(value: Extracted[Any] | None) -> Any:
    return None if value is None else value.value


def _value_row(at: ValueAt) -> ExtractedValue:
    extracted = at.value
    evidence: Evidence | None = extracted.evidence
    bbox = evidence.bbox if evidence is not None and evidence.bbox else (None,) * 4
    return ExtractedValue(
        path=at.path,
        key=at.key,
        value=to_tree(extracted.value),
        status=str(extracted.status),
        reason=extracted.reason,
        parts=[p.to_json() for p in extracted.parts] or None,
        evidence_start=evidence.start if evidence else None,
        evidence_end=evidence.end if evidence else None,
        evidence_line=evidence.line if evidence else None,
        evidence_page=evidence.page if evidence else None,
        bbox_x0=bbox[0], bbox_y0=bbox[1], bbox_x1=bbox[2], bbox_y1=bbox[3],
        evidence_text=evidence.text if evidence else None,
    )


def _action_line(at_key: str, action: Action) -> ActionLine:
    budget, execution = action.budget or Budget(), action.execution or Execution()
    return ActionLine(
        key=at_key, ref=_plain(action.ref), section=_plain(action.section),
        measure=_clip(_plain(action.measure), 512), title=_plain(action.title),
        theme=theme_of(_plain(action.section), _plain(action.measure), _plain(action.title),
                       _plain(action.heading)),
        year=_plain(budget.year), state=_plain(budget.state),
        territory=_plain(budget.territory), other=_plain(budget.other),
        total=_plain(budget.total), engaged=_plain(execution.engaged),
        consumed=_plain(execution.consumed),
        carryover_requested=_plain(execution.carryover_requested))


def _clip(text: str | None, size: int) -> str | None:
    return None if text is None else text[:size]


def action_lines(extraction: Extraction) -> list[ActionLine]:
    keys = item_keys(extraction.actions)
    return [_action_line(f"actions[{k}]", a) for k, a in zip(keys, extraction.actions,
                                                             strict=True)]


def _document_row(extraction: Extraction) -> Document:
    block = extraction.document
    kind, code = _plain(block.territory.kind), _plain(block.territory.code)
    region = region_of(kind, code)
    return Document(
        kind=_plain(block.kind),
        amendment_number=_plain(block.amendment_number),
        exercise_year=_plain(block.exercise_year),
        territory_kind=_plain(block.territory.kind),
        territory_name=_plain(block.territory.name),
        territory_code=_plain(block.territory.code),
        action_count=len(extraction.actions),
        calpae_json=to_calpae_json(extraction),
        values=[_value_row(at) for at in iter_extracted(extraction)],
        territory_key=territory_key(kind, _plain(block.territory.name), code),
        region_code=region.code if region else None,
        redacted=bool(_plain(block.redacted)),
        state_amount=_plain(block.state_funding.amount),
        state_carryover=_plain(block.state_funding.carryover),
        action_lines=action_lines(extraction),
    )


def page_sizes(source: SourceDocument) -> list[list[float] | None] | None:
    """Each page's [width, height] in points, as the reader measured it (None: no pages)."""
    if not source.pages:
        return None
    return [[round(p.width, 2), round(p.height, 2)] if p.width and p.height else None
            for p in source.pages]


def save_extraction(session: Session, source: SourceDocument,
                    extraction: Extraction) -> SourceFile:
    """Add the source file, its text, its document and every extracted value (not committed)."""
    info = source.file
    row = SourceFile(
        sha256=info.sha256, name=info.name, size=info.size, format=info.format,
        reader_notes=list(source.notes),
        text=SourceText(text=source.text, line_count=len(source.lines),
                        page_count=len(source.pages), page_sizes=page_sizes(source)),
        document=_document_row(extraction),
    )
    session.add(row)
    session.flush()
    return row


def list_documents(session: Session) -> list[Document]:
    query = (select(Document).join(Document.source_file)
             .options(joinedload(Document.source_file))
             .order_by(SourceFile.ingested_at, Document.id))
    return list(session.scalars(query))
