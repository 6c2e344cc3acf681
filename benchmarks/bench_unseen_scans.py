"""Benchmark: every unseen document rendered, scanned (tilted, noisy, blurred) and read by OCR.

Usage: .venv/bin/python benchmarks/bench_unseen_scans.py [--dpi 200] [--only PREFIX] [--json]
Each document of tests/unseen/docs is laid out as a native PDF with ruled tables, its pages
rendered, degraded like a scan and put back into an image-only PDF, which is read (OCR) and
extracted; the result is scored against the document's expected calpae-json. Prints F1 per
document (with the text version's for reference), pages, seconds, and the overall F1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import degrade, load_scorer, page_images, pdf_bytes, scan_pdf  # noqa: E402
from calpae.extract import extract, to_calpae_json  # noqa: E402
from calpae.readers import read_bytes  # noqa: E402

DOCS = ROOT / "tests" / "unseen" / "docs"
COUNTS = ("fields", "matched", "predicted", "correct")


def scanned(pdf: bytes, dpi: int) -> tuple[bytes, int]:
    doc = pdfium.PdfDocument(pdf)
    n = len(doc)
    doc.close()
    images = [degrade(im, angle=0.8 if k % 2 else -0.6, seed_=k)
              for k, im in enumerate(page_images(pdf, list(range(n)), dpi=dpi))]
    return scan_pdf(images, dpi=dpi), n


def bench_document(source: Path, dpi: int, scorer) -> dict:
    gold = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    text = read_bytes(source.read_bytes(), source.name)
    text_f1 = scorer.score(gold, to_calpae_json(extract(text)))["f1"]
    scan, pages = scanned(pdf_bytes(text), dpi)
    started = time.perf_counter()
    result = scorer.score(gold, to_calpae_json(extract(read_bytes(scan, source.stem + ".pdf"))))
    return {"document": source.stem, "pages": pages, "text_f1": text_f1, "scan_f1": result["f1"],
            "seconds": time.perf_counter() - started, **{k: result[k] for k in COUNTS},
            "misses": result["mismatches"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--only", default="")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list the fields missed")
    args = parser.parse_args()
    scorer = load_scorer()
    sources = sorted(p for p in DOCS.iterdir()
                     if p.suffix in (".txt", ".md") and p.name.startswith(args.only))
    rows = []
    for source in sources:
        row = bench_document(source, args.dpi, scorer)
        rows.append(row)
        if not args.json:
            print(f"{row['document'][:40]:40} pages {row['pages']:2}  text F1 {row['text_f1']:.4f}"
                  f"  scan F1 {row['scan_f1']:.4f}  {row['seconds']:6.1f} s", flush=True)
            for path, g, p in row["misses"] if args.verbose else []:
                print(f"    {path}: expected {scorer.show(g)} | read {scorer.show(p)}")
    overall = scorer.rates({k: sum(r[k] for r in rows) for k in COUNTS})["f1"]
    if args.json:
        print(json.dumps({"overall_f1": overall, "documents": [
            {k: v for k, v in r.items() if k != "misses"} for r in rows]}, indent=1))
    else:
        print(f"overall scan F1 {overall:.4f} over {len(rows)} documents, "
              f"{sum(r['pages'] for r in rows)} pages, {sum(r['seconds'] for r in rows):.0f} s")


if __name__ == "__main__":
    main()
