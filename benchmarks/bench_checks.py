"""Checks benchmark: the rules on the five seeds, and refresh from the store.

Run: `.venv/bin/python benchmarks/bench_checks.py [--repeat N]`. Reports the median time of
`check_documents` on the seeds' extractions (extraction excluded), and of one territory's
`refresh_territory` (identity, documents in force, rebuild from stored values, checks,
findings upsert) after ingesting the seeds into a scratch SQLite database.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from calpae.checks import CheckedDocument, DocumentRef, check_documents
from calpae.pipeline import ingest_paths
from calpae.process import extract_file
from calpae.store import open_store
from calpae.store.dossiers import refresh_territory
from calpae.store.models import Document

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    files = sorted(SEEDS.glob("*.txt"))
    docs = [CheckedDocument(DocumentRef(f.name), extract_file(f)[1]) for f in files]
    findings = check_documents(docs)
    t = median_seconds(lambda: check_documents(docs), args.repeat)
    print(f"check_documents on {len(docs)} seeds: {1000 * t:.1f} ms (median of {args.repeat}),"
          f" {len(findings)} findings")
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/b.db") as sessions:
        with sessions() as session:
            list(ingest_paths(session, files))
            keys = sorted({k for k in session.scalars(select(Document.territory_key)) if k})
            session.rollback()

            def refresh_all() -> None:
                with session.begin():
                    for key in keys:
                        refresh_territory(session, key)
            t = median_seconds(refresh_all, args.repeat)
        print(f"refresh_territory for the {len(keys)} seed territories from the store: "
              f"{1000 * t:.1f} ms (median of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
