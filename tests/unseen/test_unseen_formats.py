"""Unseen documents in the forms users bring them: native PDF (ruled and borderless tables),
DOCX and HTML, built at test time from each document and scored like its text version."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/builders

from builders import docx_bytes, html_bytes, load_scorer, pdf_bytes, plain_pdf_bytes
from calpae.extract import extract, to_calpae_json
from calpae.model import SourceDocument
from calpae.readers import read_bytes

DOCS = Path(__file__).resolve().parent / "docs"
# a format may lose this much F1 against the document's text version
MAX_LOSS = 0.02
# tables without ruling lines are rebuilt from word positions only
MIN_BORDERLESS_F1 = 0.90

BUILDERS: dict[str, tuple[Callable[[SourceDocument], bytes], str]] = {
    "pdf": (pdf_bytes, ".pdf"),
    "docx": (docx_bytes, ".docx"),
    "html": (html_bytes, ".html"),
}


def _sources() -> list[Path]:
    return sorted(p for p in DOCS.iterdir() if p.suffix in (".txt", ".md"))


SOURCES = _sources()


@functools.cache
def _text_version(source: Path) -> SourceDocument:
    return read_bytes(source.read_bytes(), source.name)


@functools.cache
def _f1(source: Path, fmt: str) -> tuple[float, str]:
    """F1 of the document read in fmt ("text" or a built format), and its misses."""
    text = _text_version(source)
    if fmt == "text":
        doc = text
    elif fmt == "pdf-borderless":
        doc = read_bytes(plain_pdf_bytes(text), source.stem + ".pdf")
    else:
        build, suffix = BUILDERS[fmt]
        doc = read_bytes(build(text), source.stem + suffix)
    gold = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    scorer = load_scorer()
    result: dict[str, Any] = scorer.score(gold, to_calpae_json(extract(doc)))
    misses = "\n".join(f"  {path}: expected {scorer.show(g)} | extracted {scorer.show(p)}"
                       for path, g, p in result["mismatches"])
    return result["f1"], misses


def test_every_unseen_document_is_built():
    assert len(SOURCES) >= 14
    assert all(s.with_suffix(".json").exists() for s in SOURCES)


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_format_scores_as_well_as_the_text_version(source: Path, fmt: str):
    text_f1, _ = _f1(source, "text")
    f1, misses = _f1(source, fmt)
    assert f1 >= text_f1 - MAX_LOSS, (
        f"{source.name} as {fmt}: F1 {f1:.4f} < {text_f1:.4f}\n{misses}")


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_borderless_pdf_scores_well(source: Path):
    f1, misses = _f1(source, "pdf-borderless")
    assert f1 >= MIN_BORDERLESS_F1, f"{source.name} borderless PDF: F1 {f1:.4f}\n{misses}"


def test_borderless_pdf_tables_come_out_as_table_rows():
    """The built PDF has no ruling line, yet its tables are read as cells (not flattened)."""
    source = next(s for s in SOURCES if _text_version(s).tables)
    doc = read_bytes(plain_pdf_bytes(_text_version(source)), "plain.pdf")
    assert doc.tables
    assert any("\t" in doc.line_text(line) for line in doc.lines)
