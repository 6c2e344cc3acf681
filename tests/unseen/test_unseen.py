"""Unseen-document bench: synthetic CALPAE documents unlike the seeds, scored against answers.

Each document in `docs/` (a convention, an avenant, an OCR execution report, a Markdown
export with HTML cells, a flattened text layer, a redacted copy) was written by hand in
wording and layout that the seeds do not use, with its expected calpae-json beside it
(`<stem>.json`, following `shared/gold/SCHEMA.md`). Extraction must reach F1 >= 0.90 on
each document and >= 0.95 over all of them.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from calpae.extract import extract, to_calpae_json
from calpae.readers import read_bytes

DOCS = Path(__file__).resolve().parent / "docs"
SCORER = Path(__file__).resolve().parents[2] / ".." / "shared" / "tools" / "score.py"
MIN_DOCUMENT_F1 = 0.90
MIN_OVERALL_F1 = 0.95


def _load_scorer() -> ModuleType:
    name = "calpae_shared_score"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCORER)
    assert spec and spec.loader, SCORER
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _documents() -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(DOCS.glob("*.json")):
        sources = [p for p in DOCS.glob(expected.stem + ".*") if p.suffix != ".json"]
        assert len(sources) == 1, f"one source document expected beside {expected.name}"
        pairs.append((sources[0], expected))
    return pairs


DOCUMENTS = _documents()


@functools.cache
def _scored(source: Path, expected: Path) -> dict[str, Any]:
    prediction = to_calpae_json(extract(read_bytes(source.read_bytes(), source.name)))
    gold = json.loads(expected.read_text(encoding="utf-8"))
    return _load_scorer().score(gold, prediction)


def _misses(result: dict[str, Any]) -> str:
    show = _load_scorer().show
    return "\n".join(f"  {path}: expected {show(g)} | extracted {show(p)}"
                     for path, g, p in result["mismatches"])


def test_bench_has_every_kind_of_document() -> None:
    kinds = {json.loads(e.read_text(encoding="utf-8"))["document"]["kind"] for _, e in DOCUMENTS}
    assert len(DOCUMENTS) >= 5
    assert kinds == {"convention", "avenant", "rapport_execution"}


def test_expected_answers_are_calpae_json() -> None:
    for source, expected in DOCUMENTS:
        gold = json.loads(expected.read_text(encoding="utf-8"))
        assert gold["format"] == "calpae-json/1"
        assert gold["source"] == source.name
        assert set(gold) >= {"document", "actions", "financial_summary"}
        refs = [a["ref"] for a in gold["actions"]]
        assert len(refs) == len(set(refs)), f"{expected.name}: two actions share a ref"


@pytest.mark.parametrize(("source", "expected"), DOCUMENTS, ids=[s.stem for s, _ in DOCUMENTS])
def test_unseen_document_scores(source: Path, expected: Path) -> None:
    result = _scored(source, expected)
    assert result["f1"] >= MIN_DOCUMENT_F1, (
        f"{source.name}: F1 {result['f1']:.4f} < {MIN_DOCUMENT_F1}\n{_misses(result)}")


def test_unseen_overall_score() -> None:
    scorer = _load_scorer()
    counts = {"fields": 0, "matched": 0, "predicted": 0, "correct": 0}
    misses = []
    for source, expected in DOCUMENTS:
        result = _scored(source, expected)
        for key in counts:
            counts[key] += result[key]
        if result["mismatches"]:
            misses.append(f"{source.name}:\n{_misses(result)}")
    overall = scorer.rates(counts)["f1"]
    assert overall >= MIN_OVERALL_F1, f"overall F1 {overall:.4f}\n" + "\n".join(misses)
