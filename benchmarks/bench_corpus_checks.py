"""Checks on a generated corpus: ingest + checks + consolidation speed, and how well the rules
find what the generator planted.

Run: `.venv/bin/python benchmarks/bench_corpus_checks.py [--territories 10 100] [--seed S]
[--json]`. For each size: writes the corpus (`calpae demo-corpus`, no scans), ingests every
file into a scratch SQLite database (each ingest refreshes its territory: identity, documents
in force, findings), times the national and per-région consolidation, then compares the
stored findings with the manifest: per rule, recall (planted inconsistencies a finding of that
rule reports on the planted file, or on the territory for dossier rules) and precision (the
rule's findings that match a planted one or a side effect the manifest lists in `implies`).
Also checks that the national State total counts each distinct document once.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select

from calpae.demo.corpus import generate
from calpae.pipeline import collect_files, ingest_paths
from calpae.store import open_store
from calpae.store.consolidation import GroupBy, consolidate
from calpae.store.models import Finding

YEARS = range(2019, 2023)
# rules that fire on every generated dossier by design, not planted: left out of precision
NOT_PLANTED = {"dossier.action_budget_changed", "amounts.repaired", "amounts.digits_disagree",
               "cofinancing.action_share"}


def _entries(manifest: dict[str, Any]) -> list[tuple[str, set[tuple[str, str]], set[str]]]:
    """Each planted inconsistency: its rule, where a finding must point to report it
    ((territory, file) for the planted file and its copies; (territory, '*') for dossier
    rules) and the side-effect rules the manifest lists in `implies`."""
    copies: dict[str, list[str]] = defaultdict(list)  # a file and the copies written of it
    for d in manifest["documents"]:
        if d["duplicate_of"]:
            copies[d["duplicate_of"]].append(d["file"])
    out = []
    for p in manifest["planted"]:
        code = p["territory_code"]
        files = {Path(f).name for given in p["files"] for f in (given, *copies[given])}
        where = {(code, f) for f in files} or {(code, "*")}
        if p["rule"].startswith("dossier.") or p["rule"] == "identity.duplicate":
            where = {(code, "*")}
        out.append((p["rule"], where, set(p["values"].get("implies", []))))
    return out


def _keys(f: Finding) -> set[tuple[str, str]]:
    code = f.territory_key or ""
    return {(code, d.source_file.name) for d in f.documents} | {(code, "*")}


def evaluate(findings: list[Finding], manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per rule: recall over planted entries; precision strict (the finding matches a plant
    of its rule or a side effect the manifest lists) and explained (some plant was made in
    the finding's file: a changed amount disagrees in more places than the plant says)."""
    entries = _entries(manifest)
    planted_files = {k for _r, where, _i in entries for k in where}
    out = {}
    rules = {r for r, _w, _i in entries} | {f.rule for f in findings} - NOT_PLANTED
    for rule in sorted(rules):
        mine = [f for f in findings if f.rule == rule]
        expected = [w for r, w, _i in entries if r == rule]
        found = sum(1 for w in expected if any(_keys(f) & w for f in mine))
        strict = sum(1 for f in mine if any(
            _keys(f) & w for r, w, implies in entries if r == rule or rule in implies))
        explained = sum(1 for f in mine if _keys(f) & planted_files)
        out[rule] = {"planted": len(expected), "found": found, "findings": len(mine),
                     "correct": strict, "explained": explained,
                     "recall": found / len(expected) if expected else None,
                     "precision": strict / len(mine) if mine else None,
                     "precision_explained": explained / len(mine) if mine else None}
    return out


def run(territories: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        manifest = generate(corpus, territories, YEARS, seed)
        files = list(collect_files([corpus]))
        files = [f for f in files if f.name != "manifest.json"]
        with open_store(f"sqlite:///{tmp}/db.sqlite3") as sessions, sessions() as session:
            start = time.perf_counter()
            results = list(ingest_paths(session, files))
            ingest_s = time.perf_counter() - start
            start = time.perf_counter()
            nation = consolidate(session, GroupBy.NATION)
            regions = consolidate(session, GroupBy.REGION)
            measures = consolidate(session, GroupBy.MEASURE)
            consolidate_s = time.perf_counter() - start
            findings = list(session.scalars(select(Finding)))
            for f in findings:
                _ = [d.source_file.name for d in f.documents]
            scores = evaluate(findings, manifest)
            failed = [r for r in results if r.error is not None]
        distinct = sum(d["expected"]["document"]["state_funding"]["amount"] or 0
                       for d in manifest["documents"]
                       if d["duplicate_of"] is None and d["kind"] != "rapport_execution")
        with_copies = sum(d["expected"]["document"]["state_funding"]["amount"] or 0
                          for d in manifest["documents"] if d["kind"] != "rapport_execution")
    return {
        "territories": territories, "files": len(files), "failed": len(failed),
        "ingest_seconds": round(ingest_s, 1),
        "documents_per_second": round(len(files) / ingest_s, 2),
        "consolidation_ms": round(1000 * consolidate_s, 1),
        "regions": len(regions), "measures": len(measures),
        "national_state_credits": nation[0].state_credits if nation else None,
        "distinct_documents_state_amount": round(distinct, 2),
        "with_copies_state_amount": round(with_copies, 2),
        "findings": len(findings), "by_severity": dict(Counter(f.severity for f in findings)),
        "rules": scores,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--territories", type=int, nargs="+", default=[10, 100])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    reports = [run(n, args.seed) for n in args.territories]
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
        return 0
    for r in reports:
        print(f"\n{r['territories']} territories: {r['files']} files ({r['failed']} failed), "
              f"ingest + checks {r['ingest_seconds']} s = {r['documents_per_second']} "
              f"documents/s; consolidation (nation, régions, measures) "
              f"{r['consolidation_ms']} ms")
        print(f"national State credits {r['national_state_credits']:.2f} vs distinct documents "
              f"{r['distinct_documents_state_amount']:.2f} (with copies: "
              f"{r['with_copies_state_amount']:.2f}); findings {r['by_severity']}")
        print(f"{'rule':<36} {'planted':>7} {'found':>5} {'recall':>6} {'findings':>8} "
              f"{'precision':>9} {'explained':>9}")
        for rule, s in r["rules"].items():
            rec = "—" if s["recall"] is None else f"{s['recall']:.2f}"
            pre = "—" if s["precision"] is None else f"{s['precision']:.2f}"
            exp = "—" if s["precision_explained"] is None else f"{s['precision_explained']:.2f}"
            print(f"{rule:<36} {s['planted']:>7} {s['found']:>5} {rec:>6} {s['findings']:>8} "
                  f"{pre:>9} {exp:>9}")
    if len(reports) > 1:
        a, b = reports[0], reports[-1]
        print(f"\ngrowth {a['territories']} → {b['territories']} territories: files × "
              f"{b['files'] / a['files']:.1f}, ingest time × "
              f"{b['ingest_seconds'] / a['ingest_seconds']:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
