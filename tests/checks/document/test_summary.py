"""The financial table adds up: its grand total and its subtotals against its rows."""

from __future__ import annotations

import pytest

from ..builders import assert_cites, avenant, convention, findings, fires, only, quiet, report

# The convention's table: 5 rows, 1 323 276 € in all; fiches 1-3 make 476 555,45 € of State
# parts (first subtotal), fiches 4-5 158 145 € (second).


@fires("table.total_vs_rows")
def test_a_grand_total_off_its_rows_is_an_error():
    conv = convention(change={"financial_summary.total.total": 1_323_277.01})
    found = findings(conv)
    total = only(found, "table.total_vs_rows")
    assert total.severity == "erreur"
    assert total.message == ("Tableau financier, colonne budget global : les 5 lignes font "
                             "1 323 276 €, le total général imprimé est de 1 323 277,01 € "
                             "(écart de 1,01 €).")
    assert_cites(total, conv, ["financial_summary.total.total",
                               *(f"financial_summary.rows[{i}].total" for i in range(5))])
    return found


@quiet("table.total_vs_rows")
@pytest.mark.parametrize("printed", [1_323_277.0, 1_323_275.0])
def test_a_grand_total_within_a_euro_of_its_rows_is_no_finding(printed):
    return findings(convention(change={"financial_summary.total.total": printed}))


@quiet("table.total_vs_rows")
def test_consistent_tables_are_no_finding():
    return findings(convention(), avenant(), report())


@fires("table.subtotal_vs_rows")
def test_a_subtotal_off_the_rows_it_follows_is_an_alert():
    conv = convention(change={"financial_summary.subtotals[0].state": 476_556.46})
    found = findings(conv)
    sub = only(found, "table.subtotal_vs_rows")
    assert sub.severity == "alerte"
    assert sub.message == ("Tableau financier, colonne part État : un sous-total imprime "
                           "476 556,46 €, les 3 lignes qui le précèdent font 476 555,45 €.")
    assert_cites(sub, conv, ["financial_summary.subtotals[0].state",
                             *(f"financial_summary.rows[{i}].state" for i in range(3))])
    return found


@fires("table.subtotal_vs_rows")
def test_the_second_subtotal_counts_the_rows_after_the_first():
    conv = convention(change={"financial_summary.subtotals[1].total": 320_000.0})
    found = findings(conv)
    sub = only(found, "table.subtotal_vs_rows")
    assert "320 000 €" in sub.message and "les 2 lignes qui le précèdent font 319 945 €" \
        in sub.message
    return found


@quiet("table.subtotal_vs_rows")
@pytest.mark.parametrize("printed", [476_556.45, 476_554.45])
def test_a_subtotal_within_a_euro_of_its_rows_is_no_finding(printed):
    return findings(convention(change={"financial_summary.subtotals[0].state": printed}))


def _state_repeats_budget() -> dict:
    """Every row's State cell holding its budget global, as a table read with shifted
    columns: the grand total still shows the département's share."""
    from ..builders import FICHES_2019
    return {f"financial_summary.rows[{i}].state": f.total for i, f in enumerate(FICHES_2019)}


@fires("table.columns_doubtful")
def test_a_state_column_repeating_the_budget_is_reported_once_instead_of_summed():
    conv = convention(change=_state_repeats_budget())
    found = findings(conv)
    doubt = only(found, "table.columns_doubtful")
    assert doubt.severity == "alerte"
    assert "sur 5 des 5 lignes" in doubt.message
    assert_cites(doubt, conv, ["financial_summary.total.territory"])
    summed = {f.message for f in found if f.rule in ("table.total_vs_rows",
                                                      "table.subtotal_vs_rows")}
    assert not any("part État" in m for m in summed)  # the doubtful column is not summed
    return found


@quiet("table.columns_doubtful")
def test_a_table_whose_state_cells_differ_from_the_budget_is_not_doubtful():
    return findings(convention(), avenant())


@quiet("table.columns_doubtful")
def test_state_cells_equal_to_the_budget_without_a_departement_share_are_not_doubtful():
    change = _state_repeats_budget() | {"financial_summary.total.territory": 0.0}
    return findings(convention(change=change))
