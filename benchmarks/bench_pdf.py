"""Benchmark of the PDF and OCR readers against bare pypdfium2 and the bare tesseract CLI.

Usage: .venv/bin/python benchmarks/bench_pdf.py [--pages 10,25,50,100,200] [--ocr-pages 2]
       [--scan-seed 001] [--no-scan]
Prints: native PDF pages/s and ratio to bare text extraction, time vs page count (linear fit),
peak memory, OCR seconds per page and overhead over the tesseract CLI, and the F1 of a whole
seed rendered, scanned (rotated, noisy) and read back, scored against its gold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
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


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def native(page_counts: list[int]) -> None:
    source = read_file(seed("004"))
    base_pages = len(pdfium.PdfDocument(pdf_bytes(source)))
    print(f"\n== Native PDF (seed 004 re-rendered, {base_pages} pages per copy)")
    print(f"{'pages':>6} {'calpae s':>9} {'pages/s':>8} {'bare s':>8} {'ratio':>6}")
    xs, ys = [], []
    for n in page_counts:
        data = pdf_bytes(source, max_pages=n, repeat=math.ceil(n / base_pages) + 1)
        pages = len(pdfium.PdfDocument(data))
        ours = best_of(lambda d=data: read_bytes(d, "bench.pdf"))
        bare = best_of(lambda d=data: bare_text(d))
        xs.append(pages)
        ys.append(ours)
        print(f"{pages:>6} {ours:>9.3f} {pages / ours:>8.0f} {bare:>8.3f} {ours / bare:>6.2f}")
    slope, intercept = np.polyfit(xs, ys, 1)
    residual = max(abs(y - (slope * x + intercept)) for x, y in zip(xs, ys, strict=True))
    print(f"linear fit: t = {slope * 1000:.2f} ms/page × pages + {intercept * 1000:.1f} ms "
          f"(max residual {residual * 1000:.1f} ms)")
    tracemalloc.start()
    read_bytes(data, "bench.pdf")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak Python memory reading {pages} pages: {peak / 1e6:.1f} MB (tracemalloc); "
          f"process max RSS so far {rss:.0f} MB")


def ocr_overhead(n_pages: int) -> None:
    source = read_file(seed("001"))
    images = [degrade(im, angle=1.0, seed_=i) for i, im in
              enumerate(page_images(pdf_bytes(source, max_pages=n_pages + 1),
                                    list(range(n_pages)), dpi=300))]
    print(f"\n== OCR, {n_pages} page(s) at 300 dpi (rotated 1°, noise, blur)")
    ours, cli, cli_omp = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i, image in enumerate(images):
            path = Path(tmp) / f"p{i}.png"
            image.save(path)
            ours.append(best_of(lambda im=image: calpae_ocr.recognise(im), 1))
            env1 = {**os.environ, "OMP_THREAD_LIMIT": "1"}
            cmd = ["tesseract", str(path), "-", "-l", "fra", "--psm", "3", "tsv"]
            cli.append(best_of(lambda c=cmd, e=env1: subprocess.run(
                c, env=e, capture_output=True, check=True), 1))
            env_default = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
            cli_omp.append(best_of(lambda c=cmd, e=env_default: subprocess.run(
                c, env=e, capture_output=True, check=True), 1))
    mean = sum(ours) / len(ours)
    bare = sum(cli) / len(cli)
    print(f"calpae OCR (deskew + image_to_data): {mean:.2f} s/page")
    print(f"tesseract CLI, OMP_THREAD_LIMIT=1: {bare:.2f} s/page -> overhead "
          f"{(mean / bare - 1) * 100:+.0f} %")
    print(f"tesseract CLI, default OpenMP threads: {sum(cli_omp) / len(cli_omp):.2f} s/page")


def whole_scan(stem_prefix: str) -> None:
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
    f1_scan = scorer.score(gold, json.loads(dumps(extract(doc))))["f1"]
    f1_text = scorer.score(gold, json.loads(dumps(extract(source))))["f1"]
    f1_native = scorer.score(gold, json.loads(dumps(extract(read_bytes(native_pdf, "n.pdf")))))
    conf = [p.confidence for p in doc.pages if p.confidence is not None]
    print(f"\n== Whole scan of seed {path.stem}: {n} pages OCRed in {elapsed:.0f} s "
          f"({elapsed / n:.1f} s/page), mean confidence {sum(conf) / len(conf):.1f}")
    print(f"F1 vs gold: text {f1_text:.4f} | native PDF {f1_native['f1']:.4f} | "
          f"scan {f1_scan:.4f} (goal >= 0.85)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="10,25,50,100,200")
    parser.add_argument("--ocr-pages", type=int, default=2)
    parser.add_argument("--scan-seed", default="001")
    parser.add_argument("--no-scan", action="store_true")
    args = parser.parse_args()
    native([int(p) for p in args.pages.split(",")])
    ocr_overhead(args.ocr_pages)
    if not args.no_scan:
        whole_scan(args.scan_seed)


if __name__ == "__main__":
    main()
