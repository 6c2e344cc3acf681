"""The département puts in at least as much as the State: overall an error, per action an
alert (a fiche may be 100 % State)."""

from __future__ import annotations

import dataclasses

import pytest

from calpae.checks import Severity

from ..builders import FICHES_2019, assert_cites, convention, findings, fires, only, quiet

# State 634 700,45 €, département 660 935,20 € in the convention's table and fiches.


@fires("cofinancing.overall")
def test_a_departement_total_under_the_state_total_is_an_error():
    conv = convention(change={"financial_summary.total.territory": 634_699.44})
    found = findings(conv)
    overall = only(found, "cofinancing.overall")
    assert overall.severity == "erreur"
    assert overall.message == ("Le département apporte 634 699,44 € pour 634 700,45 € de l'État "
                               ": sa part est inférieure à celle de l'État.")
    assert_cites(overall, conv, ["financial_summary.total.state",
                                 "financial_summary.total.territory"])
    return found


@quiet("cofinancing.overall")
@pytest.mark.parametrize("territory", [634_699.45, 634_700.45])
def test_a_departement_total_a_euro_under_the_state_is_no_finding(territory):
    return findings(convention(change={"financial_summary.total.territory": territory}))


@fires("cofinancing.overall")
def test_without_table_totals_the_fiches_are_added():
    conv = convention(change={"financial_summary.total.territory": None,
                              "actions[0].budget.territory": 1_250.0})
    found = findings(conv)
    overall = only(found, "cofinancing.overall")
    assert overall.message.startswith("Les fiches totalisent 448 735,20 € pour le département "
                                      "et 634 700,45 € pour l'État")
    assert_cites(overall, conv, [f"actions[{i}].budget.{part}" for i in range(5)
                                 for part in ("state", "territory")])
    return found


def fully_state_fiches():
    """Fiche 5 paid by the State alone, fiche 2 given its département share: still balanced."""
    fiches = list(FICHES_2019)
    fiches[4] = dataclasses.replace(fiches[4], territory=0.0)
    fiches[1] = dataclasses.replace(fiches[1], territory=fiches[1].territory + 61_930.0)
    return fiches


@fires("cofinancing.action")
def test_a_fiche_paid_by_the_state_alone_is_an_alert_never_an_error():
    conv = convention(fiches=fully_state_fiches())
    found = findings(conv)
    action = only(found, "cofinancing.action")
    assert action.severity == Severity.WARNING == "alerte"
    assert action.message == "Fiche 5 : financée à 100 % par l'État (61 930 €)."
    assert_cites(action, conv, ["actions[4].budget.state", "actions[4].budget.total"])
    assert [f.message for f in found if f.severity == Severity.ERROR] == []
    return found


@fires("cofinancing.action")
def test_a_fiche_without_departement_share_whose_total_is_the_state_part_is_an_alert():
    conv = convention(change={"actions[4].budget.territory": None,
                              "actions[4].budget.total": 61_930.0})
    found = findings(conv)
    assert only(found, "cofinancing.action").message == (
        "Fiche 5 : financée à 100 % par l'État (61 930 €).")
    return found


@quiet("cofinancing.action")
def test_a_fiche_without_departement_share_nor_telling_total_is_no_finding():
    return findings(convention(change={"actions[4].budget.territory": None}))


@fires("cofinancing.action_share")
def test_a_departement_share_under_the_state_part_is_an_alert():
    fiches = list(FICHES_2019)
    fiches[3] = dataclasses.replace(fiches[3], territory=96_213.99)
    fiches[1] = dataclasses.replace(fiches[1], territory=fiches[1].territory + 5_000.0)
    conv = convention(fiches=fiches)
    found = findings(conv)
    assert not [f for f in found if f.rule == "cofinancing.action"]  # not 100 % State
    action = only(found, "cofinancing.action_share")
    assert action.message == ("Fiche 4 : le département apporte 96 213,99 € pour 96 215 € de "
                              "l'État (50 % du total).")
    assert_cites(action, conv, ["actions[3].budget.state", "actions[3].budget.territory"])
    assert [f.message for f in found if f.severity == Severity.ERROR] == []
    return found


@quiet("cofinancing.action_share")
def test_a_departement_share_a_euro_under_the_state_part_is_no_finding():
    fiches = list(FICHES_2019)
    fiches[3] = dataclasses.replace(fiches[3], territory=96_214.0)
    return findings(convention(fiches=fiches))
