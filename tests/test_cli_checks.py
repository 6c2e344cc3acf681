"""`calpae checks`, `calpae dossier` and `calpae consolidate` on the seeds, through Typer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from calpae import cli
from calpae.checks.french import euros

runner = CliRunner()


def _gold(gold_dir: Path, seed: Path) -> dict:
    return json.loads((gold_dir / f"{seed.stem}.json").read_text())


def _finding(findings: list[dict], rule: str, document: str) -> dict:
    hits = [f for f in findings if f["rule"] == rule
            and document in {d["name"] for d in f["documents"]}]
    assert len(hits) == 1, (rule, document, [f["message"] for f in findings])
    return hits[0]


def test_checks_on_files_find_the_state_total_mismatch_with_both_figures(
        seed_files: list[Path], gold_dir: Path):
    # The seed whose articles give a State total (amount + carryover) that its table does not.
    seed = next(s for s in seed_files if _gold(gold_dir, s)["document"]["state_funding"]["total"])
    gold = _gold(gold_dir, seed)
    result = runner.invoke(cli.app, ["checks", str(seed), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = _finding(json.loads(result.stdout), "articles.state_vs_table", seed.name)
    article = gold["document"]["state_funding"]["total"]
    table = gold["financial_summary"]["total"]["state"]
    assert euros(article) in found["message"] and euros(table) in found["message"]
    assert found["severity"] == "erreur"
    values = {v["value"] for v in found["values"]}
    assert values == {article, table}
    assert all(v["evidence"] and v["evidence"][0]["text"] for v in found["values"])


def test_checks_on_files_find_the_carryover_mismatch(seed_files: list[Path], gold_dir: Path):
    def differs(seed: Path) -> bool:
        g = _gold(gold_dir, seed)
        total = (g.get("financial_summary") or {}).get("total") or {}
        stated = g["document"]["state_funding"]["carryover"]
        return bool(stated and total.get("carryover") and stated != total["carryover"])
    seed = next(s for s in seed_files if differs(s) and "Xxxx" not in s.read_text())
    result = runner.invoke(cli.app, ["checks", str(seed), "--format", "json"])
    found = _finding(json.loads(result.stdout), "articles.carryover_vs_table", seed.name)
    gold = _gold(gold_dir, seed)
    assert euros(gold["document"]["state_funding"]["carryover"]) in found["message"]
    assert euros(gold["financial_summary"]["total"]["carryover"]) in found["message"]


def test_text_output_names_the_rule_the_evidence_and_why(seed_files: list[Path]):
    result = runner.invoke(cli.app, ["checks", *map(str, seed_files)])
    assert result.exit_code == 0, result.output
    assert "[erreur] articles.state_vs_table" in result.stdout
    assert "Pourquoi :" in result.stdout and "ligne " in result.stdout
    assert "constat(s)" in result.stdout


def test_stored_copies_are_one_document_in_the_dossier_and_counted_once(
        database_url: str, seed_files: list[Path], gold_dir: Path):
    assert runner.invoke(cli.app, ["ingest", *map(str, seed_files)]).exit_code == 0
    findings = json.loads(runner.invoke(cli.app, ["checks", "--all", "--format",
                                                  "json"]).stdout)
    copies = [f for f in findings if f["rule"] == "identity.duplicate"]
    redacted = [s.name for s in seed_files if _gold(gold_dir, s)["document"]["redacted"]]
    assert len(copies) == len(redacted) == 1
    assert redacted[0] in copies[0]["message"]
    assert len(copies[0]["values"]) == 2  # one figure of each copy, with its evidence

    # national total: each distinct document once (the redacted copy is not counted)
    distinct = [s for s in seed_files if not _gold(gold_dir, s)["document"]["redacted"]]
    expected = sum(_gold(gold_dir, s)["document"]["state_funding"]["amount"] or 0
                   for s in distinct)
    result = runner.invoke(cli.app, ["consolidate", "--format", "json"])
    assert result.exit_code == 0, result.output
    (nation,) = json.loads(result.stdout)
    assert abs(nation["state_credits"] - expected) < 0.01

    code = _gold(gold_dir, Path(redacted[0]))["document"]["territory"]["code"]
    dossier = json.loads(runner.invoke(cli.app, ["dossier", code, "--format", "json"]).stdout)
    documents = dossier["documents"]
    assert len(documents) == 2
    kept = [d for d in documents if d["duplicate_of"] is None]
    assert len(kept) == 1 and kept[0]["file"] != redacted[0]
    assert "caviardée" in next(d["identity"] for d in documents if d["duplicate_of"])
    assert [y["in_force"]["file"] for y in dossier["years"]] == [kept[0]["file"]]


def test_consolidate_by_region_as_csv(database_url: str, seed_files: list[Path]):
    assert runner.invoke(cli.app, ["ingest", *map(str, seed_files)]).exit_code == 0
    result = runner.invoke(cli.app, ["consolidate", "--by", "region", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=";"))
    assert len(rows) == 4  # the four distinct territories are in four régions
    assert all(r["libelle"] and r["libelle"] != r["groupe"] for r in rows)
    assert sum(int(r["documents"]) for r in rows) == 4


def test_dossier_of_an_unknown_territory_says_so(database_url: str):
    result = runner.invoke(cli.app, ["dossier", "Atlantide"])
    assert result.exit_code == 1
    assert "Aucun document" in result.output


def test_checks_without_arguments_explains_what_to_give(database_url: str):
    result = runner.invoke(cli.app, ["checks"])
    assert result.exit_code == 2
    assert "--all" in result.output
