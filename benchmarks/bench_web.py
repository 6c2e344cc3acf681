"""Web benchmark: p50/p95 latency of the dashboard, a territory, a document and a search, with
1 and 20 concurrent clients, against `calpae serve` (uvicorn) on 127.0.0.1.

The load comes from `wrk` (Debian's package, a C load tool: `make bench-web` installs it) when
it is on the PATH, else from Python httpx clients, which on a two-core machine take much of
the CPU the server needs (`--tool httpx` to compare). `--cold` measures pages rendered afresh:
the page cache (`CALPAE_PAGE_CACHE_BYTES`) is turned off in the server.

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
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

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


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CALPAE %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def rotation(url: str) -> list[str]:
    """Every document and territory page, interleaved: asked in turn, most are rendered
    afresh (the page cache holds each only after its first visit)."""
    with open_store(url) as sessions, sessions() as session:
        docs = [f"/documents/{i}" for i in session.scalars(
            select(Document.id).order_by(Document.id))]
        keys = [f"/territoires/{k}" for k in session.scalars(
            select(Document.territory_key).where(Document.territory_key.is_not(None))
            .group_by(Document.territory_key).order_by(Document.territory_key))]
    out = []
    for i, doc in enumerate(docs):
        out.append(doc)
        if i < len(keys):
            out.append(keys[i])
    return out


def rotation_script(paths: list[str], report: str) -> str:
    """A wrk script asking `paths` in turn, each thread from its own starting point."""
    listed = ",".join(f'"{p}"' for p in paths)
    return (f"paths = {{{listed}}}\ncounter = 0\noffset = 0\nthreads = 0\n"
            "setup = function(thread) thread:set('offset', threads * 997); "
            "threads = threads + 1 end\n"
            "request = function() counter = counter + 1; "
            "return wrk.format(nil, paths[((counter + offset) % #paths) + 1]) end\n" + report)


def measure_wrk(base: str, path: str, clients: int, seconds: float,
                script: Path) -> tuple[float, float, float, int]:
    """(p50 ms, p95 ms, requests/s, errors) of `clients` wrk connections for `seconds`."""
    url = base + quote(path, safe="/?=&")
    httpx.get(url, timeout=120).raise_for_status()  # as a visitor before: rendered once
    out = subprocess.run(["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{round(seconds)}s",
                          "--timeout", "30s", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("CALPAE "))
    count, duration, p50, p95, errors = (int(x) for x in line.split()[1:])
    return p50 / 1000, p95 / 1000, count / (duration / 1e6), errors


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
    ap.add_argument("--tool", choices=("wrk", "httpx"),
                    default="wrk" if shutil.which("wrk") else "httpx")
    ap.add_argument("--seconds", type=float, default=10.0, help="durée de chaque mesure (wrk)")
    ap.add_argument("--cold", action="store_true", help="sans le cache des pages")
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
        env = os.environ.copy()
        if args.cold:
            env["CALPAE_PAGE_CACHE_BYTES"] = "0"
        server = subprocess.Popen([sys.executable, "-c", SERVE, url, str(port),
                                   str(args.workers)], env=env, stdout=subprocess.DEVNULL)
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_REPORT)
        rotating = Path(tmp) / "rotation.lua"
        paths = rotation(url)
        rotating.write_text(rotation_script(paths, WRK_REPORT))
        if args.tool == "wrk":
            pages[f"pages tournantes ({len(paths)})"] = "/"
        print(f"charge : {args.tool} ; cache des pages : {'non' if args.cold else 'oui'}")
        try:
            wait_until_up(base, server)
            print(f"{'page':<16} {'adresse':<34} {'octets':>9} {'clients':>7} {'p50 ms':>8} "
                  f"{'p95 ms':>8} {'req/s':>7}")
            for clients in (int(c) for c in args.clients.split(",")):
                for name, path in pages.items():
                    if args.tool == "wrk":
                        used = rotating if name.startswith("pages tournantes") else script
                        p50, p95, rate, errors = measure_wrk(base, path, clients, args.seconds,
                                                             used)
                        print(f"{name:<16} {path[:34]:<34} {'':>9} {clients:>7} {p50:>8.1f} "
                              f"{p95:>8.1f} {rate:>7.1f}" + (f" ({errors} erreurs)"
                                                             if errors else ""))
                        continue
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
