"""Benchmark of the PDF and OCR readers against bare pypdfium2 and the bare tesseract CLI.

Usage: .venv/bin/python benchmarks/bench_pdf.py [--pages 10,25,50,100,200] [--ocr-pages 2]
       [--runs 5] [--scan-seed 001] [--no-scan] [--json]
Prints (a table, or one JSON object with --json): native PDF pages/s and ratio to the bare
pypdfium2 text read of the same file (median of alternated runs), time vs page count (linear
fit), peak memory, OCR seconds per page and overhead over the bare tesseract CLI on the same
page images (OMP_THREAD_LIMIT=1 on both sides), and the F1 of a whole seed rendered, scanned
(rotated, noisy) and read back, scored against its gold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import (  # noqa: E402
    GOLD,
    degrade,
    load_scorer,
    page_images,
    pdf_bytes,
    scan_pdf,
    seed,
)
from calpae.extract import dumps, extract  # noqa: E402
from calpae.readers import ocr as calpae_ocr  # noqa: E402
from calpae.readers import read_bytes, read_file  # noqa: E402


def bare_text(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    n = 0
    for page in doc:
        n += len(page.get_textpage().get_text_range())
    doc.close()
    return n


def alternated(first, second, runs: int) -> tuple[float, float]:
    """Median seconds of two functions run in turn (A B A B ...), after one warm-up each."""
    first(), second()
    a, b = [], []
    for _ in range(runs):
        for fn, times in ((first, a), (second, b)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def native(page_counts: list[int], runs: int) -> dict:
    source = read_file(seed("004"))
    base_pages = len(pdfium.PdfDocument(pdf_bytes(source)))
    rows = []
    data = b""
    for n in page_counts:
        data = pdf_bytes(source, max_pages=n, repeat=math.ceil(n / base_pages) + 1)
        pages = len(pdfium.PdfDocument(data))
        ours, bare = alternated(lambda d=data: read_bytes(d, "bench.pdf"),
                                lambda d=data: bare_text(d), runs)
        rows.append({"pages": pages, "calpae_s": ours, "bare_s": bare,
                     "pages_per_s": pages / ours, "bare_pages_per_s": pages / bare,
                     "ratio": ours / bare})
    xs, ys = [r["pages"] for r in rows], [r["calpae_s"] for r in rows]
    slope, intercept = np.polyfit(xs, ys, 1)
    residual = max(abs(y - (slope * x + intercept)) for x, y in zip(xs, ys, strict=True))
    tracemalloc.start()
    read_bytes(data, "bench.pdf")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"base_pages": base_pages, "rows": rows,
            "fit": {"ms_per_page": slope * 1000, "intercept_ms": intercept * 1000,
                    "max_residual_ms": residual * 1000,
                    "r2": float(np.corrcoef(xs, ys)[0, 1] ** 2) if len(xs) > 1 else 1.0},
            "memory": {"pages": rows[-1]["pages"], "python_peak_mb": peak / 1e6,
                       "max_rss_mb": rss_mb()}}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ocr_overhead(n_pages: int, runs: int) -> dict:
    source = read_file(seed("001"))
    images = [degrade(im, angle=1.0, seed_=i) for i, im in
              enumerate(page_images(pdf_bytes(source, max_pages=n_pages + 1),
                                    list(range(n_pages)), dpi=300))]
    one = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    threads = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    ours, cli_png, cli_pgm, cli_threads = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, image in enumerate(images):
            png, pgm = Path(tmp) / f"p{i}.png", Path(tmp) / f"p{i}.pgm"
            image.save(png)
            image.save(pgm)

            def cli(path: Path, env: dict) -> None:
                subprocess.run(["tesseract", str(path), "-", "-l", "fra", "--psm", "3", "tsv"],
                               env=env, capture_output=True, check=True)

            a, b = alternated(lambda im=image: calpae_ocr.recognise(im),
                              lambda p=png: cli(p, one), runs)
            ours.append(a)
            cli_png.append(b)
            cli_pgm.append(alternated(lambda p=pgm: cli(p, one), lambda: None, runs)[0])
            cli_threads.append(best_of(lambda p=png: cli(p, threads), 1))
    mean = statistics.fmean(ours)
    return {"pages": n_pages, "dpi": 300,
            "omp_thread_limit_calpae": os.environ.get("OMP_THREAD_LIMIT"),
            "calpae_s_per_page": mean,
            "cli_png_s_per_page": statistics.fmean(cli_png),
            "cli_pgm_s_per_page": statistics.fmean(cli_pgm),
            "cli_default_threads_s_per_page": statistics.fmean(cli_threads),
            "overhead_vs_png": mean / statistics.fmean(cli_png) - 1,
            "overhead_vs_pgm": mean / statistics.fmean(cli_pgm) - 1}


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def whole_scan(stem_prefix: str) -> dict:
    path = seed(stem_prefix)
    source = read_file(path)
    native_pdf = pdf_bytes(source)
    n = len(pdfium.PdfDocument(native_pdf))
    images = [degrade(im, angle=(1.0 if i % 2 else -1.0), seed_=i)
              for i, im in enumerate(page_images(native_pdf, list(range(n)), dpi=200))]
    scanned = scan_pdf(images, dpi=200)
    t = time.perf_counter()
    doc = read_bytes(scanned, f"{path.stem}.pdf")
    elapsed = time.perf_counter() - t
    scorer = load_scorer()
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))

    def f1(source_document) -> float:
        return scorer.score(gold, json.loads(dumps(extract(source_document))))["f1"]

    conf = [p.confidence for p in doc.pages if p.confidence is not None]
    return {"seed": path.stem, "pages": n, "seconds": elapsed, "s_per_page": elapsed / n,
            "mean_confidence": sum(conf) / len(conf), "f1_text": f1(source),
            "f1_native_pdf": f1(read_bytes(native_pdf, "n.pdf")), "f1_scan": f1(doc)}


def print_table(result: dict) -> None:
    nat = result["native"]
    print(f"== Native PDF (seed 004 re-rendered, {nat['base_pages']} pages per copy), "
          "median of alternated runs")
    print(f"{'pages':>6} {'calpae s':>9} {'pages/s':>8} {'bare s':>8} {'bare p/s':>9} "
          f"{'ratio':>6}")
    for r in nat["rows"]:
        print(f"{r['pages']:>6} {r['calpae_s']:>9.3f} {r['pages_per_s']:>8.0f} "
              f"{r['bare_s']:>8.3f} {r['bare_pages_per_s']:>9.0f} {r['ratio']:>6.2f}")
    fit, mem = nat["fit"], nat["memory"]
    print(f"linear fit: t = {fit['ms_per_page']:.2f} ms/page × pages + "
          f"{fit['intercept_ms']:.1f} ms (max residual {fit['max_residual_ms']:.1f} ms, "
          f"r² {fit['r2']:.4f})")
    print(f"peak Python memory reading {mem['pages']} pages: {mem['python_peak_mb']:.1f} MB "
          f"(tracemalloc); process max RSS {mem['max_rss_mb']:.0f} MB")
    ocr = result.get("ocr")
    if ocr:
        print(f"\n== OCR, {ocr['pages']} page(s) at 300 dpi (rotated 1°, noise, blur); "
              f"OMP_THREAD_LIMIT={ocr['omp_thread_limit_calpae']} for calpae and the CLI")
        print("calpae OCR (deskew + ruling lines + Tesseract words): "
              f"{ocr['calpae_s_per_page']:.2f} s/page")
        print(f"tesseract CLI on the PNG: {ocr['cli_png_s_per_page']:.2f} s/page -> overhead "
              f"{ocr['overhead_vs_png'] * 100:+.0f} %")
        print(f"tesseract CLI on the PGM: {ocr['cli_pgm_s_per_page']:.2f} s/page -> overhead "
              f"{ocr['overhead_vs_pgm'] * 100:+.0f} %")
        print(f"tesseract CLI, default OpenMP threads: "
              f"{ocr['cli_default_threads_s_per_page']:.2f} s/page")
    scan = result.get("scan")
    if scan:
        print(f"\n== Whole scan of seed {scan['seed']}: {scan['pages']} pages OCRed in "
              f"{scan['seconds']:.0f} s ({scan['s_per_page']:.1f} s/page), mean confidence "
              f"{scan['mean_confidence']:.1f}")
        print(f"F1 vs gold: text {scan['f1_text']:.4f} | native PDF {scan['f1_native_pdf']:.4f}"
              f" | scan {scan['f1_scan']:.4f} (goal >= 0.85)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,25,50,100,200")
    parser.add_argument("--ocr-pages", type=int, default=2, help="0: no OCR measurement")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scan-seed", default="001")
    parser.add_argument("--no-scan", action="store_true")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    args = parser.parse_args()
    result = {"native": native([int(p) for p in args.pages.split(",")], args.runs)}
    if args.ocr_pages:
        result["ocr"] = ocr_overhead(args.ocr_pages, args.runs)
    if not args.no_scan:
        result["scan"] = whole_scan(args.scan_seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
