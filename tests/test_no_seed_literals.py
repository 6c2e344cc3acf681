"""Guard: extraction code holds no seed file name and no value copied from a seed's answer.

The answers (gold) give the values a seed holds; none of the distinctive ones (people's
names, signature places, action titles, table labels, amounts of five digits or more) may
appear in `src/`, in code or comments, so that extraction is driven by document structure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# The territory table is general French knowledge, not a seed value.
GENERAL_TABLES = {"territories.py"}


def _leaves(obj, key=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _leaves(v, key)
    else:
        yield key, obj


def _amount_forms(value: float) -> set[str]:
    whole = int(value)
    grouped = f"{whole:,}".replace(",", " ")
    forms = {str(whole), grouped, grouped.replace(" ", "\u00a0"), grouped.replace(" ", ".")}
    if not float(value).is_integer():
        cents = f"{value:.2f}".split(".")[1]
        forms |= {f"{grouped},{cents}", f"{whole}.{cents}"}
    return forms


def _distinctive_text(key: str, value: str) -> bool:
    """People's names and places always; titles and labels when long enough to be unique."""
    return key in {"name", "place"} or (key in {"title", "label"} and len(value) >= 25)


def distinctive_values(gold_dir: Path) -> dict[str, str]:
    """Each distinctive gold value in its printed forms -> the gold file it comes from."""
    found: dict[str, str] = {}
    for path in sorted(gold_dir.glob("*.json")):
        for key, v in _leaves(json.loads(path.read_text(encoding="utf-8"))):
            if isinstance(v, bool) or v is None:
                continue
            if isinstance(v, int | float) and abs(v) >= 10_000:
                for form in _amount_forms(float(v)):
                    found[form] = path.name
            elif isinstance(v, str) and _distinctive_text(key, v):
                found[v] = path.name
        found[path.stem] = path.name
    return found


def seed_values_in(folder: Path, values: dict[str, str]) -> list[str]:
    """`file: value (from gold)` for each distinctive value found in a .py file under folder."""
    offenders = []
    for py in sorted(folder.rglob("*.py")):
        text = py.read_text(encoding="utf-8")
        for value, gold in values.items():
            if py.name in GENERAL_TABLES and not re.search(r"\d", value):
                continue
            if re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", text):
                offenders.append(f"{py.relative_to(folder).as_posix()}: {value!r} (from {gold})")
    return offenders


def test_no_seed_value_in_source(repo_root: Path, gold_dir: Path):
    values = distinctive_values(gold_dir)
    assert len(values) > 50  # the guard itself must have something to look for
    offenders = seed_values_in(repo_root / "src", values)
    assert not offenders, "seed values in src/:\n" + "\n".join(offenders)


def test_the_guard_catches_a_planted_value(gold_dir: Path, tmp_path: Path):
    values = distinctive_values(gold_dir)
    amount = next(v for v in values if re.fullmatch(r"\d{5,}", v))
    name = next(v for v in values if not re.search(r"\d", v))
    package = tmp_path / "calpae" / "extract"
    package.mkdir(parents=True)
    (package / "clean.py").write_text('"""Nothing from a seed."""\nx = 1\n', encoding="utf-8")
    (package / "planted.py").write_text(f"AMOUNT = {amount}\n# {name}\n", encoding="utf-8")
    (package / "territories.py").write_text(f"# {name}\n", encoding="utf-8")  # general table
    offenders = seed_values_in(tmp_path, values)
    for value in (amount, name):
        assert f"calpae/extract/planted.py: {value!r} (from {values[value]})" in offenders
    assert all(o.startswith("calpae/extract/planted.py: ") for o in offenders)
