"""Web benchmark: p50/p95 latency of the dashboard, a territory, a document and a search, with
1 and 20 concurrent clients, against `calpae serve` (uvicorn) on 127.0.0.1.

Run: `.venv/bin/python benchmarks/bench_web.py [--db URL | --territories N] [--requests R]
[--workers W]`.
With `--db` it serves that database as it is; otherwise it writes a demo corpus of N
territories (what `calpae demo-corpus` writes) into a scratch folder, ingests it into a scratch
SQLite database and serves that. Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from calpae.demo.corpus import generate
from calpae.pipeline import collect_files, ingest_paths
from calpae.store import open_store
from calpae.store.models import ActionLine, Document, ExtractedValue

SERVE = ("import sys; from calpae.cli import app; "
         "app(['--db', sys.argv[1], 'serve', '--port', sys.argv[2], '--workers', sys.argv[3]])")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill(folder: Path, territories: int, seed: int) -> tuple[str, int, float]:
    """A demo corpus ingested into a new SQLite database: (url, files, seconds)."""
    corpus = folder / "corpus"
    generate(corpus, territories, range(2019, 2023), seed, plant_rate=0.1)
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    files = [p for p in collect_files([corpus]) if p.name != "manifest.json"]
    start = time.perf_counter()
    with open_store(url) as sessions, sessions() as session:
        failed = [r for r in ingest_paths(session, files) if r.error is not None]
    if failed:
        print(f"{len(failed)} fichier(s) en échec à l'ingestion", file=sys.stderr)
    return url, len(files), time.perf_counter() - start


def targets(url: str) -> dict[str, str]:
    """The pages measured: the busiest territory, the document with the most values, a word
    of a fiche title."""
    with open_store(url) as sessions, sessions() as session:
        key = session.scalar(select(Document.territory_key).where(
            Document.territory_key.is_not(None)).group_by(Document.territory_key)
            .order_by(func.count(Document.id).desc()).limit(1))
        doc = session.scalar(select(ExtractedValue.document_id).group_by(
            ExtractedValue.document_id).order_by(func.count().desc()).limit(1))
        title = session.scalar(select(ActionLine.title).where(ActionLine.title.is_not(None))
                               .order_by(ActionLine.id).limit(1)) or "pauvreté"
    word = max(re.findall(r"\w+", title), key=len)
    return {"tableau de bord": "/", "territoire": f"/territoires/{key}",
            "document": f"/documents/{doc}", "recherche": f"/recherche?q={word}"}


def wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"le serveur s'est arrêté (code {process.returncode})")
        try:
            if httpx.get(f"{base}/api.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("le serveur ne répond pas")


async def measure(base: str, path: str, clients: int, requests: int) -> tuple[list[float], int]:
    """Latencies (seconds) of `requests` GETs made by `clients` concurrent clients."""
    latencies: list[float] = []
    size = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        for _ in range(3):  # warm up
            await client.get(path)

        async def worker() -> None:
            nonlocal size
            while not queue.empty():
                queue.get_nowait()
                start = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - start)
                response.raise_for_status()
                size = len(response.content)

        await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, size


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="URL SQLAlchemy d'une base déjà remplie")
    ap.add_argument("--territories", type=int, default=5,
                    help="sans --db : territoires du corpus de démonstration")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--requests", type=int, default=60, help="requêtes par mesure")
    ap.add_argument("--workers", type=int, default=1, help="processus uvicorn (calpae serve "
                                                           "--workers)")
    ap.add_argument("--clients", default="1,20", help="clients simultanés, séparés par des "
                                                      "virgules")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if url is None:
            url, files, seconds = fill(Path(tmp), args.territories, args.seed)
            print(f"corpus de démonstration : {args.territories} territoires, {files} fichiers "
                  f"ingérés en {seconds:.1f} s")
        with open_store(url) as sessions, sessions() as session:
            counts = (session.scalar(select(func.count(Document.id))),
                      session.scalar(select(func.count(ExtractedValue.id))))
        print(f"base : {counts[0]} documents, {counts[1]} valeurs extraites ; "
              f"{args.workers} processus serveur(s)")
        pages = targets(url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", SERVE, url, str(port),
                                   str(args.workers)],
                                  env=os.environ.copy(), stdout=subprocess.DEVNULL)
        try:
            wait_until_up(base, server)
            print(f"{'page':<16} {'adresse':<34} {'octets':>9} {'clients':>7} {'p50 ms':>8} "
                  f"{'p95 ms':>8} {'req/s':>7}")
            for clients in (int(c) for c in args.clients.split(",")):
                for name, path in pages.items():
                    start = time.perf_counter()
                    latencies, size = asyncio.run(measure(base, path, clients, args.requests))
                    rate = len(latencies) / (time.perf_counter() - start)
                    print(f"{name:<16} {path[:34]:<34} {size:>9} {clients:>7} "
                          f"{1000 * percentile(latencies, 50):>8.1f} "
                          f"{1000 * percentile(latencies, 95):>8.1f} {rate:>7.1f}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
