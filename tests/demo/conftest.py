"""Small demo corpora shared by the demo tests (written once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from calpae.demo.corpus import generate

YEARS = range(2019, 2023)
# a seed whose two territories come out in every style and in txt, md, pdf and docx
SEED = 11


@pytest.fixture(scope="session")
def clean_corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("clean")
    return out, generate(out, 3, YEARS, SEED, plant_rate=0.0)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("planted")
    return out, generate(out, 2, YEARS, SEED, plant_rate=0.1)


@pytest.fixture(scope="session")
def full_corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("full")
    return out, generate(out, 3, YEARS, SEED, plant_rate=1.0)
