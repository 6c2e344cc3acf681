"""`calpae enqueue` and `calpae jobs` (the worker command runs in test_worker.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from calpae.cli import app
from calpae.tasks import TaskConfig


def test_enqueue_lists_the_jobs_and_refuses_what_is_no_document(config: TaskConfig,
                                                                tmp_path: Path,
                                                                seed_files: list[Path]):
    binary = tmp_path / "photo.bin"
    binary.write_bytes(b"\x00\x01\x02binary" * 100)
    result = CliRunner().invoke(app, ["enqueue", str(seed_files[0]), str(binary),
                                      str(seed_files[0]), str(seed_files[1])])
    assert result.exit_code == 1  # one file refused
    assert "Traceback" not in result.output
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("photo.bin : format non reconnu") and " / " in error
    assert "2 tâche(s) : 2 en attente ou en cours" in result.stdout
    assert "1 fichier(s) refusé(s)" in result.stdout

    listed = CliRunner().invoke(app, ["jobs", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    jobs = json.loads(listed.stdout)
    assert [(j["name"], j["status"], j["final"]) for j in jobs] == [
        (seed_files[1].name, "en_attente", False), (seed_files[0].name, "en_attente", False)]
    assert len(list(config.upload_dir.iterdir())) == 2

    table = CliRunner().invoke(app, ["jobs", "--status", "en_attente"])
    assert table.exit_code == 0 and seed_files[1].name in table.stdout
    assert CliRunner().invoke(app, ["jobs", "--status", "fini"]).exit_code == 2


def test_enqueue_wait_gives_up_without_a_worker(config: TaskConfig, seed_files: list[Path]):
    result = CliRunner().invoke(app, ["enqueue", "--wait", "--timeout", "0.5",
                                      str(seed_files[2])])
    assert result.exit_code == 1 and "1 en attente ou en cours" in result.stdout


def test_jobs_says_when_there_are_none(config: TaskConfig):
    result = CliRunner().invoke(app, ["jobs"])
    assert result.exit_code == 0 and "Aucune tâche." in result.stdout
