"""Generalisation: extraction must follow a seed's variants (renamed, rescaled, reordered, damaged).

Each variant is built at test time from a seed and its gold by `tests/variants.py`; its
expected calpae-json is the gold changed by the same transformation. A variant passes when the
extraction scores about as well on it as on the unmodified seed, and when every value the
extraction got right on the seed is still right, as transformed, on the variant.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from calpae.extract import extract, to_calpae_json
from calpae.readers import read_bytes

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[0] / ".." / "shared"


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


V = _load("calpae_test_variants", TESTS / "variants.py")
scorer = _load("calpae_shared_score", SHARED / "tools" / "score.py")

LOIRET, LOIRET_REDACTED = "001_315cf24a9d552c8b", "000_78f0f77c220eba02"
ALLIER, MAINE_ET_LOIRE, SEINE_ET_MARNE = ("002_d9f735a711199f59", "003_0818d3b09f6eb6fc",
                                          "004_7df9f1034cf1fd4a")
ALL_SEEDS = (LOIRET_REDACTED, LOIRET, ALLIER, MAINE_ET_LOIRE, SEINE_ET_MARNE)
SHORT = {LOIRET_REDACTED: "000-loiret-redacted", LOIRET: "001-loiret", ALLIER: "002-allier-ocr",
         MAINE_ET_LOIRE: "003-maine-et-loire", SEINE_ET_MARNE: "004-seine-et-marne"}
FACTOR = 3
TOLERANCE = 0.05  # F1 points a variant may lose against its seed
OCR_TOLERANCE = 0.10


# --- seeds, extraction and scoring ----------------------------------------------------------


@functools.cache
def seed(stem: str) -> tuple[str, dict[str, Any]]:
    text = (SHARED / "seeds" / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return text, gold


@functools.cache
def _predict_cached(text: str, name: str) -> str:
    source = read_bytes(text.encode("utf-8"), name)
    return json.dumps(to_calpae_json(extract(source)), ensure_ascii=False)


def predict(text: str, name: str) -> dict[str, Any]:
    return json.loads(_predict_cached(text, name))


@dataclass
class Scored:
    f1: float
    matched: set[str]  # gold leaf paths the prediction matches
    values: dict[str, Any]  # gold leaf path -> gold value


def score(gold: dict[str, Any], pred: dict[str, Any]) -> Scored:
    result = scorer.score(gold, pred)
    values = {scorer.fmt(p): v for p, v in scorer.flatten(gold, gold=True).items()}
    wrong = {path for path, _, _ in result["mismatches"]}
    return Scored(result["f1"], set(values) - wrong, values)


# --- the variants ---------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    stem: str
    build: Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]]]
    tolerance: float = TOLERANCE
    ref_map: dict[str, str] = field(default_factory=dict)  # swapped fiches: old ref -> new

    def __str__(self) -> str:
        return self.id


def _territory_cases() -> list[Case]:
    cases = []
    targets = V.TARGET_DEPARTEMENTS
    for i, stem in enumerate(ALL_SEEDS):
        for new in (targets[i % len(targets)], targets[(i + 3) % len(targets)]):
            cases.append(Case(
                f"{SHORT[stem]}×territory-{new.name}", stem,
                functools.partial(V.rename_territory, new=new)))
    return cases


def _swap_cases() -> list[Case]:
    cases = []
    for stem in (MAINE_ET_LOIRE, SEINE_ET_MARNE):
        text, gold = seed(stem)
        pairs = V.swappable_pairs(text, gold)
        for a, b in dict.fromkeys([pairs[0], pairs[-1]]):
            cases.append(Case(
                f"{SHORT[stem]}×swap-fiches-{a}-{b}", stem,
                functools.partial(V.swap_fiches, pair=(a, b)), ref_map={a: b, b: a}))
    return cases


CASES = [
    *_territory_cases(),
    *[Case(f"{SHORT[s]}×signatories", s, V.rename_signatories)
      for s in (LOIRET, MAINE_ET_LOIRE, SEINE_ET_MARNE)],
    *[Case(f"{SHORT[s]}×amounts-x{FACTOR}", s,
           functools.partial(V.rescale_amounts, factor=FACTOR)) for s in ALL_SEEDS],
    *_swap_cases(),
    *[Case(f"{SHORT[s]}×uppercase-headings", s, V.uppercase_headings) for s in ALL_SEEDS],
    *[Case(f"{SHORT[s]}×ocr-damage", s, V.ocr_damage, tolerance=OCR_TOLERANCE)
      for s in ALL_SEEDS],
]


def _map_path(path: str, ref_map: dict[str, str]) -> str:
    """A gold path of the seed as the variant's expected calls it (swapped refs renamed)."""
    m = re.match(r"actions\[([^\]]+)\]", path)
    if m and m.group(1) in ref_map:
        return f"actions[{ref_map[m.group(1)]}]{path[m.end():]}"
    return path


def changed_paths(before: Scored, after: Scored, ref_map: dict[str, str]) -> set[str]:
    """Variant paths whose expected value the transformation changed."""
    mapped = {_map_path(p, ref_map): v for p, v in before.values.items()}
    return {p for p, v in after.values.items() if p in mapped and mapped[p] != v}


# --- builder checks (no extraction involved) ------------------------------------------------


@pytest.mark.parametrize("stem", ALL_SEEDS, ids=SHORT.get)
def test_territory_builder_leaves_no_old_name(stem: str) -> None:
    text, gold = seed(stem)
    old = gold["document"]["territory"]["name"]
    for new in V.TARGET_DEPARTEMENTS:
        variant, expected = V.rename_territory(text, gold, new)
        leftover = re.findall(rf"(?<![\w-]){V._name_pattern(old)}(?![\w'’])", variant)
        assert [w for w in leftover if not w.islower()] == [], new.name
        assert expected["document"]["territory"] == {**gold["document"]["territory"],
                                                     "name": new.name, "code": new.code}
        assert len(re.findall(V._name_pattern(new.name), variant)) >= 3


def test_territory_builder_follows_french_articles() -> None:
    rename = V.territory_renamer(V.Departement("Loiret", "45", ""), V.TARGET_DEPARTEMENTS[0])
    assert rename("Le Département du\n\nLoiret") == "Le Département de la\n\nHaute-Garonne"
    assert rename("dans le Loiret, au Loiret") == "en Haute-Garonne, à la Haute-Garonne"
    assert rename("DEPARTEMENT DU LOIRET, www.loiret.fr") == (
        "DEPARTEMENT DE LA HAUTE-GARONNE, www.loiret.fr")
    to_herault = V.territory_renamer(V.Departement("Allier", "03", ""),
                                     V.Departement("Hérault", "34", "l'"))
    assert to_herault("de l'Allier, Varennes-sur-Allier") == "de l'Hérault, Varennes-sur-Allier"
    to_nord = V.territory_renamer(V.Departement("Seine-et-Marne", "77", ""),
                                  V.Departement("Nord", "59", "le"))
    assert to_nord("# 77-Seine-et-Marne, en Seine et Marne") == "# 59-Nord, dans le Nord"


@pytest.mark.parametrize("stem", (LOIRET, MAINE_ET_LOIRE, SEINE_ET_MARNE), ids=SHORT.get)
def test_signatory_builder_replaces_every_name(stem: str) -> None:
    text, gold = seed(stem)
    variant, expected = V.rename_signatories(text, gold)
    for old in V.named_signatories(gold):
        surname = V._split_name(old)[1]
        assert not re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", variant, re.IGNORECASE)
    new_names = V.named_signatories(expected)
    assert len(new_names) == len(V.named_signatories(gold))
    for name in new_names:
        assert re.search(V._words_pattern(name), variant, re.IGNORECASE), name


@pytest.mark.parametrize("stem", ALL_SEEDS, ids=SHORT.get)
def test_amount_builder_rescales_every_gold_amount(stem: str) -> None:
    text, gold = seed(stem)
    variant, expected = V.rescale_amounts(text, gold, FACTOR)
    assert V.missing_scaled_amounts(text, variant, gold, FACTOR) == []
    assert V.gold_amounts(expected) == {round(a * FACTOR, 2) for a in V.gold_amounts(gold)}


def test_amount_builder_keeps_the_french_format() -> None:
    rescale = V.amount_rescaler({120000.0}, 3)
    assert rescale("1 132 187,89 € et 35 812.5 € ; 15000 € ; 120 000 ; 2019 ; 000 €") == (
        "3 396 563,67 € et 107 437.5 € ; 45000 € ; 360 000 ; 2019 ; 000 €")
    assert rescale("83 694 + 52 000€ (mobilité)") == "251 082 + 156 000€ (mobilité)"


@pytest.mark.parametrize("stem", (MAINE_ET_LOIRE, SEINE_ET_MARNE), ids=SHORT.get)
def test_swap_builder_exchanges_contents_and_keeps_numbering(stem: str) -> None:
    text, gold = seed(stem)
    a, b = V.swappable_pairs(text, gold)[-1]
    variant, expected = V.swap_fiches(text, gold, (a, b))
    numbers = [blk.number for blk in V.fiche_blocks(text)]
    assert [blk.number for blk in V.fiche_blocks(variant)] == numbers
    old = {blk.number: text[blk.start:blk.end] for blk in V.fiche_blocks(text)}
    new = {blk.number: variant[blk.start:blk.end] for blk in V.fiche_blocks(variant)}
    assert new[a].split("\n", 1)[1][:200] == old[b].split("\n", 1)[1][:200]
    refs = {x["ref"]: x for x in gold["actions"]}
    assert {x["ref"]: x["title"] for x in expected["actions"]}[a] == refs[b]["title"]


@pytest.mark.parametrize("stem", ALL_SEEDS, ids=SHORT.get)
def test_ocr_builder_damages_without_touching_the_expected(stem: str) -> None:
    text, gold = seed(stem)
    variant, expected = V.ocr_damage(text, gold)
    assert expected == gold
    assert "¢€" in variant and not re.search(r"(?<!\w)à(?!\w)", variant)
    assert not re.search(r"(?<!\w)l['’]", variant)
    assert variant.count("\n") >= text.count("\n")


# --- extraction follows the variants --------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=str)
def test_extraction_follows_variant(case: Case) -> None:
    text, gold = seed(case.stem)
    variant_text, expected = case.build(text, gold)
    name = f"{case.stem}.txt"
    before = score(gold, predict(text, name))
    after = score(expected, predict(variant_text, name))

    assert after.f1 >= before.f1 - case.tolerance, (
        f"{case}: F1 {after.f1:.4f} on the variant against {before.f1:.4f} on the seed")

    kept = {_map_path(p, case.ref_map) for p in before.matched}
    lost = sorted(kept - after.matched)
    slack = int(case.tolerance * len(kept))
    assert len(lost) <= slack, f"{case}: {len(lost)} values lost (> {slack}): {lost[:12]}"

    key = changed_paths(before, after, case.ref_map)
    key |= {_map_path(p, case.ref_map) for p in before.values
            if any(p.startswith(f"actions[{r}]") for r in case.ref_map)}
    lost_key = sorted(p for p in key & kept if p not in after.matched)
    assert lost_key == [], f"{case}: the extraction did not follow the change at {lost_key[:12]}"


def test_cases_cover_every_transformation() -> None:
    kinds = {c.id.split("×")[1].split("-")[0] for c in CASES}
    assert kinds == {"territory", "signatories", "amounts", "swap", "uppercase", "ocr"}
    assert len({c.id for c in CASES}) == len(CASES)
