"""Shared fixtures: the repository, the shared seeds and gold files, a scratch database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from calpae.store import DATABASE_URL_ENV, open_store


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
