"""One database for the web tests: the seeds, the unseen documents and a seed with a line of
HTML in it, ingested once; a client on the application over it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calpae.pipeline import ingest_paths
from calpae.store import open_store
from calpae.store.models import Document, SourceFile

SCRIPT_LINE = "<script>alert(1)</script>"
SCRIPT_FILE = "avenant_avec_html.txt"
UNSEEN = Path(__file__).resolve().parents[1] / "unseen" / "docs"

with warnings.catch_warnings():  # Starlette's TestClient warns about httpx; it works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def with_script_line(seed: Path, folder: Path) -> Path:
    """The seed's text with a line of HTML added after its third line (a Markdown reader
    would drop the tags: the seed must be plain text)."""
    lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, f"{SCRIPT_LINE} & <b>gras</b>\n")
    out = folder / SCRIPT_FILE
    out.write_text("".join(lines), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def web_database(tmp_path_factory: pytest.TempPathFactory, seed_files: list[Path]) -> str:
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'calpae.sqlite3'}"
    files = [*seed_files, *sorted(p for p in UNSEEN.iterdir() if p.suffix in {".md", ".txt"}),
             with_script_line(seed_files[2], folder)]  # a plain-text seed: kept as written
    with open_store(url) as sessions, sessions() as session:
        results = list(ingest_paths(session, files))
    failed = [(r.path.name, r.error) for r in results if r.error is not None]
    assert not failed, failed
    return url


@pytest.fixture(scope="session")
def web_sessions(web_database: str) -> Iterator[sessionmaker[Session]]:
    with open_store(web_database) as factory:
        yield factory


@pytest.fixture
def db(web_sessions: sessionmaker[Session]) -> Iterator[Session]:
    with web_sessions() as session:
        yield session


@pytest.fixture(scope="session")
def client(web_database: str) -> Iterator[TestClient]:
    from calpae.web import create_app

    with TestClient(create_app(web_database, theme="neutre")) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def script_document_id(web_sessions: sessionmaker[Session]) -> int:
    with web_sessions() as session:
        found = session.scalar(select(Document.id).join(SourceFile).where(
            SourceFile.name == SCRIPT_FILE))
    assert found is not None
    return found
