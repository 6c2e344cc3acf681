"""Completeness: every socle measure has an action, every fiche its title and budget."""

from __future__ import annotations

import dataclasses

from ..builders import FICHES_2019, assert_cites, avenant, convention, findings, fires, only, quiet


def without_training():
    fiches = list(FICHES_2019)
    fiches[4] = dataclasses.replace(fiches[4], title="Mobilité vers l'emploi des jeunes")
    return fiches


@fires("completeness.socle_measure")
def test_a_socle_measure_no_fiche_nor_row_speaks_of_is_an_alert():
    conv = convention(fiches=without_training())
    found = findings(conv)
    missing = only(found, "completeness.socle_measure")
    assert missing.severity == "alerte"
    assert missing.message == ("Aucune action ni ligne du tableau financier ne se rapporte à la "
                               "mesure du socle « formation des travailleurs sociaux ».")
    assert missing.documents == (conv.checked().ref,)
    return found


@quiet("completeness.socle_measure")
def test_every_socle_measure_found_in_the_fiches_is_no_finding():
    return findings(convention(), avenant())


@quiet("completeness.socle_measure")
def test_a_measure_named_only_in_the_table_is_found():
    return findings(convention(change={"actions[4].title": None}))


@quiet("completeness.socle_measure")
def test_documents_after_the_socle_years_or_with_few_fiches_are_not_held_to_the_socle():
    later = convention(year=2023, period=(2023, 2023), fiches=without_training())
    few = convention(fiches=without_training()[3:], name="petite.txt")
    return findings(later, dossier=False) + findings(few, dossier=False)


@fires("completeness.action_fields")
def test_a_fiche_without_title_or_state_part_is_an_alert():
    conv = convention(change={"actions[2].title": None, "actions[3].budget.state": None})
    found = findings(conv)
    incomplete = sorted((f for f in found if f.rule == "completeness.action_fields"),
                        key=lambda f: f.message)
    assert [f.message for f in incomplete] == ["Fiche 3 : il manque intitulé.",
                                               "Fiche 4 : il manque part État."]
    assert {f.severity for f in incomplete} == {"alerte"}
    assert_cites(incomplete[0], conv, ["actions[2].ref"])
    return found


@fires("completeness.action_fields")
def test_a_fiche_without_any_budget_says_so():
    conv = convention(change={f"actions[1].budget.{p}": None
                              for p in ("state", "territory", "other", "total")})
    found = findings(conv)
    assert only(found, "completeness.action_fields").message == (
        "Fiche 2 : il manque part État, budget.")
    return found


@quiet("completeness.action_fields")
def test_complete_fiches_are_no_finding():
    return findings(convention(), avenant())
