"""House rules that hold for the whole package: module docstrings, packaged migrations."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path, PurePosixPath

import pytest

SOURCE_ROOT = Path(__file__).resolve().parents[1] / "src" / "calpae"
MODULES = sorted(p for p in SOURCE_ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def shipped_by(path: str, pattern: str) -> bool:
    """Whether a setuptools package-data glob takes the file (`*` never crosses a `/`)."""
    file, glob = PurePosixPath(path), PurePosixPath(pattern)
    return len(file.parts) == len(glob.parts) and file.match(pattern)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.relative_to(SOURCE_ROOT).as_posix())
def test_every_module_starts_with_a_docstring(module: Path):
    docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert docstring, f"{module} has no module docstring"


def test_every_migration_file_ships_in_the_package(repo_root: Path):
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["calpae"]
    migrations = SOURCE_ROOT / "store" / "migrations"
    files = [p.relative_to(SOURCE_ROOT).as_posix() for p in migrations.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts]
    assert any(f.startswith("store/migrations/versions/") for f in files)
    unshipped = [f for f in files if not any(shipped_by(f, pat) for pat in patterns)]
    assert unshipped == []
