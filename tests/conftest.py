"""Shared fixtures: the repository, the shared seeds and gold files, a scratch database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from calpae.settings import DATABASE_URL_ENV
from calpae.store import open_store


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir(repo_root: Path) -> Path:
    return repo_root / ".." / "shared"


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def gold_dir(shared_dir: Path) -> Path:
    return shared_dir / "gold"


@pytest.fixture(scope="session")
def seed_files(seeds_dir: Path) -> list[Path]:
    files = sorted(seeds_dir.glob("*.txt"))
    assert files, f"no seeds in {seeds_dir}"
    return files


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file, also set in the environment so that the CLI uses it."""
    url = f"sqlite:///{tmp_path / 'db' / 'calpae.sqlite3'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return url


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    with open_store(database_url) as factory:
        yield factory


@pytest.fixture
def ingest_refuses(database_url: str) -> Callable[[Path, Path, str], None]:
    """Run `calpae ingest BAD GOOD` and check what a user must see: exit 1, no traceback, one
    French / English error line naming the bad file with `reason`, only the good file stored."""
    from sqlalchemy import select
    from typer.testing import CliRunner

    from calpae import cli
    from calpae.store.models import SourceFile

    def check(bad: Path, good: Path, reason: str) -> None:
        result = CliRunner().invoke(cli.app, ["ingest", str(bad), str(good)])
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        error_lines = result.stderr.strip().splitlines()
        assert len(error_lines) == 1, result.stderr
        assert bad.name in error_lines[0] and reason in error_lines[0], error_lines[0]
        assert " / " in error_lines[0]  # French, then English
        assert "1 enregistré(s)" in result.stdout
        with open_store(database_url) as factory, factory() as session:
            assert list(session.scalars(select(SourceFile.name))) == [good.name]

    return check
