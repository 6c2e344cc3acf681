"""Bad dossiers through `calpae ingest`: each a finding or a clear error, never a crash."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from calpae import cli

runner = CliRunner()
UNSEEN = Path(__file__).parent / "unseen" / "docs"


def _rules(result_stdout: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in json.loads(result_stdout):
        out.setdefault(f["rule"], []).append(f)
    return out


def _convention() -> str:
    return (UNSEEN / "g_convention_2022_ain.txt").read_text()


def test_amounts_of_a_trillion_or_negative_are_findings(database_url: str, tmp_path: Path):
    text = _convention()
    first = re.search(r"Part Etat : ([\d ]+) €", text)
    assert first is not None
    text = text.replace(first.group(0), "Part Etat : 1 000 000 000 000 €", 1)
    text = text.replace("Coût total : 132 500 €", "Coût total : -132 500 €", 1)
    path = tmp_path / "convention_montants.txt"
    path.write_text(text)
    ingest = runner.invoke(cli.app, ["ingest", str(path)])
    assert ingest.exit_code == 0, ingest.output
    found = _rules(runner.invoke(cli.app, ["checks", "--all", "--format", "json"]).stdout)
    messages = " ".join(f["message"] for f in found.get("amounts.out_of_range", []))
    assert "1 000 000 000 000 €" in messages
    consolidated = runner.invoke(cli.app, ["consolidate", "--format", "json"])
    assert consolidated.exit_code == 0, consolidated.output


def test_two_conventions_for_one_period_are_an_error(database_url: str, tmp_path: Path):
    text = _convention()
    other = text.replace("612 500 €", "712 500 €").replace("150 000 €", "160 000 €")
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(other)
    assert runner.invoke(cli.app, ["ingest", str(tmp_path)]).exit_code == 0
    found = _rules(runner.invoke(cli.app, ["checks", "--all", "--format", "json"]).stdout)
    (two,) = found["dossier.two_conventions"]
    assert two["severity"] == "erreur"
    assert {d["name"] for d in two["documents"]} == {"a.txt", "b.txt"}
    assert "identity.duplicate" not in found  # different amounts: two documents, not copies


def test_an_avenant_alone_and_a_report_alone_are_alerts(database_url: str):
    avenant = UNSEEN / "l_avenant1_2019_nievre.txt"
    report = UNSEEN / "m_rapport_2019_sarthe.md"
    assert runner.invoke(cli.app, ["ingest", str(avenant), str(report)]).exit_code == 0
    found = _rules(runner.invoke(cli.app, ["checks", "--all", "--format", "json"]).stdout)
    assert [f["documents"][0]["name"] for f in found["dossier.orphan_amendment"]] == [
        avenant.name]
    assert [f["documents"][0]["name"] for f in found["dossier.report_without_amendment"]] == [
        report.name]
