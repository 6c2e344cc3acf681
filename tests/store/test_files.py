"""The file store: content-addressed, written whole or not at all, found again by sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from calpae.errors import StoreError
from calpae.settings import FILES_DIR_ENV
from calpae.store.files import FileStore, files_dir

PNG = b"\x89PNG\r\n\x1a\n" + b"pixels" * 10
PDF = b"%PDF-1.4\n" + b"x" * 100


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_bytes_are_kept_under_their_sha256_once(tmp_path: Path):
    store = FileStore(tmp_path / "files")
    path, written = store.put(PDF, sha(PDF), "pdf")
    assert written
    assert path == tmp_path / "files" / sha(PDF)[:2] / f"{sha(PDF)}.pdf"
    assert path.read_bytes() == PDF
    again, written = store.put(PDF, sha(PDF), "pdf")
    assert (again, written) == (path, False)
    assert store.find(sha(PDF), "pdf") == path
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_an_image_keeps_a_suffix_of_its_kind(tmp_path: Path):
    store = FileStore(tmp_path)
    path, _ = store.put(PNG, sha(PNG), "image")
    assert path.suffix == ".png"
    assert store.find(sha(PNG), "image") == path


def test_formats_without_pages_are_not_kept(tmp_path: Path):
    store = FileStore(tmp_path)
    assert store.find(sha(b"x"), "text") is None
    with pytest.raises(ValueError):
        store.put(b"x", sha(b"x"), "text")


def test_a_path_never_comes_from_anything_but_a_sha256(tmp_path: Path):
    store = FileStore(tmp_path)
    for bad in ("../../etc/passwd", "ab", sha(PDF).upper(), sha(PDF) + "/x"):
        with pytest.raises(ValueError):
            store.find(bad, "pdf")


def test_remove_takes_the_file_and_its_cached_pages(tmp_path: Path):
    store = FileStore(tmp_path)
    path, _ = store.put(PDF, sha(PDF), "pdf")
    cached = store.cache_dir(sha(PDF)) / f"{sha(PDF)}-1-110.png"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"png")
    store.remove(sha(PDF), "pdf")
    assert not path.exists() and not cached.exists()
    assert store.find(sha(PDF), "pdf") is None


def test_an_unwritable_folder_is_a_store_error(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="impossible de conserver"):
        FileStore(blocker).put(PDF, sha(PDF), "pdf", "contrat.pdf")


def test_the_folder_is_beside_the_database_unless_set(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(FILES_DIR_ENV, raising=False)
    assert files_dir(f"sqlite:///{tmp_path / 'db' / 'c.sqlite3'}") == tmp_path / "db" / "files"
    assert files_dir("postgresql://h/calpae").parts[-2:] == ("var", "files")
    monkeypatch.setenv(FILES_DIR_ENV, str(tmp_path / "ailleurs"))
    assert files_dir(f"sqlite:///{tmp_path / 'c.sqlite3'}") == tmp_path / "ailleurs"
