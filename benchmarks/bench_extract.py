"""Extraction benchmark: median read, extract and read+extract time per seed, and peak memory.

Run: `.venv/bin/python benchmarks/bench_extract.py [--repeat N] [--json] [FILE ...]`
(default: every `*.txt` seed of ../shared/seeds). Times are medians over N repetitions after
one warm-up run; memory is the tracemalloc peak of one read+extract (Python allocations)
and the process's ru_maxrss (resident set high-water mark, whole run).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calpae.extract import extract
from calpae.readers import read_bytes

DEFAULT_SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up: imports, regex compilation, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports kibibytes


def bench_file(path: Path, repeat: int) -> dict[str, Any]:
    data = path.read_bytes()
    source = read_bytes(data, path.name)
    return {
        "document": path.name,
        "bytes": len(data),
        "lines": len(source.lines),
        "read_ms": 1000 * median_seconds(lambda: read_bytes(data, path.name), repeat),
        "extract_ms": 1000 * median_seconds(lambda: extract(source), repeat),
        "total_ms": 1000 * median_seconds(lambda: extract(read_bytes(data, path.name)), repeat),
        "peak_mib": peak_bytes(lambda: extract(read_bytes(data, path.name))) / 2**20,
    }


def print_table(rows: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    w = max(len(r["document"]) for r in [*rows, {"document": "document"}])
    print(f"{'document':<{w}}  {'bytes':>8}  {'lines':>6}  {'read ms':>8}  {'extract ms':>10}"
          f"  {'total ms':>8}  {'peak MiB':>8}")
    for r in rows:
        print(f"{r['document']:<{w}}  {r['bytes']:>8}  {r['lines']:>6}  {r['read_ms']:>8.2f}"
              f"  {r['extract_ms']:>10.2f}  {r['total_ms']:>8.2f}  {r['peak_mib']:>8.2f}")
    print(f"median read+extract per document: {summary['median_total_ms']:.2f} ms"
          f" ({summary['repeat']} repetitions); max tracemalloc peak:"
          f" {summary['max_peak_mib']:.2f} MiB; ru_maxrss: {summary['max_rss_mib']:.1f} MiB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="documents (default: the seeds)")
    ap.add_argument("--repeat", type=int, default=5, help="timed repetitions (default 5)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args(argv)
    files = args.files or sorted(DEFAULT_SEEDS.glob("*.txt"))
    if not files:
        ap.error(f"aucun document à mesurer / no document to measure in {DEFAULT_SEEDS}")
    rows = [bench_file(f, max(1, args.repeat)) for f in files]
    summary = {
        "repeat": max(1, args.repeat),
        "median_total_ms": statistics.median(r["total_ms"] for r in rows),
        "median_read_ms": statistics.median(r["read_ms"] for r in rows),
        "median_extract_ms": statistics.median(r["extract_ms"] for r in rows),
        "max_peak_mib": max(r["peak_mib"] for r in rows),
        "max_rss_mib": max_rss_bytes() / 2**20,
    }
    if args.json:
        print(json.dumps({"documents": rows, "summary": summary}, indent=2))
    else:
        print_table(rows, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
