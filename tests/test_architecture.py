"""House rules that hold for the whole package: module docstrings, packaged migrations, one
home for the errors and the environment variable names."""

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


def error_classes_outside_errors_py() -> list[str]:
    """Classes deriving from a class of `errors.py` but defined in another module."""
    from calpae import errors

    error_names = {name for name, value in vars(errors).items()
                   if isinstance(value, type) and issubclass(value, errors.CalpaeError)}
    found = []
    for module in MODULES:
        if module == SOURCE_ROOT / "errors.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            bases = {getattr(b, "id", getattr(b, "attr", None))
                     for b in getattr(node, "bases", [])}
            if isinstance(node, ast.ClassDef) and bases & error_names:
                found.append(f"{module.relative_to(SOURCE_ROOT)}: {node.name}")
    return found


def test_every_error_is_defined_in_errors_py():
    assert error_classes_outside_errors_py() == []


def test_the_database_variable_is_named_once():
    named = [p.relative_to(SOURCE_ROOT).as_posix() for p in MODULES
             if '"CALPAE_DATABASE_URL"' in p.read_text(encoding="utf-8")]
    assert named == ["settings.py"]
