"""What a check reads and says: settings, cited values, and a finding's stable identity."""

from __future__ import annotations

import pytest

from calpae.checks import CheckedDocument, CheckSettings, DocumentRef
from calpae.checks.model import TOLERANCE_ENV, present, total_of, value_of
from calpae.model import Extracted

from .builders import convention, findings, only


def test_the_tolerance_is_a_euro_unless_the_environment_says(monkeypatch):
    monkeypatch.delenv(TOLERANCE_ENV, raising=False)
    assert CheckSettings.from_env().tolerance == 1.0
    monkeypatch.setenv(TOLERANCE_ENV, "5")
    assert CheckSettings.from_env().tolerance == 5.0
    monkeypatch.setenv(TOLERANCE_ENV, "")
    assert CheckSettings.from_env().tolerance == 1.0


def test_a_document_knows_its_kind_year_and_territory():
    doc = convention().checked(id=7)
    assert (doc.kind, doc.year, doc.territory_code) == ("convention", 2019, "85")
    assert doc.ref == DocumentRef("convention_2019.txt", 7)


def test_a_value_is_cited_with_its_stable_key_and_evidence():
    conv = convention()
    doc = conv.checked()
    found = conv.at("financial_summary.rows[1].state")
    cited = doc.cite(found, "part État d'une ligne")
    assert cited.key == ("financial_summary.rows[2:premier-accueil-social-inconditionnel-"
                         "de-proximi].state")
    assert cited.value == 158_720.45
    [evidence] = cited.evidence
    assert conv.source.text[evidence.start:evidence.end] == "158 720,45 €" == evidence.text
    assert cited.to_json()["evidence"][0]["text"] == "158 720,45 €"


def test_a_value_the_document_does_not_hold_is_cited_without_key():
    doc = convention().checked()
    assert doc.cite(Extracted(1.0), "ailleurs").key == "?"


def test_present_value_of_and_total_of_skip_what_is_missing():
    assert present(Extracted(0.0)) and not present(None) and not present(Extracted(None))
    assert value_of(None) is None and value_of(Extracted(3)) == 3
    assert total_of([Extracted(1.5), None, Extracted(None), Extracted(2)]) == 3.5


CHANGED = {"financial_summary.total.state": 634_720.45}


def test_the_same_finding_computed_twice_has_the_same_identity():
    first = only(findings(convention(change=CHANGED)), "articles.state_vs_table")
    again = only(findings(convention(change=CHANGED)), "articles.state_vs_table")
    assert first is not again and first.identity == again.identity
    assert first.identity.startswith("articles.state_vs_table:")
    assert first.to_json()["id"] == first.identity


@pytest.mark.parametrize("unrelated", [
    {"actions[2].budget.territory": 104_900.0},  # another fiche's amount
    {"document.signature.place": "Les Sables-d'Olonne"},
    {"financial_summary.total.state": 634_790.45},  # the compared value itself, still off
])
def test_changing_another_value_keeps_the_identity(unrelated):
    first = only(findings(convention(change=CHANGED)), "articles.state_vs_table")
    after = only(findings(convention(change={**CHANGED, **unrelated})),
                 "articles.state_vs_table")
    assert after.identity == first.identity


def test_the_same_rule_on_another_document_or_value_is_another_finding():
    first = only(findings(convention(change=CHANGED)), "articles.state_vs_table")
    renamed = only(findings(convention(change=CHANGED, name="copie.txt")),
                   "articles.state_vs_table")
    rows = [f for f in findings(convention(change={"financial_summary.rows[1].state": 1.0,
                                                   "financial_summary.rows[2].state": 2.0}))
            if f.rule == "table.row_vs_action"]
    assert len(rows) == 2
    assert len({first.identity, renamed.identity, *(f.identity for f in rows)}) == 4


def test_a_finding_names_its_documents_once():
    conv = convention(change=CHANGED)
    finding = only(findings(conv), "articles.state_vs_table")
    assert finding.all_documents == (conv.checked().ref,)
    assert [d["name"] for d in finding.to_json()["documents"]] == ["convention_2019.txt"]


def test_checked_document_over_an_empty_extraction():
    from calpae.extract.models import DocumentBlock, Extraction

    doc = CheckedDocument(DocumentRef("vide.txt"), Extraction("vide.txt", DocumentBlock()))
    assert (doc.kind, doc.year, doc.territory_code) == (None, None, None)
