"""The import-linter contracts of pyproject.toml really fail when a forbidden import appears.

Each case copies `src/calpae` into a scratch folder, plants one import in it and runs
`lint-imports` on the copy with the project's own contracts. The planted module is found
from the folders, so the cases survive a reorganisation of a stage into subpackages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("importlinter")

LINT_IMPORTS = ("import sys; from importlinter.cli import lint_imports_command; "
                "sys.exit(lint_imports_command())")


@dataclass(frozen=True)
class Linted:
    returncode: int
    output: str


def contracts(repo_root: Path) -> list[dict]:
    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["importlinter"]["contracts"]


def contract_name(repo_root: Path, contract_type: str, stage: str | None = None) -> str:
    """The name of the project's one contract of a type (layers, independence, …); where
    several contracts share the type (forbidden), the one whose source is `calpae.<stage>`."""
    found = [c for c in contracts(repo_root) if c["type"] == contract_type]
    if len(found) > 1 and stage:
        found = [c for c in found if f"calpae.{stage}" in c.get("source_modules", [])]
    [name] = [c["name"] for c in found]
    return name


def copy_package(repo_root: Path, tmp_path: Path) -> Path:
    """A copy of the `calpae` package under `tmp_path/src`; returns the copy's `calpae/`."""
    copy = tmp_path / "src" / "calpae"
    shutil.copytree(repo_root / "src" / "calpae", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def deepest_module(package: Path) -> Path:
    """The most deeply nested module of a package (the first by name at that depth); files in
    folders without `__init__.py`, such as the Alembic migrations, are no modules of it."""
    modules = [p for p in package.rglob("*.py")
               if all((folder / "__init__.py").is_file()
                      for folder in p.parents if folder.is_relative_to(package))]
    return min(modules, key=lambda p: (-len(p.parts), p.as_posix()))


def dotted(package: Path, module: Path) -> str:
    """`calpae.extract.actions` for `…/calpae/extract/actions.py` (`__init__` dropped)."""
    parts = module.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def plant(module: Path, statement: str) -> int:
    """Append an import at the end of a module; returns its line number."""
    text = module.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    module.write_text(f"{text}{statement}\n", encoding="utf-8")
    return text.count("\n") + 1


def lint_imports(repo_root: Path, tmp_path: Path) -> Linted:
    """Run lint-imports with the project's contracts on the copy under `tmp_path/src`."""
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    done = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", str(repo_root / "pyproject.toml")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    return Linted(done.returncode, done.stdout + done.stderr)


def test_the_unmodified_package_keeps_every_contract(repo_root: Path, tmp_path: Path):
    copy_package(repo_root, tmp_path)
    linted = lint_imports(repo_root, tmp_path)
    assert linted.returncode == 0, linted.output
    assert f"Contracts: {len(contracts(repo_root))} kept, 0 broken." in linted.output


@pytest.mark.parametrize(("stage", "statement", "broken"), [
    ("extract", "import calpae.readers", ["independence", "protected"]),
    ("readers", "import calpae.extract", ["independence", "layers"]),
    ("store", "import calpae.readers", ["forbidden", "protected"]),
    ("demo", "import calpae.extract", ["forbidden"]),
    ("web", "import calpae.process", ["forbidden"]),
])
def test_a_planted_import_breaks_the_contract(repo_root: Path, tmp_path: Path, stage: str,
                                              statement: str, broken: list[str]):
    package = copy_package(repo_root, tmp_path)
    module = deepest_module(package / stage)
    line = plant(module, statement)
    linted = lint_imports(repo_root, tmp_path)
    assert linted.returncode == 1, linted.output
    for contract_type in broken:
        assert f"{contract_name(repo_root, contract_type, stage)} BROKEN" in linted.output
    imported = statement.removeprefix("import ")
    assert f"{dotted(package, module)} -> {imported} (l.{line})" in linted.output


def test_extraction_reaching_a_reader_through_another_module_is_caught(repo_root: Path,
                                                                        tmp_path: Path):
    # extract -> model -> readers: no import of a reader in extract/, still forbidden.
    package = copy_package(repo_root, tmp_path)
    line = plant(package / "model.py", "import calpae.readers")
    linted = lint_imports(repo_root, tmp_path)
    assert linted.returncode == 1, linted.output
    assert f"{contract_name(repo_root, 'independence')} BROKEN" in linted.output
    assert f"calpae.model -> calpae.readers (l.{line})" in linted.output


def test_a_new_stage_importing_a_reader_breaks_the_contract(repo_root: Path, tmp_path: Path):
    # The checks are not written yet: the contract must hold them without naming them.
    package = copy_package(repo_root, tmp_path)
    checks = package / "checks"
    checks.mkdir(exist_ok=True)
    module = checks / "probe_rules.py"
    module.write_text('"""Probe."""\n', encoding="utf-8")
    (checks / "__init__.py").touch()
    line = plant(module, "from calpae.readers import read_bytes")
    linted = lint_imports(repo_root, tmp_path)
    assert linted.returncode == 1, linted.output
    assert f"{contract_name(repo_root, 'protected')} BROKEN" in linted.output
    assert f"calpae.checks.probe_rules -> calpae.readers (l.{line})" in linted.output
