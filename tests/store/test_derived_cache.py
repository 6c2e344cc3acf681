"""A refresh rebuilds only the documents it has not seen: what it derived from the others
(identity, extraction) is kept, and the findings are the same as when rebuilt every time."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

import calpae.store.dossiers as dossiers
from calpae.pipeline import ingest_file
from calpae.store import open_store
from calpae.store.models import Document, Finding


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the documents whose extraction a refresh rebuilt, in order."""
    seen: list[int] = []
    real = dossiers.extraction_of

    def counting(document, name):
        seen.append(document.id)
        return real(document, name)

    monkeypatch.setattr(dossiers, "extraction_of", counting)
    return seen


def _findings(url: str) -> list[tuple[str, str]]:
    with open_store(url) as sessions, sessions() as session:
        return sorted((f.identity, f.message) for f in session.scalars(select(Finding)))


def test_a_refresh_rebuilds_only_new_documents(tmp_path: Path, seed_files: list[Path],
                                               rebuilt: list[int]) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    with open_store(url) as sessions, sessions() as session:
        for path in seed_files[:2]:  # two documents of one territory
            ingest_file(session, path)
        ids = list(session.scalars(select(Document.id).order_by(Document.id)))
        keys = set(session.scalars(select(Document.territory_key)))
    assert len(ids) == 2 and len(keys) == 1
    assert rebuilt == ids  # the second ingest did not rebuild the first document
    dossiers.forget_document(ids[0])
    with open_store(url) as sessions, sessions() as session:
        dossiers.refresh_territory(session, keys.pop())
        session.commit()
    assert rebuilt == [*ids, ids[0]]


def test_kept_derivations_give_the_same_findings(tmp_path: Path, seed_files: list[Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    kept, fresh = f"sqlite:///{tmp_path / 'kept.sqlite3'}", f"sqlite:///{tmp_path / 'f.sqlite3'}"
    with open_store(kept) as sessions, sessions() as session:
        for path in seed_files:
            ingest_file(session, path)
    monkeypatch.setattr(dossiers, "_DERIVED_MAX", 0)  # nothing kept: rebuilt every time
    with open_store(fresh) as sessions, sessions() as session:
        for path in seed_files:
            ingest_file(session, path)
    assert _findings(kept) == _findings(fresh) != []
