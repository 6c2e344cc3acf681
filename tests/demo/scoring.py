"""Score what our extractor reads from a demo corpus against the manifest's `expected`, with
the shared scorer run as a program (`score.py --gold-dir G --pred-dir P --json`)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from calpae.extract import to_calpae_json
from calpae.process import extract_file

SCORER = Path(__file__).resolve().parents[2] / ".." / "shared" / "tools" / "score.py"


def flat_name(file: str) -> str:
    return file.replace("/", "__") + ".json"


def score_corpus(corpus: Path, work: Path) -> dict[str, Any]:
    """Extract every document of the corpus, score it; return the scorer's JSON with, per
    document, the manifest's style and format added, and `by_style`/`by_format` F1."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    gold, pred = work / "gold", work / "pred"
    gold.mkdir(parents=True, exist_ok=True)
    pred.mkdir(parents=True, exist_ok=True)
    entries = {}
    for entry in manifest["documents"]:
        name = flat_name(entry["file"])
        entries[name] = entry
        expected = dict(entry["expected"], source=name)
        (gold / name).write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
        _source, extraction = extract_file(corpus / entry["file"])
        (pred / name).write_text(json.dumps(dict(to_calpae_json(extraction), source=name),
                                            ensure_ascii=False), encoding="utf-8")
    run = subprocess.run([sys.executable, str(SCORER), "--gold-dir", str(gold), "--pred-dir",
                          str(pred), "--json", "--verbose"],
                         capture_output=True, text=True, check=True)
    result = json.loads(run.stdout)
    groups: dict[str, dict[str, dict[str, int]]] = {"by_style": defaultdict(dict),
                                                      "by_format": defaultdict(dict)}
    for doc in result["documents"]:
        entry = entries[Path(doc["document"]).name]
        doc["style"], doc["format"] = entry["style"], entry["format"]
        for group, key in (("by_style", entry["style"]), ("by_format", entry["format"])):
            counts = groups[group][key]
            for k in ("fields", "matched", "predicted", "correct"):
                counts[k] = counts.get(k, 0) + doc[k]
    for group, table in groups.items():
        result[group] = {key: _f1(c) for key, c in sorted(table.items())}
    return result


def _f1(c: dict[str, int]) -> float:
    precision = c["correct"] / c["predicted"] if c["predicted"] else 1.0
    recall = c["matched"] / c["fields"] if c["fields"] else 1.0
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
