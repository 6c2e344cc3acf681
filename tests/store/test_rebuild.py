"""The extraction rebuilt from the stored values is the extraction that was stored: the same
paths, keys, values, statuses and evidence, so that every rule runs the same on both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calpae.checks import CheckedDocument, CheckSettings, DocumentRef, check_documents
from calpae.extract.models import Extraction
from calpae.model import Extracted, ReadStatus, iter_extracted
from calpae.pipeline import IngestStatus, ingest_paths
from calpae.process import extract_file
from calpae.readers import read_bytes
from calpae.store import open_store, save_extraction
from calpae.store.models import Document, SourceFile
from calpae.store.rebuild import extraction_of

TESTS = Path(__file__).resolve().parents[1]
SEEDS = sorted((TESTS.parent / ".." / "shared" / "seeds").glob("*.txt"))
UNSEEN = sorted(p for p in (TESTS / "unseen" / "docs").iterdir() if p.suffix != ".json")
FILES = SEEDS + UNSEEN


def evidence_of(found: Extracted) -> tuple:
    ev = found.evidence
    covering = None if ev is None else (ev.start, ev.end, ev.line, ev.text, ev.page, ev.bbox)
    return (found.spans, covering, tuple((p.start, p.end, p.line, p.text) for p in found.parts))


def flat(extraction: Extraction) -> list[tuple]:
    return [(at.path, at.key, at.value.value, type(at.value.value).__name__
             if isinstance(at.value.value, dt.date | str | bool) else "number",
             at.value.status, at.value.reason) for at in iter_extracted(extraction)]


def evidence(extraction: Extraction) -> list[tuple]:
    return [(at.path, *evidence_of(at.value)) for at in iter_extracted(extraction)]


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Iterator[sessionmaker[Session]]:
    url = "sqlite:///" + str(tmp_path_factory.mktemp("rebuild") / "calpae.sqlite3")
    with open_store(url) as factory:
        with factory() as session:
            results = list(ingest_paths(session, FILES))
        assert [r.status for r in results] == [IngestStatus.STORED] * len(FILES)
        yield factory


def test_the_seeds_and_unseen_documents_are_all_there():
    assert len(SEEDS) == 5 and len(UNSEEN) >= 14


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_rebuilt_extraction_is_the_fresh_one(stored: sessionmaker[Session], path: Path):
    with stored() as session:
        document = session.scalar(select(Document).join(Document.source_file)
                                  .where(SourceFile.name == path.name))
        assert document is not None
        rebuilt = extraction_of(document, document.source_file.name)
    _source, fresh = extract_file(path)
    assert flat(rebuilt) == flat(fresh)
    assert evidence(rebuilt) == evidence(fresh)
    assert rebuilt.source == path.name
    settings = CheckSettings()
    said = [check_documents([CheckedDocument(DocumentRef(path.name), ex)], settings, False)
            for ex in (rebuilt, fresh)]
    assert [(f.identity, f.message) for f in said[0]] == [(f.identity, f.message) for f in said[1]]


def test_statuses_reasons_and_the_parts_of_a_sum_come_back(sessions: sessionmaker[Session]):
    import sys

    sys.path.insert(0, str(TESTS))
    from checks.builders import convention, repaired

    built = convention(change={"financial_summary.total.state": repaired(
        634_700.45, "chiffre reconstitué")})
    state = [a.budget.state for a in built.extraction.actions]
    total = built.source.anchor(Extracted.derived(1_000.5, state[:2], "somme des parts"))
    built.extraction.actions[0].budget.year = total.but(value=2019)
    with sessions.begin() as session:
        row = save_extraction(session, built.source, built.extraction)
        rebuilt = extraction_of(row.document, row.name)
    assert flat(rebuilt) == flat(built.extraction)
    assert evidence(rebuilt) == evidence(built.extraction)
    year = rebuilt.actions[0].budget.year
    assert (year.status, year.reason, len(year.parts)) == (ReadStatus.INFERRED,
                                                          "somme des parts", 2)
    assert rebuilt.financial_summary.total.state.status is ReadStatus.REPAIRED
    assert isinstance(rebuilt.document.signature.date.value, dt.date)


def test_a_document_with_no_value_rebuilds_empty(sessions: sessionmaker[Session]):
    from calpae.extract.models import DocumentBlock

    source = read_bytes(b"rien\n", "vide.txt")
    with sessions.begin() as session:
        row = save_extraction(session, source, Extraction("vide.txt", DocumentBlock()))
        rebuilt = extraction_of(row.document, row.name)
    assert list(iter_extracted(rebuilt)) == []
    assert rebuilt.financial_summary is None and rebuilt.actions == []
