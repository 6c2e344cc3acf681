"""Each fiche's parts add up to its budget global, and each table row agrees with its fiche."""

from __future__ import annotations

import dataclasses

import pytest

from ..builders import FICHES_2019, assert_cites, convention, findings, fires, only, quiet

# Fiche 2: 158 720,45 + 181 300,20 + 27 640,35 = 367 661 €.


@fires("action.sum")
def test_a_budget_global_off_its_parts_by_more_than_a_euro_is_an_error():
    conv = convention(change={"actions[1].budget.total": 367_659.99})
    found = findings(conv)
    sum_ = only(found, "action.sum")
    assert sum_.severity == "erreur"
    assert sum_.message == ("Fiche 2 : 158 720,45 € + 181 300,20 € + 27 640,35 € = 367 661 €, "
                            "mais le budget global est de 367 659,99 € (écart de 1,01 €).")
    assert_cites(sum_, conv, ["actions[1].budget.state", "actions[1].budget.territory",
                              "actions[1].budget.other", "actions[1].budget.total"])
    return found


@quiet("action.sum")
@pytest.mark.parametrize("total", [367_660.0, 367_662.0, 367_661.0])
def test_a_budget_global_within_a_euro_of_its_parts_is_no_finding(total):
    return findings(convention(change={"actions[1].budget.total": total}))


@quiet("action.sum")
def test_a_difference_of_exactly_a_euro_between_amounts_with_cents_is_no_finding():
    """96 215,01 + 99 870,03 = 196 085,04: a budget global of 196 086,04 is within the euro,
    though the sum in floating point is 1.00000000003 away."""
    fiches = list(FICHES_2019)
    fiches[3] = dataclasses.replace(fiches[3], state=96_215.01, territory=99_870.03)
    return findings(convention(fiches=fiches, change={"actions[3].budget.total": 196_086.04}))


@quiet("action.sum")
def test_a_lone_state_part_is_no_wrong_sum():
    return findings(convention(change={"actions[0].budget.territory": None}))


@fires("table.row_vs_action")
def test_a_table_row_off_its_fiche_is_an_error():
    conv = convention(change={"financial_summary.rows[2].state": 104_386.01})
    found = findings(conv)
    row = only(found, "table.row_vs_action")
    assert row.severity == "erreur"
    assert row.message == ("Fiche 3 : part État de 104 385 € dans la fiche, 104 386,01 € dans "
                           "la ligne du tableau financier.")
    assert_cites(row, conv, ["actions[2].budget.state", "financial_summary.rows[2].state"])
    return found


@quiet("table.row_vs_action")
@pytest.mark.parametrize("state", [104_386.0, 104_384.0])
def test_a_table_row_within_a_euro_of_its_fiche_is_no_finding(state):
    return findings(convention(change={"financial_summary.rows[2].state": state}))


@quiet("table.row_vs_action")
def test_the_consistent_convention_has_no_row_finding():
    return findings(convention())

