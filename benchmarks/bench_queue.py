"""Throughput of the ingestion queue: documents per second with 1 and 2 worker processes.

Run: `PYTHONPATH=src .venv/bin/python benchmarks/bench_queue.py [--territories 10] [--seed 1]
[--workers 1 2] [--scans 0] [--json]`. Writes a demo corpus (`calpae demo-corpus OUT
--territories N --seed S`), then for each worker count, in a fresh folder (SQLite database,
SQLite queue, uploads): enqueues every file (`accept_upload` + `enqueue`, timed apart),
starts `calpae worker --workers W`, and waits for every job to end. Reports the wall time
from the worker's start to the last job's end (start-up included) and the busy span from
the first job's start to the last one's end (from the job table), as documents per second.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from calpae.demo.corpus import generate
from calpae.pipeline import collect_files
from calpae.settings import DATABASE_URL_ENV, QUEUE_URL_ENV, UPLOAD_DIR_ENV
from calpae.store.models import IngestJob
from calpae.tasks import TaskConfig, accept_upload, enqueue, get_queue, runtime
from calpae.tasks.jobs import FINAL, as_utc

SRC = Path(__file__).resolve().parents[1] / "src"
YEARS = range(2019, 2023)
CLI = "import sys; from calpae.cli import app; sys.argv[0] = 'calpae'; app()"


def run_once(files: list[Path], workers: int, folder: Path, timeout: float) -> dict[str, Any]:
    config = TaskConfig.from_env(database_url=f"sqlite:///{folder / 'calpae.sqlite3'}",
                                 queue_url=f"sqlite:///{folder / 'queue.sqlite3'}",
                                 upload_dir=folder / "uploads")
    runtime.configure(config)
    queue = get_queue(config.queue_url)
    started = time.perf_counter()
    with runtime.sessions()() as session:
        for path in files:
            with path.open("rb") as stream:
                enqueue(session, accept_upload(stream, path.name, directory=config.upload_dir),
                        queue)
    enqueue_seconds = time.perf_counter() - started
    env = {**os.environ, "PYTHONPATH": str(SRC), DATABASE_URL_ENV: config.database_url,
           QUEUE_URL_ENV: config.queue_url, UPLOAD_DIR_ENV: str(config.upload_dir)}
    log = (folder / "worker.log").open("wb")
    begin = time.perf_counter()
    worker = subprocess.Popen([sys.executable, "-c", CLI, "worker", "--workers", str(workers),
                               "--quiet"], env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        while True:
            with runtime.sessions()() as session:
                open_jobs = session.scalar(select(func.count()).select_from(IngestJob).where(
                    IngestJob.status.not_in([str(s) for s in FINAL])))
            if not open_jobs or time.perf_counter() - begin > timeout:
                break
            time.sleep(0.1)
        wall = time.perf_counter() - begin
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    with runtime.sessions()() as session:
        jobs = list(session.scalars(select(IngestJob)))
    runtime.dispose()
    statuses = Counter(j.status for j in jobs)
    starts = [as_utc(j.started_at) for j in jobs if j.started_at]
    ends = [as_utc(j.finished_at) for j in jobs if j.finished_at and j.started_at]
    busy = (max(ends) - min(starts)).total_seconds() if starts and ends else float("nan")
    processed = sum(1 for j in jobs if j.started_at)
    spans = [(as_utc(j.finished_at) - as_utc(j.started_at)).total_seconds() for j in jobs
             if j.started_at and j.finished_at]
    return {"workers": workers, "files": len(files), "jobs": len(jobs),
            "stored": statuses["enregistré"], "duplicates": statuses["déjà présent"],
            "failed": statuses["échec"], "unfinished": len(jobs) - sum(
                statuses[str(s)] for s in FINAL),
            "enqueue_s": round(enqueue_seconds, 2), "wall_s": round(wall, 2),
            "busy_s": round(busy, 2),
            "job_s": round(sum(spans) / len(spans), 3) if spans else None,
            "docs_per_s_wall": round(processed / wall, 2),
            "docs_per_s_busy": round(processed / busy, 2) if busy > 0 else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--scans", type=int, default=0, help="scanned PDFs in the corpus")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.territories, YEARS, args.seed, plant_rate=0.1, scans=args.scans)
        files = [p for p in collect_files([corpus]) if p.name != "manifest.json"]
        results = [run_once(files, w, Path(tmp) / f"run-{w}", args.timeout)
                   for w in args.workers]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"Corpus: {args.territories} territories, seed {args.seed}, {len(files)} files, "
          f"{args.scans} scans; {os.cpu_count()} CPUs")
    header = ("workers", "stored", "dup", "failed", "enqueue s", "wall s", "busy s",
              "mean job s", "docs/s wall", "docs/s busy")
    print(" | ".join(header))
    for r in results:
        print(" | ".join(str(r[k]) for k in ("workers", "stored", "duplicates", "failed",
                                             "enqueue_s", "wall_s", "busy_s", "job_s",
                                             "docs_per_s_wall", "docs_per_s_busy")))


if __name__ == "__main__":
    main()
