"""Fixtures of the extraction tests: the shared scorer and the seed variants, loaded once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# The builders live in tests/builders; pytest's importlib mode does not put tests/ on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from builders import load_scorer


@pytest.fixture(scope="session")
def scorer():
    """The shared scorer (`score`), imported from its path."""
    return load_scorer()


@pytest.fixture(scope="session")
def variants(repo_root: Path):
    """tests/variants.py, the seed variants' builders (the module test_generalisation loads)."""
    name = "calpae_test_variants"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, repo_root / "tests" / "variants.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
