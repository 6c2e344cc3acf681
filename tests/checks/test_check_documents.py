"""Every rule over a dossier: a consistent one says nothing wrong, bad input never raises."""

from __future__ import annotations

import dataclasses

import pytest

from calpae.checks import CheckedDocument, DocumentRef, Severity, check_documents
from calpae.checks.model import TOLERANCE_ENV
from calpae.extract.models import (
    Action,
    Budget,
    DocumentBlock,
    Execution,
    Extraction,
    FinancialSummary,
    SummaryAmounts,
    SummaryRow,
)
from calpae.model import Extracted, iter_extracted

from .builders import (
    Built,
    avenant,
    convention,
    dossier,
    findings,
    printed_as,
    report,
    rules_of,
    set_at,
)


def test_the_builder_prints_every_value_at_its_own_span():
    for built in dossier():
        values = list(iter_extracted(built.extraction))
        assert len(values) > 60
        spans = [v.value.spans for v in values]
        assert len(set(spans)) == len(spans)
        for at in values:
            assert at.value.evidence is not None
            assert at.value.evidence.text == printed_as(at.value.value)


def test_the_builder_refuses_a_change_at_a_path_it_does_not_hold():
    with pytest.raises(KeyError, match=r"actions\[9\]"):
        convention(change={"actions[9].budget.state": 1.0})


def test_a_consistent_dossier_has_no_error_and_no_alert():
    found = findings(*dossier())
    assert [f.message for f in found if f.severity in (Severity.ERROR, Severity.WARNING)] == []
    # true of what was built: the avenant raises the State parts of fiches 1 and 4
    assert rules_of(found) == {"dossier.action_budget_changed"}
    assert len(found) == 2


def test_findings_come_errors_first_then_alerts_then_infos():
    found = findings(convention(change={"financial_summary.total.state": 634_709.45,
                                        "actions[0].title": None}), avenant(), report())
    order = [f.severity for f in found]
    assert Severity.ERROR in order and Severity.WARNING in order and Severity.INFO in order
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    assert order == sorted(order, key=rank.__getitem__)


def test_without_dossier_only_each_document_is_checked():
    assert rules_of(findings(*dossier(), dossier=False)) == set()


def test_the_tolerance_comes_from_the_environment_when_not_given(monkeypatch):
    docs = [convention(change={"financial_summary.total.state": 634_704.45}).checked()]
    monkeypatch.setenv(TOLERANCE_ENV, "5")
    assert "articles.state_vs_table" not in rules_of(check_documents(docs))
    monkeypatch.setenv(TOLERANCE_ENV, "3.5")
    assert "articles.state_vs_table" in rules_of(check_documents(docs))
    monkeypatch.delenv(TOLERANCE_ENV)
    assert "articles.state_vs_table" in rules_of(check_documents(docs))


def test_documents_of_a_territory_known_by_its_name_only_form_a_dossier():
    nameless = ("metropole", "Métropole du Bocage", None)
    found = findings(avenant(territory=nameless), report(territory=nameless))
    assert "dossier.orphan_amendment" in rules_of(found)


# --- bad input: a finding or a clear result, never an exception -----------------------------


def every_path(built: Built) -> list[str]:
    return [at.path for at in iter_extracted(built.extraction)]


@pytest.mark.parametrize("make", [convention, avenant, report])
def test_any_one_value_missing_is_no_crash(make):
    other = convention(name="autre.txt")
    for path in every_path(make()):
        assert isinstance(findings(make(change={path: None}), other), list), path


@pytest.mark.parametrize("make", [convention, avenant, report])
def test_every_value_none_is_no_crash_and_no_finding(make):
    built = make()
    for at in iter_extracted(built.extraction):
        set_at(built.extraction, at.path, at.value.but(value=None))
    assert findings(built, built) == []


def test_documents_without_year_or_territory_are_checked_alone():
    no_year = convention(change={"document.exercise_year": None,
                                 "document.convention_period": None})
    no_territory = avenant(territory=(None, None, None))
    stray = report(change={"document.exercise_year": None})
    found = findings(no_year, no_territory, stray, avenant(name="autre_avenant.txt"))
    assert isinstance(found, list)
    assert "dossier.report_without_amendment" not in rules_of(found)


def test_empty_and_skeleton_documents_are_no_crash():
    empty = Extraction("vide.txt", DocumentBlock())
    skeleton = Extraction(
        "squelette.txt", DocumentBlock(),
        actions=[Action(), Action(budget=Budget(), execution=Execution()),
                 Action(ref=Extracted(None), budget=Budget(state=Extracted(10.0)))],
        financial_summary=FinancialSummary(rows=[SummaryRow(), SummaryRow(action_ref=Extracted(
            None))], total=SummaryAmounts(), subtotals=[SummaryRow(state=Extracted(5.0))]))
    docs = [CheckedDocument(DocumentRef(e.source), e) for e in (empty, skeleton)]
    assert isinstance(check_documents(docs), list)


def test_unexpected_kinds_of_value_are_no_crash():
    """A year read as text, an amount as an integer: what a hand-edited store may hold."""
    built = avenant(change={"document.amendment_number": 1, "actions[0].budget.state": 224_610})
    set_at(built.extraction, "document.exercise_year",
           dataclasses.replace(built.at("document.exercise_year"), value="2020"))
    found = findings(convention(), built, report())
    assert isinstance(found, list)

