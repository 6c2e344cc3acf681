"""The demo corpus: deterministic, complete manifest, coherent unplanted numbers, plants at
the asked rate with the agreed rule ids."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from calpae.demo.corpus import generate
from calpae.demo.dossier import build_dossier
from calpae.demo.plan import AVENANT, REPORT, report_deadline
from calpae.demo.plant import RULES
from calpae.demo.territories import departements
from calpae.values.territories import lookup

from .conftest import SEED, YEARS


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path, corpus):
    out, _ = corpus
    again = tmp_path / "again"
    generate(again, 2, YEARS, SEED, plant_rate=0.1)
    first, second = _files(out), _files(again)
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []


def test_another_seed_other_territories(tmp_path: Path, corpus):
    _, manifest = corpus
    other = generate(tmp_path / "other", 2, range(2019, 2021), SEED + 1, plant_rate=0.0)
    assert other["territories"] != manifest["territories"]


def test_manifest_lists_every_file(corpus):
    out, manifest = corpus
    on_disk = set(_files(out)) - {"manifest.json"}
    listed = [d["file"] for d in manifest["documents"]]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    for planted in manifest["planted"]:
        assert set(planted["files"]) <= on_disk


def test_real_territories_and_their_documents(clean_corpus):
    _, manifest = clean_corpus
    assert len(manifest["territories"]) == 3
    for code in manifest["territories"]:
        docs = [d for d in manifest["documents"] if d["territory_code"] == code]
        kinds = sorted((d["year"], d["kind"], d["amendment_number"]) for d in docs)
        assert kinds == [(2019, "convention", None), (2019, "rapport_execution", None),
                         (2020, "avenant", 1), (2020, "rapport_execution", None),
                         (2021, "avenant", 2), (2021, "rapport_execution", None),
                         (2022, "convention", None)]
        name = docs[0]["territory_name"]
        assert lookup(name).code == code
        assert {d["expected"]["document"]["territory"]["code"] for d in docs} == {code}


@pytest.mark.parametrize("code", ["01", "29", "72", "974"])
def test_plan_numbers_are_coherent(code):
    """Recompute every sum and chain of a clean dossier from its plan."""
    place = next(p for p in departements() if p.code == code)
    dossier = build_dossier(place, random.Random(code), YEARS)
    reports = {d.year: d for d in dossier.documents if d.kind == REPORT}
    for doc in dossier.documents:
        for a in doc.actions:
            assert round(a.state + a.territory + a.other, 2) == a.total
            assert a.territory >= a.state
        assert [r.ref for r in doc.rows] == [a.ref for a in doc.actions]
        for r, a in zip(doc.rows, doc.actions, strict=True):
            assert (r.total, r.state, r.territory, r.other) == (a.total, a.state, a.territory,
                                                                 a.other)
        t = doc.table_total
        assert t.state == round(sum(r.state for r in doc.rows), 2) == doc.state_amount
        assert t.total == round(sum(r.total for r in doc.rows), 2)
        assert t.territory >= t.state
        assert len({a.ref for a in doc.actions}) == len(doc.actions)
        if doc.kind == REPORT:
            for a in doc.actions:
                assert a.consumed <= a.engaged <= a.total
                assert a.carryover_requested == round(a.total - a.consumed, 2)
            assert doc.unconsumed == round(sum(a.carryover_requested for a in doc.actions), 2)
            assert doc.signature_date <= report_deadline(doc.year)
        else:
            assert doc.deliberation_date < doc.signature_date
            measures = {a.measure for a in doc.actions if a.section == "socle"}
            assert len(measures) == 10
        if doc.kind == AVENANT:
            assert doc.signature_date.year == doc.year
            assert doc.carryover == reports[doc.year - 1].unconsumed == t.carryover


def test_unplanted_expected_is_coherent(clean_corpus):
    """The same checks on what the documents state (the manifest), none planted."""
    _, manifest = clean_corpus
    assert manifest["planted"] == []
    assert all(d["duplicate_of"] is None for d in manifest["documents"])
    for entry in manifest["documents"]:
        e = entry["expected"]
        for a in e["actions"]:
            b = a["budget"]
            assert round(b["state"] + b["territory"] + (b["other"] or 0), 2) == b["total"]
        summary = e["financial_summary"]
        if summary and summary["total"]["state"] is not None:
            assert summary["total"]["state"] == e["document"]["state_funding"]["amount"]
            by_ref = {a["ref"]: a["budget"]["state"] for a in e["actions"]}
            assert all(r["state"] == by_ref[r["action_ref"]] for r in summary["rows"])


def test_rate_zero_plants_nothing(clean_corpus):
    _, manifest = clean_corpus
    assert manifest["plant_rate"] == 0.0 and manifest["planted"] == []


def test_rate_one_plants_every_rule(full_corpus):
    _, manifest = full_corpus
    rules = {p["rule"] for p in manifest["planted"]}
    assert rules == set(RULES)
    for p in manifest["planted"]:
        assert p["detail"] and p["territory_code"] in manifest["territories"]


def test_plants_show_in_what_the_documents_state(full_corpus):
    """Each planted finding is there in the expected calpae-json of its file."""
    _, manifest = full_corpus
    by_file = {d["file"]: d for d in manifest["documents"]}
    for p in manifest["planted"]:
        e = by_file[p["files"][0]]["expected"] if p["files"] else None
        v = p["values"]
        if p["rule"] == "action.sum":
            b = next(a["budget"] for a in e["actions"] if a["ref"] == v["ref"])
            assert round(b["state"] + b["territory"] + (b["other"] or 0), 2) != b["total"]
        elif p["rule"] == "articles.state_vs_table":
            assert e["document"]["state_funding"]["amount"] != \
                e["financial_summary"]["total"]["state"]
        elif p["rule"] == "table.total_vs_rows":
            rows = round(sum(r["state"] for r in e["financial_summary"]["rows"]), 2)
            assert rows != e["financial_summary"]["total"]["state"]
        elif p["rule"] == "cofinancing.overall":
            assert sum(a["budget"]["territory"] for a in e["actions"]) < \
                sum(a["budget"]["state"] for a in e["actions"])
        elif p["rule"] == "execution.consumed_vs_engaged":
            x = next(a["execution"] for a in e["actions"] if a["ref"] == v["ref"])
            assert x["consumed"] > x["engaged"]
        elif p["rule"] == "dates.report_late":
            assert e["document"]["signature"]["date"] > v["deadline"]
        elif p["rule"] == "dossier.amendment_numbering":
            assert e["document"]["amendment_number"] == 3
        elif p["rule"] == "identity.duplicate":
            copy = by_file[v["copy"]]
            assert copy["duplicate_of"] == v["original"]
            assert copy["expected"]["actions"] == by_file[v["original"]]["expected"]["actions"]


def test_manifest_is_json_on_disk(corpus):
    out, manifest = corpus
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
