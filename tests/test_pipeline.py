"""Ingestion: one file is one transaction; duplicates are recognised; failures are reported."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from calpae import process
from calpae.errors import CalpaeError, UnreadableFile
from calpae.pipeline import IngestStatus, collect_files, ingest_file, ingest_paths
from calpae.store import repository
from calpae.store.files import FileStore
from calpae.store.models import Document, ExtractedValue, SourceFile, SourceText

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/builders (importlib mode)
from builders import seed_pdf

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


@pytest.fixture
def one_page_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "avenant.pdf"
    path.write_bytes(seed_pdf("001", max_pages=1)[1])
    return path


def kept_files(database_url: str) -> list[Path]:
    root = FileStore.for_url(database_url).root
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_is_kept_in_the_file_store_with_its_page_sizes(
        sessions: sessionmaker[Session], database_url: str, one_page_pdf: Path):
    with sessions() as session:
        result = ingest_file(session, one_page_pdf)
        again = ingest_file(session, one_page_pdf)
        text = session.scalars(select(SourceText)).one()
    digest = hashlib.sha256(one_page_pdf.read_bytes()).hexdigest()
    kept = FileStore.for_url(database_url).find(digest, "pdf")
    assert result.status is IngestStatus.STORED and again.status is IngestStatus.DUPLICATE
    assert kept is not None and kept.read_bytes() == one_page_pdf.read_bytes()
    assert kept.parent.parent == Path(database_url.removeprefix("sqlite:///")).parent / "files"
    assert kept_files(database_url) == [kept]
    assert text.page_sizes == [[595.28, 841.89]]


def test_a_text_file_is_not_kept(sessions: sessionmaker[Session], database_url: str,
                                 seed_files: list[Path]):
    with sessions() as session:
        ingest_file(session, seed_files[0])
        assert session.scalars(select(SourceText.page_sizes)).one() is None
    assert kept_files(database_url) == []


def test_a_failed_ingest_leaves_no_kept_file(sessions: sessionmaker[Session], database_url: str,
                                             one_page_pdf: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    def failing_document_row(extraction):
        raise KeyError("document")

    monkeypatch.setattr(repository, "_document_row", failing_document_row)
    with sessions() as session, pytest.raises(CalpaeError):
        ingest_file(session, one_page_pdf)
    assert set(row_counts(sessions).values()) == {0}
    assert kept_files(database_url) == []


def test_a_failed_commit_leaves_no_kept_file(sessions: sessionmaker[Session], database_url: str,
                                            one_page_pdf: Path,
                                            monkeypatch: pytest.MonkeyPatch):
    def fail_with_rows(session: Session) -> None:
        if any(isinstance(row, SourceFile) for row in session):
            raise RuntimeError("disk full")

    with sessions() as session:
        event.listen(session, "before_commit", fail_with_rows)
        with pytest.raises(CalpaeError, match="disk full"):
            ingest_file(session, one_page_pdf)
    assert set(row_counts(sessions).values()) == {0}
    assert kept_files(database_url) == []


def test_a_file_already_kept_is_left_when_the_ingest_fails(
        sessions: sessionmaker[Session], database_url: str, one_page_pdf: Path,
        monkeypatch: pytest.MonkeyPatch):
    data = one_page_pdf.read_bytes()
    kept, _ = FileStore.for_url(database_url).put(data, hashlib.sha256(data).hexdigest(), "pdf")
    monkeypatch.setattr(repository, "_document_row", lambda extraction: 1 / 0)
    with sessions() as session, pytest.raises(CalpaeError):
        ingest_file(session, one_page_pdf)
    assert kept_files(database_url) == [kept]  # not this ingest's: another may name it
