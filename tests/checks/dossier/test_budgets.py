"""An action whose budget changes from the convention to its avenant, with both figures."""

from __future__ import annotations

import dataclasses

import pytest

from ..builders import (
    FICHES_2019,
    assert_cites,
    avenant,
    convention,
    findings,
    fires,
    quiet,
)


@fires("dossier.action_budget_changed")
def test_a_state_part_changed_by_the_avenant_is_an_info_with_both_figures():
    docs = [convention(), avenant()]
    found = findings(*docs)
    changed = sorted((f for f in found if f.rule == "dossier.action_budget_changed"),
                     key=lambda f: f.message)
    assert [f.message for f in changed] == [
        "Fiche 1 : part État de 213 450 € (convention 2019) à 224 610 € (avenant n°1 2020).",
        "Fiche 4 : part État de 96 215 € (convention 2019) à 101 640 € (avenant n°1 2020).",
    ]
    assert {f.severity for f in changed} == {"info"}
    assert_cites(changed[0], docs, ["convention_2019.txt:actions[0].budget.state",
                                    "avenant_1_2020.txt:actions[0].budget.state"])
    return found


@fires("dossier.action_budget_changed")
def test_a_budget_global_changed_alone_is_an_info():
    fiches = [dataclasses.replace(f, carryover=None) for f in FICHES_2019]
    fiches[2] = dataclasses.replace(fiches[2], territory=fiches[2].territory + 9_150.0)
    docs = [convention(), avenant(fiches=fiches, carryover=None)]
    found = findings(*docs)
    changed = [f for f in found if f.rule == "dossier.action_budget_changed"]
    assert [f.message for f in changed] == [
        "Fiche 3 : budget global de 208 770 € (convention 2019) à 217 920 € (avenant n°1 2020)."]
    return found


@quiet("dossier.action_budget_changed")
@pytest.mark.parametrize("delta", [0.0, 1.0, -1.0])
def test_a_budget_kept_within_a_euro_is_no_finding(delta):
    fiches = [dataclasses.replace(f, carryover=None) for f in FICHES_2019]
    fiches[0] = dataclasses.replace(fiches[0], state=fiches[0].state + delta)
    return findings(convention(), avenant(fiches=fiches, carryover=None))


@quiet("dossier.action_budget_changed")
def test_documents_of_two_territories_are_not_compared():
    return findings(convention(territory=("departement", "Cantal", "15")), avenant())

