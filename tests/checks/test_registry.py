"""The rules, registered once each, and every one of them tested firing and not firing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from calpae.checks import RULES, CheckSettings, Severity, describe
from calpae.checks.registry import Context, rule, rules_of

TESTS = Path(__file__).resolve().parents[1]
RULE_TESTS = [*sorted((TESTS / "checks").rglob("test_*.py")), TESTS / "store" / "test_dossiers.py"]


def rule_tests_of(expectation: str) -> dict[str, list[str]]:
    """rule id -> the tests decorated `@fires(id)` (or `@quiet(id)`) in the rule tests."""
    found: dict[str, list[str]] = {}
    for path in RULE_TESTS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if (isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == expectation
                        and isinstance(deco.args[0], ast.Constant)):
                    found.setdefault(deco.args[0].value, []).append(f"{path.name}::{node.name}")
    return found


@pytest.mark.parametrize("expectation", ["fires", "quiet"])
def test_every_registered_rule_has_a_test_where_it_fires_and_one_where_it_does_not(expectation):
    covered = rule_tests_of(expectation)
    assert sorted(set(RULES) - set(covered)) == [], f"rules without a @{expectation} test"
    assert sorted(set(covered) - set(RULES)) == [], "tests of rules that do not exist"


def test_the_rule_tests_are_found():
    assert all(p.is_file() for p in RULE_TESTS) and len(RULE_TESTS) > 10


def test_every_rule_says_in_french_what_it_checks_and_why():
    assert len(RULES) >= 28
    for registered in RULES.values():
        assert registered.severity in set(Severity)
        assert registered.scope in {"document", "dossier", "identity"}
        assert registered.title and registered.explanation.endswith(".")
        assert registered.id.split(".")[0] in {"action", "actions", "table", "amounts",
                                               "articles", "cofinancing", "completeness",
                                               "dates", "execution", "dossier", "identity"}
    assert [d["id"] for d in describe()] == list(RULES)
    assert {r.id for r in rules_of("dossier")} == {i for i in RULES if i.startswith("dossier.")}


def test_a_rule_id_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        rule("action.sum", Severity.ERROR, "doublon", "doublon.")(lambda doc, ctx: iter(()))
    assert RULES["action.sum"].title == "Budget d'une fiche : parts et budget global"


@pytest.mark.parametrize("a, b, differ", [
    (100.0, 101.0, False), (100.0, 101.01, True), (101.0, 100.0, False), (101.01, 100.0, True),
    (100_000.01 + 200_000.02, 300_001.03, False),  # 1.00000000006 in floating point
    (2_417_356.78, 2_417_355.78, False), (2_417_356.78, 2_417_355.77, True),
])
def test_two_amounts_differ_beyond_the_tolerance_to_the_cent(a, b, differ):
    assert Context(CheckSettings()).differ(a, b) is differ


@pytest.mark.parametrize("a, b, exceeds", [
    (101.0, 100.0, False), (101.01, 100.0, True), (100.0, 101.01, False),
    (300_001.03, 100_000.01 + 200_000.02, False), (300_001.04, 100_000.01 + 200_000.02, True),
])
def test_an_amount_exceeds_another_beyond_the_tolerance_to_the_cent(a, b, exceeds):
    assert Context(CheckSettings()).exceeds(a, b) is exceeds


def test_the_tolerance_is_configurable():
    assert Context(CheckSettings(tolerance=5.0)).differ(100.0, 105.0) is False
    assert Context(CheckSettings(tolerance=5.0)).differ(100.0, 105.01) is True
    assert Context(CheckSettings(tolerance=0.0)).differ(100.0, 100.01) is True
