"""Suspicious amounts: out of range, read through damage, or one digit off their pair."""

from __future__ import annotations

import datetime as dt

import pytest

from calpae.checks.document.amounts import digits_disagree
from calpae.model import ReadStatus

from ..builders import (
    assert_cites,
    convention,
    findings,
    fires,
    only,
    quiet,
    repaired,
    rules_of,
)


@fires("amounts.out_of_range")
@pytest.mark.parametrize("amount, printed", [(1e12, "1 000 000 000 000 €"),
                                             (-5_000.0, "-5 000 €")])
def test_a_negative_or_thousand_billion_amount_is_an_error_not_a_crash(amount, printed):
    conv = convention(change={"actions[2].budget.territory": amount})
    found = findings(conv)
    out = only(found, "amounts.out_of_range")
    assert out.severity == "erreur"
    assert out.message == f"Montant invraisemblable : {printed}."
    assert_cites(out, conv, ["actions[2].budget.territory"])
    assert out.cited[0].label == "montant (actions[3].budget.territory)"
    return found


@quiet("amounts.out_of_range")
@pytest.mark.parametrize("amount", [1e10, 0.0])
def test_zero_and_ten_billion_are_plausible(amount):
    return findings(convention(change={"actions[2].budget.territory": amount}))


@fires("amounts.repaired")
def test_a_repaired_value_in_a_finding_is_reported_with_its_reason():
    conv = convention(change={"financial_summary.total.state": repaired(
        634_708.45, "chiffre reconstitué sous une tache")})
    found = findings(conv)
    info = only(found, "amounts.repaired")
    assert info.severity == "info"
    assert info.message == ("Total de la part État du tableau financier (634 708,45 €) a été lu "
                            "à travers une altération : chiffre reconstitué sous une tache.")
    assert_cites(info, conv, ["financial_summary.total.state"])
    [cited] = info.cited
    assert (cited.status, cited.reason) == (ReadStatus.REPAIRED,
                                            "chiffre reconstitué sous une tache")
    assert cited.to_json()["reason"] == "chiffre reconstitué sous une tache"
    return found


@quiet("amounts.repaired")
def test_exact_values_in_a_finding_are_not_reported_as_repaired():
    found = findings(convention(change={"financial_summary.total.state": 634_708.45}))
    assert "articles.state_vs_table" in rules_of(found)
    return found


@quiet("amounts.repaired")
def test_a_repaired_date_in_a_finding_is_no_amount_and_no_crash():
    conv = convention(deliberation=dt.date(2019, 7, 3), change={
        "document.deliberation.date": repaired(dt.date(2019, 7, 3), "chiffre du jour abîmé")})
    found = findings(conv)
    assert "dates.deliberation_after_signature" in rules_of(found)
    return found


@fires("amounts.digits_disagree")
@pytest.mark.parametrize("table, printed", [(634_709.45, "634 709,45 €"),  # one digit
                                            (643_700.45, "643 700,45 €")])  # two swapped
def test_two_amounts_one_typo_apart_are_an_info(table, printed):
    conv = convention(change={"financial_summary.total.state": table})
    found = findings(conv)
    typo = only(found, "amounts.digits_disagree")
    assert typo.severity == "info"
    assert typo.message == (f"634 700,45 € et {printed} ne diffèrent que d'un chiffre ou deux "
                            f"(articles.state_vs_table).")
    assert_cites(typo, conv, ["document.state_funding.amount", "financial_summary.total.state"])
    return found


@quiet("amounts.digits_disagree")
def test_two_amounts_two_digits_apart_are_no_typo():
    found = findings(convention(change={"financial_summary.total.state": 634_711.45}))
    assert "articles.state_vs_table" in rules_of(found)
    return found


@pytest.mark.parametrize("a, b, typo", [
    (347_215.0, 347_210.0, True),  # one digit
    (347_215.0, 347_125.0, True),  # two neighbours swapped
    (347_215.0, 347_215.0, False),  # equal
    (347_215.0, 347_226.0, False),  # two digits, not a swap
    (347_215.0, 347_512.0, False),  # a swap of digits apart
    (347_215.0, 1_347_215.0, False),  # one digit more
    (347_215.5, 347_215.05, True),  # the cents count
])
def test_digits_disagree(a, b, typo):
    assert digits_disagree(a, b) is typo
    assert digits_disagree(b, a) is typo
