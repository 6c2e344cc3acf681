"""Comparisons shared by the reader tests: text similarity and F1 against the gold."""

from __future__ import annotations

import difflib
import json

from builders import GOLD, load_scorer
from calpae.errors import NotACalpaeDocument
from calpae.extract import dumps, extract
from calpae.model import SourceDocument


def word_similarity(a: str, b: str) -> float:
    """Similarity of two texts as word sequences (layout and line breaks ignored)."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def f1_against_gold(source: SourceDocument, gold_stem: str, only: tuple[str, ...] = ()) -> float:
    """F1 of the extraction of source against the gold file of a seed (0 if not recognised)."""
    gold = json.loads((GOLD / f"{gold_stem}.json").read_text(encoding="utf-8"))
    try:
        pred = json.loads(dumps(extract(source)))
    except NotACalpaeDocument:
        return 0.0
    return load_scorer().score(gold, pred, only=only)["f1"]
