"""Execution of each action: consumed ≤ engaged ≤ planned, and the carryover asked."""

from __future__ import annotations

import pytest

from ..builders import assert_cites, findings, fires, only, quiet, report

# The report on 2019: fiche 1 planned 426 900 €, engaged 419 300 €, consumed 412 520 €;
# fiche 2 planned 367 661 €, consumed 344 143,40 €, asks 23 517,60 € carried over.


@fires("execution.consumed_vs_engaged")
def test_consumed_over_engaged_is_an_error():
    rep = report(change={"actions[0].execution.consumed": 419_301.01})
    found = findings(rep, dossier=False)
    over = only(found, "execution.consumed_vs_engaged")
    assert over.severity == "erreur"
    assert over.message == "Fiche 1 : 419 301,01 € réalisés pour 419 300 € engagés."
    assert_cites(over, rep, ["actions[0].execution.consumed", "actions[0].execution.engaged"])
    return found


@quiet("execution.consumed_vs_engaged")
@pytest.mark.parametrize("consumed", [419_301.0, 419_300.0])
def test_consumed_within_a_euro_of_engaged_is_no_finding(consumed):
    return findings(report(change={"actions[0].execution.consumed": consumed}), dossier=False)


@fires("execution.engaged_vs_planned")
def test_engaged_over_planned_is_an_error():
    rep = report(change={"actions[2].execution.engaged": 208_771.01})
    found = findings(rep, dossier=False)
    over = only(found, "execution.engaged_vs_planned")
    assert over.severity == "erreur"
    assert over.message == ("Fiche 3 : 208 771,01 € engagés pour un budget prévu de "
                            "208 770 €.")
    assert_cites(over, rep, ["actions[2].execution.engaged", "actions[2].budget.total"])
    return found


@fires("execution.engaged_vs_planned")
def test_consumed_over_planned_counts_where_nothing_engaged_is_printed():
    rep = report(change={"actions[2].execution.engaged": None,
                         "actions[2].execution.consumed": 208_780.0})
    found = findings(rep, dossier=False)
    over = only(found, "execution.engaged_vs_planned")
    assert over.message == "Fiche 3 : 208 780 € réalisés pour un budget prévu de 208 770 €."
    assert over.cited[0].label == "montant réalisé de la fiche 3"
    return found


@quiet("execution.engaged_vs_planned")
@pytest.mark.parametrize("engaged", [208_771.0, 208_770.0])
def test_engaged_within_a_euro_of_planned_is_no_finding(engaged):
    return findings(report(change={"actions[2].execution.engaged": engaged}), dossier=False)


@fires("execution.carryover_requested")
def test_a_carryover_over_planned_minus_consumed_is_an_alert():
    rep = report(change={"actions[1].execution.carryover_requested": 23_518.61})
    found = findings(rep, dossier=False)
    over = only(found, "execution.carryover_requested")
    assert over.severity == "alerte"
    assert over.message == ("Fiche 2 : report demandé de 23 518,61 € alors que prévu − réalisé "
                            "= 367 661 € − 344 143,40 € = 23 517,60 €.")
    assert_cites(over, rep, ["actions[1].execution.carryover_requested",
                             "actions[1].budget.total", "actions[1].execution.consumed"])
    return found


@quiet("execution.carryover_requested")
@pytest.mark.parametrize("asked", [23_518.60, 23_517.60, 0.0])
def test_a_carryover_within_a_euro_of_what_is_left_is_no_finding(asked):
    return findings(report(change={"actions[1].execution.carryover_requested": asked}),
                    dossier=False)
