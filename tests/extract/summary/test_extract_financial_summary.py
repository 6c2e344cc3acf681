"""extract_financial_summary and the build of its lines: totals recognised by their sum, amounts
scaled once, no table, and the seeds and their OCR-damaged variants against their gold."""

from __future__ import annotations

import json
from pathlib import Path

from calpae.extract.models import Action, DocumentBlock
from calpae.extract.summary import extract_financial_summary
from calpae.model import Extracted, to_tree
from calpae.readers import read_bytes, read_file

from ..helpers import FLAT, action, amounts, summarise


def test_flattened_unlabelled_grand_total_is_recognised_by_its_sum():
    summary = summarise(FLAT)
    assert to_tree(summary.total) == {"total": 142000, "state": 56000, "territory": 56000,
                                      "carryover": 10000, "other": 20000, "consumed": None}
    assert len(summary.subtotals) == 2


KEURO_FLAT = """MAQUETTE FINANCIERE (en k€)
Intitulé Budget global Part Etat Part CD
Action 1 Aide aux jeunes 12,5 k€ 6,25 k€ 6,25 k€
Action 2 Suivi renforcé 4 k€ 2 k€ 2 k€
TOTAL 16,5 k€ 8,25 k€ 8,25 k€
"""


def test_amounts_in_thousands_are_scaled_once():
    summary = summarise(KEURO_FLAT)
    assert amounts(summary, "total", "state") == [(12500, 6250), (4000, 2000)]


def test_no_table_gives_none():
    summary = summarise("Article 1 : le montant est de 10 000 €.\nFait à Paris.\n")
    assert summary is None


# --- seeds against their gold ---------------------------------------------------------------------

def gold_actions(gold: dict) -> list[Action]:
    out = []
    for a in gold["actions"]:
        state = (a.get("budget") or {}).get("state")
        out.append(action(a["ref"], a.get("title") or "", a.get("section") or "", state))
    return out


def test_seeds_against_gold(seed_files: list[Path], gold_dir: Path, scorer) -> None:
    """With the gold's actions (the fiches are read elsewhere), each seed's table scores ≥ 0.9."""
    worst = []
    for seed in seed_files:
        gold = json.loads((gold_dir / (seed.stem + ".json")).read_text(encoding="utf-8"))
        source = read_file(seed)
        year = gold["document"].get("exercise_year")
        document = DocumentBlock(exercise_year=Extracted(year) if year else None)
        summary, _ = extract_financial_summary(source, document, gold_actions(gold))
        pred = {"document": {}, "actions": [],
                "financial_summary": to_tree(summary) if summary else None}
        result = scorer.score(gold, pred, only=("financial_summary",))
        worst.append((result["f1"], seed.name, result["mismatches"][:5]))
    assert min(worst)[0] >= 0.9, min(worst)


def summary_score(text: str, name: str, gold: dict, scorer) -> tuple[float, list]:
    source = read_bytes(text.encode("utf-8"), name)
    year = gold["document"].get("exercise_year")
    document = DocumentBlock(exercise_year=Extracted(year) if year else None)
    summary, _ = extract_financial_summary(source, document, gold_actions(gold))
    pred = {"document": {}, "actions": [],
            "financial_summary": to_tree(summary) if summary else None}
    result = scorer.score(gold, pred, only=("financial_summary",))
    return result["f1"], result["mismatches"]


def test_ocr_damage_variant_of_every_seed_keeps_its_summary(seed_files, gold_dir, variants,
                                                            scorer):
    for seed in seed_files:
        gold = json.loads((gold_dir / (seed.stem + ".json")).read_text(encoding="utf-8"))
        text = seed.read_text(encoding="utf-8")
        damaged, expected = variants.ocr_damage(text, gold)
        before, _ = summary_score(text, seed.name, gold, scorer)
        after, lost = summary_score(damaged, seed.name, expected, scorer)
        assert after >= before - 0.01, (seed.name, before, after, lost[:6])
