"""Bad PDFs, images and DOCX through `calpae ingest`: one clear line each, nothing stored.

The reader tests check each error in detail; here each bad file goes through the whole
pipeline beside a good file, as a user would run it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

runner = CliRunner()


def _pdf(pages: int = 1, encrypt: str | None = None) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=encrypt)
    for _ in range(pages):
        c.drawString(100, 700, "Convention d'appui à la lutte contre la pauvreté")
        c.showPage()
    c.save()
    return out.getvalue()


def encrypted_pdf() -> tuple[str, bytes]:
    return "protege.pdf", _pdf(encrypt="secret")


def truncated_pdf() -> tuple[str, bytes]:
    data = _pdf(pages=3)
    return "tronque.pdf", data[: len(data) // 2]


def thousands_of_pages() -> tuple[str, bytes]:
    return "enorme.pdf", _pdf(pages=2500)


def gigantic_image() -> tuple[str, bytes]:
    out = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(out, "PNG")
    return "geante.png", out.getvalue()


def zip_bomb_docx() -> tuple[str, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<w/>")
        z.writestr("word/media/big.bin", bytes(30_000_000))
    return "bombe.docx", out.getvalue()


def noise_photo() -> tuple[str, bytes]:
    rng = np.random.default_rng(1)
    photo = Image.fromarray(rng.integers(0, 255, (300, 400), dtype=np.uint8), "L")
    out = io.BytesIO()
    photo.save(out, "JPEG")
    return "photo.jpg", out.getvalue()


CASES: dict[str, tuple[Callable[[], tuple[str, bytes]], str]] = {
    "encrypted PDF": (encrypted_pdf, "mot de passe"),
    "truncated PDF": (truncated_pdf, "PDF illisible"),
    "PDF with thousands of pages": (thousands_of_pages, "trop de pages"),
    "gigantic image": (gigantic_image, "image trop grande"),
    "DOCX zip bomb": (zip_bomb_docx, "compression suspect"),
    "image that is not a document": (noise_photo, "aucun texte lisible"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_format_is_reported_and_the_good_file_kept(case: str, tmp_path: Path,
                                                       seed_files: list[Path], ingest_refuses,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CALPAE_MAX_PAGES", "2000")
    make, reason = CASES[case]
    name, data = make()
    bad = tmp_path / name
    bad.write_bytes(data)
    ingest_refuses(bad, seed_files[-1], reason)
