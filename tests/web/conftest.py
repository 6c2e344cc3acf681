"""One database for the web tests: the seeds, the unseen documents and a seed with a line of
HTML in it, ingested once; a client on the application over it. For the upload tests, a
site of their own: a fresh base, its queue, upload folder and embedded worker."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

# The builders live in tests/builders; pytest's importlib mode does not put tests/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builders.queue import scratch_task_config, wait_for
from calpae.pipeline import ingest_paths
from calpae.store import open_store
from calpae.store.models import Document, SourceFile
from calpae.tasks import TaskConfig, runtime

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


@dataclass
class Site:
    """The application on a fresh base, its queue and upload folder in a scratch folder."""

    client: TestClient
    config: TaskConfig

    def job(self, job_id: int) -> dict[str, Any]:
        answer = self.client.get(f"/taches/{job_id}.json")
        assert answer.status_code == 200, answer.text
        return answer.json()["job"]

    def wait(self, job_ids: list[int], timeout: float = 60.0) -> list[dict[str, Any]]:
        """The jobs once all have ended (the embedded worker runs them)."""
        query = ",".join(map(str, job_ids))

        def ended() -> list[dict[str, Any]] | None:
            jobs = self.client.get(f"/taches.json?ids={query}").json()["jobs"]
            return jobs if len(jobs) == len(set(job_ids)) and all(j["final"] for j in jobs) \
                else None

        return wait_for(ended, timeout, f"jobs {query} ended")  # type: ignore[return-value]

    def kept_files(self) -> list[Path]:
        folder = self.config.upload_dir
        return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def make_site(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch,
              ) -> Iterator[Callable[..., Site]]:
    """`make_site(queue_workers=1)`: an application with the embedded worker (0: none), on a
    database, queue and upload folder of its own; the limits of the environment as set by the
    test before the call."""
    from calpae.web import create_app

    opened: list[ExitStack] = []

    def make(queue_workers: int = 1) -> Site:
        config = scratch_task_config(tmp_path, monkeypatch)
        runtime.configure(config)
        stack = ExitStack()
        opened.append(stack)
        app = create_app(database_url, theme="neutre", queue_workers=queue_workers,
                         tasks=config)
        client = stack.enter_context(TestClient(app))
        return Site(client, config)

    yield make
    for stack in reversed(opened):
        stack.close()
    runtime.configure(None)
    runtime.dispose()
