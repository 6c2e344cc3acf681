"""The avenant of year N carries over what the report on N−1 left unconsumed."""

from __future__ import annotations

import pytest

from ..builders import assert_cites, avenant, convention, findings, fires, only, quiet, report


@fires("dossier.carryover_vs_report")
def test_a_carryover_off_the_report_is_an_error():
    docs = [convention(), avenant(), report(change={
        "financial_summary.total.carryover": 37_898.61})]
    found = findings(*docs)
    carry = only(found, "dossier.carryover_vs_report")
    assert carry.severity == "erreur"
    assert carry.message == ("L'avenant 2020 reporte 37 897,60 €, le rapport d'exécution 2019 "
                             "constate 37 898,61 € à reporter.")
    assert_cites(carry, docs, ["avenant_1_2020.txt:document.state_funding.carryover",
                               "rapport_2019.txt:financial_summary.total.carryover"])
    return found


@fires("dossier.carryover_vs_report")
def test_without_a_table_total_the_fiches_carryover_requests_are_added():
    docs = [convention(), avenant(), report(change={
        "financial_summary.total.carryover": None,
        "actions[0].execution.carryover_requested": 14_381.01})]
    found = findings(*docs)
    carry = only(found, "dossier.carryover_vs_report")
    assert "37 898,61 €" in carry.message and "37 897,60 €" in carry.message
    assert_cites(carry, docs, ["avenant_1_2020.txt:document.state_funding.carryover",
                               "rapport_2019.txt:actions[0].execution.carryover_requested",
                               "rapport_2019.txt:actions[1].execution.carryover_requested"])
    return found


@quiet("dossier.carryover_vs_report")
@pytest.mark.parametrize("reported", [37_898.60, 37_896.60, 37_897.60])
def test_a_carryover_within_a_euro_of_the_report_is_no_finding(reported):
    return findings(convention(), avenant(),
                    report(change={"financial_summary.total.carryover": reported}))


@quiet("dossier.carryover_vs_report")
def test_an_avenant_without_the_report_of_the_year_before_is_not_compared():
    return findings(convention(), avenant(), report(year=2020, name="rapport_2020.txt"))
