"""`calpae demo-corpus` from the command line, and its scans (image-only PDFs)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from calpae.cli import app
from calpae.demo.corpus import generate


def test_command_writes_corpus_and_manifest(tmp_path: Path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(app, ["demo-corpus", str(out), "--territories", "1",
                                      "--years", "2019-2020", "--seed", "4",
                                      "--plant-rate", "0"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["documents"]) == 4  # convention, report 2019, avenant n°1, report 2020
    assert manifest["planted"] == [] and manifest["years"] == [2019, 2020]
    assert "fichier(s) écrit(s)" in result.output


def test_command_refuses_years_outside_the_contract(tmp_path: Path):
    result = CliRunner().invoke(app, ["demo-corpus", str(tmp_path), "--years", "2018-2025"])
    assert result.exit_code == 2
    assert not (tmp_path / "manifest.json").exists()


def test_scans_are_image_only_and_stable(tmp_path: Path):
    import pypdfium2 as pdfium

    digests = []
    for run in ("a", "b"):
        manifest = generate(tmp_path / run, 1, range(2019, 2021), 2, plant_rate=0.0, scans=1)
        [scan] = [d for d in manifest["documents"] if d["format"] == "scan"]
        data = (tmp_path / run / scan["file"]).read_bytes()
        digests.append(hashlib.sha256(data).hexdigest())
    pdf = pdfium.PdfDocument(data)
    try:
        assert len(pdf) >= 1
        assert pdf[0].get_textpage().get_text_range().strip() == ""
    finally:
        pdf.close()
    assert digests[0] == digests[1]
