"""Pathological-input benchmark: read+extract time of each hostile input at 1x, 2x, 4x, 8x.

Run: `.venv/bin/python benchmarks/bench_pathological.py [--repeat N] [--scale F] [--json]
[--case NAME ...]`. The inputs are built at run time (tests/builders/pathological.py): only
newlines, only tabs and CR/LF, a CALPAE header then a flood of newlines, one huge line,
many lines, 100 000 nested HTML tags, a 50 000-row Markdown table, a tab table, a DOCX cell
spanning 10^6 columns. Each size runs the whole path of `calpae ingest` but the store
(`process.extract_bytes`: limits, time budget, reader, extraction); the table gives the
median seconds per size, the outcome (read, or the error a user sees) and the ratios
t(2x)/t(1x), t(4x)/t(2x), t(8x)/t(4x): about 2 where the work is linear, about 1 where the
input is refused by a limit before it is analysed. `--scale` multiplies every base size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders.pathological import CASES  # noqa: E402
from calpae.errors import CalpaeError  # noqa: E402
from calpae.process import extract_bytes  # noqa: E402

FACTORS = (1, 2, 4, 8)
LIMIT_SECONDS = 10.0  # the most any input may take at its largest size


def run_once(name: str, data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        source, extraction = extract_bytes(data, name)
        outcome = f"lu : {len(source.lines)} lignes, {len(extraction.actions)} action(s)"
    except CalpaeError as e:
        outcome = e.message.split(" : ", 1)[-1]
    return time.perf_counter() - start, outcome


def bench_case(case: str, repeat: int, scale: float,
               factors: tuple[int, ...] = FACTORS) -> dict[str, Any]:
    build, unit, base = CASES[case]
    sizes = []
    for factor in factors:
        size = max(1, int(base * scale * factor))
        name, data = build(size)
        runs = [run_once(name, data) for _ in range(repeat)]
        sizes.append({"factor": factor, "size": size, "bytes": len(data),
                      "seconds": statistics.median(t for t, _ in runs), "outcome": runs[0][1]})
    ratios = [b["seconds"] / max(a["seconds"], 1e-9) for a, b in itertools.pairwise(sizes)]
    return {"case": case, "unit": unit, "sizes": sizes, "ratios": ratios,
            "max_seconds": max(s["seconds"] for s in sizes)}


def print_table(rows: list[dict[str, Any]]) -> None:
    w = max(len(r["case"]) for r in rows)
    heads = [f"{s['factor']}x size" for s in rows[0]["sizes"]]
    print(f"{'input':<{w}}  {'unit':<5}  " + "  ".join(f"{h:>11} {'s':>6}" for h in heads)
          + "  ratios 2/1 4/2 8/4")
    for r in rows:
        cells = "  ".join(f"{s['size']:>11} {s['seconds']:>6.3f}" for s in r["sizes"])
        ratios = " ".join(f"{x:.2f}" for x in r["ratios"])
        print(f"{r['case']:<{w}}  {r['unit']:<5}  {cells}  {ratios}")
    print()
    for r in rows:
        outcomes = dict.fromkeys(s["outcome"] for s in r["sizes"])
        print(f"{r['case']}: " + " | ".join(outcomes))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (median, default 3)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies every base size")
    ap.add_argument("--case", action="append", choices=list(CASES), help="only these inputs")
    ap.add_argument("--factor", type=int, action="append", choices=FACTORS,
                    help="only these sizes (to time one size as a whole process)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args(argv)
    name, data = CASES["CALPAE + many lines"][0](1000)
    extract_bytes(data, name)  # warm-up: imports, compiled patterns
    factors = tuple(args.factor or FACTORS)
    rows = [bench_case(c, max(1, args.repeat), args.scale, factors) for c in args.case or CASES]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print_table(rows)
    slow = [r["case"] for r in rows if r["max_seconds"] > LIMIT_SECONDS]
    if slow:
        print(f"plus de {LIMIT_SECONDS:.0f} s / over {LIMIT_SECONDS:.0f} s: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
