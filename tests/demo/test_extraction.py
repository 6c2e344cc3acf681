"""Our extractor reads what the demo corpus wrote: each document extracted and scored against
the manifest's `expected` with the shared scorer."""

from __future__ import annotations

from pathlib import Path

from .scoring import score_corpus

# measured on this corpus (2 territories, seed 11, 15 files): overall F1 0.9992 (one flat PDF
# convention loses its exercise year and its table total row); 10 territories: 0.9999
MIN_OVERALL_F1 = 0.98
MIN_DOCUMENT_F1 = 0.85


def test_extractor_reads_the_demo_corpus(corpus, tmp_path: Path):
    out, manifest = corpus
    formats = {d["format"] for d in manifest["documents"]}
    assert {"txt", "md", "pdf", "docx"} <= formats
    result = score_corpus(out, tmp_path)
    worst = sorted(result["documents"], key=lambda d: d["f1"])[:3]
    summary = ", ".join(f"{d['document']} {d['f1']:.3f}" for d in worst)
    assert result["overall"]["f1"] >= MIN_OVERALL_F1, (result["by_style"], summary)
    assert all(d["f1"] >= MIN_DOCUMENT_F1 for d in result["documents"]), summary
