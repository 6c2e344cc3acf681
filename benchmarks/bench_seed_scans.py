"""Whole-document scans of the seeds: every page rasterised, degraded, read by OCR, scored.

A benchmark, not a test (about a minute a seed): each seed is rendered as a native PDF by
the test builders, every page rasterised at 200 dpi, tilted ±1° with noise and blur, rebuilt
as an image-only PDF, read by calpae and scored against its gold answer.
Run: .venv/bin/python benchmarks/bench_seed_scans.py [STEM_PREFIX ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pypdfium2 as pdfium

from builders import degrade, page_images, scan_pdf, seed, seed_pdf
from builders.compare import f1_against_gold
from calpae.readers import read_bytes, read_file


def main(stems: list[str]) -> None:
    scores = []
    for stem in stems:
        path = seed(stem)
        _, pdf = seed_pdf(stem)
        pages = len(pdfium.PdfDocument(pdf))
        images = [degrade(im, angle=1.0 if i % 2 else -1.0, seed_=i)
                  for i, im in enumerate(page_images(pdf, list(range(pages)), dpi=200))]
        started = time.perf_counter()
        source = read_bytes(scan_pdf(images, dpi=200), path.stem + ".pdf")
        elapsed = time.perf_counter() - started
        scan_f1 = f1_against_gold(source, path.stem)
        text_f1 = f1_against_gold(read_file(path), path.stem)
        scores.append(scan_f1)
        print(f"{stem}: {pages} pages, {elapsed:.0f} s ({elapsed / pages:.1f} s/page), "
              f"scan F1 {scan_f1:.4f} vs text {text_f1:.4f}", flush=True)
    print(f"mean scan F1 {sum(scores) / len(scores):.4f}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["000", "001", "002", "003", "004"])
