"""The page cache: a page rendered once per store revision, fresh again after any change."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, sessionmaker
from tests.web.conftest import TestClient

from calpae.pipeline import ingest_file
from calpae.store import open_store
from calpae.store.models import Document, IngestJob
from calpae.store.revision import current_revision
from calpae.web.cache import Entry, PageStore


@pytest.fixture
def store(tmp_path: Path, seed_files: list[Path]) -> Iterator[tuple[str, sessionmaker[Session]]]:
    url = f"sqlite:///{tmp_path / 'calpae.sqlite3'}"
    with open_store(url) as sessions:
        with sessions() as session:
            ingest_file(session, seed_files[0])
        yield url, sessions


def _app_client(url: str) -> TestClient:
    from calpae.web import create_app

    return TestClient(create_app(url, theme="neutre"))


def _statements(client: TestClient) -> list[str]:
    """Every SQL statement the application runs from now on."""
    seen: list[str] = []
    engine = client.app.state.sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: seen.append(statement))
    return seen


def _revision(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return current_revision(session.connection())


def test_a_page_asked_again_runs_only_the_revision_query(store) -> None:
    url, _ = store
    with _app_client(url) as client:
        first = client.get("/")
        seen = _statements(client)
        again = client.get("/")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert len(seen) == 1 and "store_revision" in seen[0]
    assert "x-calpae-cacheable" not in again.headers
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]


def test_an_ingest_makes_the_next_answer_fresh(store, seed_files: list[Path]) -> None:
    url, sessions = store
    with _app_client(url) as client:
        before = client.get("/recherche.json?q=convention").json()
        with sessions() as session:
            ingest_file(session, seed_files[1])
        after = client.get("/recherche.json?q=convention").json()
    assert len(after["documents"]) == len(before["documents"]) + 1


def test_a_commit_of_a_change_raises_the_revision_and_a_rollback_does_not(store) -> None:
    _, sessions = store
    start = _revision(sessions)
    with sessions() as session:
        session.execute(update(Document).values(identity_note="vu"))
        session.rollback()
    assert _revision(sessions) == start
    with sessions() as session:
        doc = session.scalars(select(Document)).first()
        doc.identity_note = "vu"
        session.commit()
    assert _revision(sessions) == start + 1
    with sessions() as session:
        session.execute(update(Document).values(identity_note="revu"))
        session.commit()
    assert _revision(sessions) == start + 2


def test_job_heartbeats_leave_the_revision_alone(store) -> None:
    _, sessions = store
    start = _revision(sessions)
    with sessions() as session:
        session.add(IngestJob(sha256="0" * 64, display_name="a.txt", size=1, status="en_cours",
                              attempts=1))
        session.commit()
        session.execute(update(IngestJob).values(step="OCR page 2/3"))
        session.commit()
    assert _revision(sessions) == start


def test_an_etag_asked_again_gets_304_and_head_an_empty_body(store) -> None:
    url, _ = store
    with _app_client(url) as client:
        first = client.get("/constats")
        etag = first.headers["etag"]
        not_modified = client.get("/constats", headers={"If-None-Match": etag})
        head = client.head("/constats")
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == etag


def test_errors_and_static_files_are_not_kept(store) -> None:
    url, _ = store
    with _app_client(url) as client:
        client.get("/documents/999999")
        client.get("/static/calpae.css")
        cache = _page_cache(client)
        assert len(cache.store) == 0
        client.get("/documents/999999.json")
        client.get("/")
        assert len(cache.store) == 1


def test_the_cache_can_be_turned_off(store, monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = store
    monkeypatch.setenv("CALPAE_PAGE_CACHE_BYTES", "0")
    with _app_client(url) as client:
        client.get("/")
        seen = _statements(client)
        client.get("/")
    assert len(seen) > 1


def test_the_store_keeps_within_its_bytes_least_recent_first() -> None:
    pages = PageStore(max_bytes=800)
    for i in range(10):
        pages.put(("p", i), Entry(200, [], b"x" * 100, b"e"))
        pages.get(("p", 0))  # kept in use
    assert pages.size <= 800
    assert pages.get(("p", 0)) is not None and pages.get(("p", 1)) is None
    pages.put(("big",), Entry(200, [], b"x" * 101, b"e"))  # more than an eighth
    assert pages.get(("big",)) is None


def _page_cache(client: TestClient):
    from calpae.web.cache import PageCache

    layer = client.app.middleware_stack
    while layer is not None and not isinstance(layer, PageCache):
        layer = getattr(layer, "app", None)
    assert layer is not None
    return layer



def test_a_page_asked_by_many_at_once_is_rendered_once(store) -> None:
    url, _ = store
    with _app_client(url) as client:
        seen = _statements(client)
        client.get("/?annee=")  # the same page at another address: one rendering's queries
        one_rendering = sum("store_revision" not in s for s in seen)
        seen.clear()
        engine = client.app.state.sessions.kw["bind"]
        # every query slowed down, so that the eight requests surely overlap
        event.listen(engine, "before_cursor_execute", lambda *_: time.sleep(0.02))
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: client.get("/"), range(8)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert one_rendering > 1
    assert sum("store_revision" not in s for s in seen) == one_rendering
