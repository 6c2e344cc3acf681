"""The `calpae` command: ingest, extract and list, through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calpae import cli
from calpae.extract.models import DocumentBlock, Extraction
from calpae.readers import read_bytes

runner = CliRunner()


def test_ingest_a_folder_then_list_it(database_url: str, seeds_dir: Path,
                                      seed_files: list[Path]):
    result = runner.invoke(cli.app, ["ingest", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    for f in seed_files:
        assert f.name in result.stdout
    assert f"{len(seed_files)} enregistré(s)" in result.stdout

    again = runner.invoke(cli.app, ["ingest", str(seed_files[0])])
    assert again.exit_code == 0
    assert "déjà présent" in again.stdout

    listed = runner.invoke(cli.app, ["list"])
    assert listed.exit_code == 0
    assert f"{len(seed_files)} document(s)." in listed.stdout
    assert all(f.name in listed.stdout for f in seed_files)


def test_database_option_overrides_the_environment(database_url: str, tmp_path: Path,
                                                   seed_files: list[Path]):
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert runner.invoke(cli.app, ["--db", other, "ingest", str(seed_files[0])]).exit_code == 0
    assert seed_files[0].name in runner.invoke(cli.app, ["--db", other, "list"]).stdout
    assert "Aucun document enregistré." in runner.invoke(cli.app, ["list"]).stdout


def test_a_bad_database_url_is_one_line(tmp_path: Path, seed_files: list[Path]):
    result = runner.invoke(cli.app, ["--db", "pas une url", "ingest", str(seed_files[0])])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "adresse de base de données invalide : pas une url / invalid database URL"]


def test_extract_prints_calpae_json_without_storing(database_url: str,
                                                    seed_files: list[Path]):
    result = runner.invoke(cli.app, ["extract", str(seed_files[0]), "--format", "calpae-json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "calpae-json/1"
    assert data["source"] == seed_files[0].name
    assert "Aucun document enregistré." in runner.invoke(cli.app, ["list"]).stdout


def test_extract_evidence_adds_the_evidence_of_each_value(monkeypatch: pytest.MonkeyPatch):
    source = read_bytes("AVENANT N°3\n".encode(), "a.txt")
    block = DocumentBlock(kind=source.extracted("avenant", 0, 7))
    monkeypatch.setattr(cli, "extract_file", lambda path: (source, Extraction("a.txt", block)))
    plain = json.loads(runner.invoke(cli.app, ["extract", "a.txt"]).stdout)
    with_evidence = json.loads(runner.invoke(cli.app, ["extract", "a.txt", "--evidence"]).stdout)
    assert "kind_evidence" not in plain["document"]
    assert with_evidence["document"]["kind_evidence"] == {
        "start": 0, "end": 7, "line": 1, "text": "AVENANT", "status": "exact"}


def test_extract_of_a_bad_file_is_one_line_on_stderr(tmp_path: Path):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli.app, ["extract", str(empty)])
    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert "vide.txt" in line
    assert "fichier vide / empty file" in line


def test_extract_refuses_a_directory(tmp_path: Path):
    result = runner.invoke(cli.app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(str(tmp_path)) and "dossier" in line


def test_unknown_output_format_is_refused(seed_files: list[Path]):
    result = runner.invoke(cli.app, ["extract", str(seed_files[0]), "--format", "xml"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_an_empty_folder_is_reported(database_url: str, tmp_path: Path):
    (tmp_path / "vide").mkdir()
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "vide")])
    assert result.exit_code == 1
    assert "Aucun fichier" in result.stderr


def test_the_database_variable_of_the_cli_is_the_one_the_store_reads(
        monkeypatch: pytest.MonkeyPatch):
    from calpae.store import database_url

    monkeypatch.setenv(cli.DATABASE_URL_ENV, "sqlite:////tmp/from-cli-variable.sqlite3")
    assert database_url() == "sqlite:////tmp/from-cli-variable.sqlite3"


def test_extract_does_not_load_the_database_stack():
    import subprocess
    import sys

    code = ("import sys, calpae.cli; "
            "print(any(m.startswith(('sqlalchemy', 'alembic')) for m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "False"


@pytest.fixture
def dash_named(tmp_path: Path, seed_files: list[Path], monkeypatch: pytest.MonkeyPatch) -> str:
    """A CALPAE text in the working directory under a name that reads like an option."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-avenant.txt").write_bytes(seed_files[0].read_bytes())
    return "-avenant.txt"


def test_ingest_takes_a_file_name_beginning_with_a_dash_after_double_dash(
        database_url: str, dash_named: str):
    result = runner.invoke(cli.app, ["ingest", "--", dash_named])
    assert result.exit_code == 0, result.output
    assert dash_named in result.stdout and "1 enregistré(s)" in result.stdout
    assert dash_named in runner.invoke(cli.app, ["list"]).stdout


def test_extract_takes_a_file_name_beginning_with_a_dash_after_double_dash(dash_named: str):
    for args in (["extract", "--", dash_named], ["extract", "--evidence", "--", dash_named]):
        result = runner.invoke(cli.app, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["source"] == dash_named


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_the_help_says_how_to_give_a_file_name_beginning_with_a_dash(command: str):
    result = runner.invoke(cli.app, [command, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "Un nom de fichier qui commence par « - » se donne après « -- »" in text
    assert f"calpae {command} -- -avenant.pdf" in text
