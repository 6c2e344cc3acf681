"""Accepting an upload: chunks into the upload folder under a generated name, refused early."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from calpae.errors import CalpaeError, LimitExceeded, UnreadableFile, UnsupportedFormat
from calpae.tasks import UploadLimits, accept_upload, display_name
from calpae.tasks.upload import STORED_NAME

LIMITS = UploadLimits(max_bytes=300_000, chunk_bytes=64 * 1024)


def test_a_file_is_copied_under_a_generated_name_with_its_sha256(tmp_path: Path,
                                                                  seed_files: list[Path]):
    data = seed_files[0].read_bytes()
    upload = accept_upload(io.BytesIO(data), seed_files[0].name, LIMITS, tmp_path)
    assert upload.path.parent == tmp_path and STORED_NAME.fullmatch(upload.path.name)
    assert upload.path.read_bytes() == data and upload.size == len(data)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.display_name == seed_files[0].name and upload.format == "text"
    assert [p.name for p in tmp_path.iterdir()] == [upload.path.name]  # no part file left


def test_an_oversized_stream_is_refused_before_it_is_read_in_full(tmp_path: Path,
                                                                   counting_stream):
    stream = counting_stream(100 * LIMITS.max_bytes)
    with pytest.raises(LimitExceeded) as refused:
        accept_upload(stream, "énorme.txt", LIMITS, tmp_path)
    assert stream.given <= LIMITS.max_bytes + LIMITS.chunk_bytes
    assert "énorme.txt" in refused.value.message and "CALPAE_MAX_UPLOAD_BYTES" in str(
        refused.value) and " / file too large" in refused.value.message
    assert list(tmp_path.iterdir()) == []  # the part written is removed


def test_the_size_limit_comes_from_the_environment(tmp_path: Path, monkeypatch, counting_stream):
    monkeypatch.setenv("CALPAE_MAX_UPLOAD_BYTES", "1000")
    monkeypatch.setenv("CALPAE_UPLOAD_DIR", str(tmp_path / "up"))
    with pytest.raises(LimitExceeded):
        accept_upload(counting_stream(5000), "a.txt")
    assert accept_upload(counting_stream(900), "a.txt").path.parent == tmp_path / "up"


def test_a_binary_file_is_refused_from_its_first_bytes_without_reading_the_rest(
        tmp_path: Path, counting_stream):
    stream = counting_stream(10 * LIMITS.max_bytes, head=b"\x00\x01\x02\x03binary\xff" * 10)
    big = UploadLimits(max_bytes=100 * LIMITS.max_bytes, chunk_bytes=16 * 1024)
    with pytest.raises(UnsupportedFormat) as refused:
        accept_upload(stream, "photo.bin", big, tmp_path)
    assert "photo.bin" in refused.value.message and "format non reconnu" in refused.value.message
    assert stream.given <= 64 * 1024 + big.chunk_bytes
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_is_refused(tmp_path: Path):
    with pytest.raises(UnreadableFile, match=re.escape("vide.txt : fichier vide / empty file")):
        accept_upload(io.BytesIO(b""), "vide.txt", LIMITS, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_broken_stream_is_an_error_naming_the_file(tmp_path: Path):
    class Broken(io.RawIOBase):
        def read(self, n: int = -1) -> bytes:
            raise ConnectionResetError("peer gone")

    with pytest.raises(CalpaeError, match=re.escape("a.txt : envoi interrompu")):
        accept_upload(Broken(), "a.txt", LIMITS, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\system.ini", "system.ini"),
    ("C:\\Users\\marie\\avenant n°2.pdf", "avenant n°2.pdf"),
    ("avenant\x00.pdf", "avenant.pdf"),
    ("rapport\n2020\t.docx", "rapport 2020 .docx"),
    ("facture\u202efdp.exe", "facturefdp.exe"),  # a bidirectional override, spoofing names
    ("..", "fichier"),
    ("", "fichier"),
    (None, "fichier"),
    ("  .cache.  ", "cache"),
])
def test_client_names_become_safe_display_names(given, shown):
    assert display_name(given) == shown


def test_a_long_name_is_cut_and_keeps_its_extension():
    shown = display_name("é" * 5000 + ".pdf", max_chars=200)
    assert len(shown) == 200 and shown.endswith("é.pdf")


@pytest.mark.parametrize("name", ["../../etc/passwd", "a\x00b.txt", "x" * 10_000,
                                  "/absolute/path.txt", "-dash.txt"])
def test_bad_names_are_stored_under_generated_names(tmp_path: Path, seed_files: list[Path],
                                                    name: str):
    folder = tmp_path / "uploads"
    upload = accept_upload(io.BytesIO(seed_files[0].read_bytes()), name, LIMITS, folder)
    assert upload.path.parent == folder and STORED_NAME.fullmatch(upload.path.name)
    assert [p.name for p in tmp_path.iterdir()] == ["uploads"]  # nothing written elsewhere
    shown = upload.display_name
    assert "/" not in shown and "\\" not in shown and "\x00" not in shown
    assert 0 < len(shown) <= LIMITS.max_name_chars and shown.isprintable()
