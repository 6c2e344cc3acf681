"""Fixtures of the format readers' tests: inputs built from the seeds at test time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The builders live in tests/builders; pytest's importlib mode does not put tests/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builders import pdf_bytes, seed
from calpae.readers import read_file


@pytest.fixture(scope="session")
def loiret_text():
    """The text-layer export seed (prose, flattened tables) read as text."""
    return read_file(seed("001"))


@pytest.fixture(scope="session")
def markdown_source():
    """The Markdown seed with tab tables, read by the Markdown reader."""
    return read_file(seed("003"))


@pytest.fixture(scope="session")
def loiret_pdf(loiret_text) -> bytes:
    return pdf_bytes(loiret_text)


@pytest.fixture(scope="session")
def markdown_pdf(markdown_source) -> bytes:
    return pdf_bytes(markdown_source)
