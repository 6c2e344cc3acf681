"""Demo-corpus benchmark: time to write a corpus, and how well our extractor reads it back.

Run: `.venv/bin/python benchmarks/bench_demo_corpus.py [--territories N] [--score M]
[--seed S] [--scans K] [--json]`. Writes N territories × 2019-2022 (no scans unless asked)
and reports the time and file count; then writes an M-territory corpus and scores every
document's extraction against the manifest (`score.py`), overall, per style and per format.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from calpae.demo.corpus import generate
from demo.scoring import score_corpus

YEARS = range(2019, 2023)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--territories", type=int, default=100)
    ap.add_argument("--score", type=int, default=10, help="territories of the scored corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scans", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        data = generate(Path(tmp) / "big", a.territories, YEARS, a.seed)
        report["generate"] = {"territories": a.territories, "files": len(data["documents"]),
                              "planted": len(data["planted"]),
                              "seconds": round(time.perf_counter() - start, 2)}
        if a.score:
            out = Path(tmp) / "scored"
            generate(out, a.score, YEARS, a.seed, scans=a.scans)
            start = time.perf_counter()
            result = score_corpus(out, Path(tmp) / "work")
            worst = sorted(result["documents"], key=lambda d: d["f1"])[:5]
            report["score"] = {"territories": a.score, "documents": len(result["documents"]),
                               "overall_f1": round(result["overall"]["f1"], 4),
                               "by_style": result["by_style"], "by_format": result["by_format"],
                               "seconds": round(time.perf_counter() - start, 2),
                               "worst": [(d["document"], round(d["f1"], 4),
                                          [m["path"] for m in d.get("mismatches", [])][:6])
                                         for d in worst]}
    print(json.dumps(report, ensure_ascii=False, indent=None if a.json else 1))


if __name__ == "__main__":
    main()
