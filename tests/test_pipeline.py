"""Ingestion: one file is one transaction; duplicates are recognised; failures are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calpae import process
from calpae.errors import CalpaeError, UnreadableFile
from calpae.pipeline import IngestStatus, collect_files, ingest_file, ingest_paths
from calpae.store import repository
from calpae.store.models import Document, ExtractedValue, SourceFile, SourceText

TABLES = (SourceFile, SourceText, Document, ExtractedValue)


def row_counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {t.__tablename__: session.scalar(select(func.count()).select_from(t))
                for t in TABLES}


def test_a_seed_is_stored_once(sessions: sessionmaker[Session], seed_files: list[Path]):
    with sessions() as session:
        first = ingest_file(session, seed_files[0])
        again = ingest_file(session, seed_files[0])
    assert first.status is IngestStatus.STORED
    assert first.format == "text"
    assert again.status is IngestStatus.DUPLICATE
    assert again.document_id == first.document_id
    counts = row_counts(sessions)
    assert counts["source_files"] == counts["documents"] == counts["source_texts"] == 1


def test_a_copy_under_another_name_is_a_duplicate(sessions: sessionmaker[Session],
                                                  seed_files: list[Path], tmp_path: Path):
    copy = tmp_path / "copie.txt"
    copy.write_bytes(seed_files[0].read_bytes())
    with sessions() as session:
        ingest_file(session, seed_files[0])
        assert ingest_file(session, copy).status is IngestStatus.DUPLICATE


def test_a_failing_store_step_leaves_nothing_behind(sessions: sessionmaker[Session],
                                                    seed_files: list[Path],
                                                    monkeypatch: pytest.MonkeyPatch):
    real_flush = Session.flush

    def flush_then_fail(self: Session, *args, **kwargs):
        real_flush(self, *args, **kwargs)  # the rows are in the database's transaction now
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "flush", flush_then_fail)
    with sessions() as session, pytest.raises(CalpaeError) as caught:
        ingest_file(session, seed_files[0])
    monkeypatch.undo()
    assert seed_files[0].name in caught.value.message
    assert "erreur inattendue" in caught.value.message
    assert set(row_counts(sessions).values()) == {0}


def test_a_failing_extraction_leaves_nothing_and_spares_the_other_files(
        sessions: sessionmaker[Session], seed_files: list[Path],
        monkeypatch: pytest.MonkeyPatch):
    bad, good = seed_files[0], seed_files[1]
    real_extract = process.extract

    def extract_or_fail(source):
        if source.file.name == bad.name:
            raise ValueError("boom")
        return real_extract(source)

    monkeypatch.setattr(process, "extract", extract_or_fail)
    with sessions() as session:
        results = list(ingest_paths(session, [bad, good]))
    assert [r.status for r in results] == [IngestStatus.FAILED, IngestStatus.STORED]
    assert "boom" in results[0].error.message
    with sessions() as session:
        assert list(session.scalars(select(SourceFile.name))) == [good.name]


def test_a_failure_after_the_source_row_rolls_it_back(sessions: sessionmaker[Session],
                                                      seed_files: list[Path],
                                                      monkeypatch: pytest.MonkeyPatch):
    def failing_document_row(extraction):
        raise KeyError("document")

    monkeypatch.setattr(repository, "_document_row", failing_document_row)
    with sessions() as session, pytest.raises(CalpaeError):
        ingest_file(session, seed_files[0])
    assert set(row_counts(sessions).values()) == {0}


def test_a_missing_file_is_an_unreadable_file(sessions: sessionmaker[Session], tmp_path: Path):
    with sessions() as session, pytest.raises(UnreadableFile, match="introuvable"):
        ingest_file(session, tmp_path / "absent.txt")


def test_folders_are_walked_recursively_without_hidden_files(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    for name in ("a/b/2.txt", "a/1.md", ".cache/x.txt", "a/.DS_Store", "z.txt"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in collect_files([tmp_path])]
    assert found == ["z.txt", "a/1.md", "a/b/2.txt"]
    assert list(collect_files([tmp_path / "nope"])) == [tmp_path / "nope"]


def test_stored_evidence_points_into_the_stored_text(sessions: sessionmaker[Session],
                                                     seed_files: list[Path]):
    with sessions() as session:
        ingest_file(session, seed_files[0])
        text = session.scalars(select(SourceText.text)).one()
        spans = session.execute(select(ExtractedValue.evidence_start, ExtractedValue.evidence_end,
                                       ExtractedValue.evidence_text)
                                .where(ExtractedValue.evidence_start.is_not(None))).all()
    assert spans, "the seed gave no value with evidence"
    assert all(text[start:end] == shown for start, end, shown in spans)
