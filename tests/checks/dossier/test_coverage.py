"""Which documents a territory's dossier holds: one convention per period, the avenants in
their order, a report for each year once the next has begun."""

from __future__ import annotations

from ..builders import (
    CARRYOVER_2019,
    FICHES_2019,
    avenant,
    convention,
    dossier,
    findings,
    fires,
    only,
    quiet,
    report,
)


def other_convention(year: int, period: tuple[int, int]):
    return convention(year=year, period=period, name=f"convention_{year}.txt",
                      fiches=FICHES_2019[:4])


@fires("dossier.two_conventions")
def test_two_conventions_for_overlapping_years_are_an_error_not_a_crash():
    docs = [convention(), other_convention(2020, (2020, 2022))]
    found = findings(*docs)
    two = only(found, "dossier.two_conventions")
    assert two.severity == "erreur"
    assert two.message == ("Deux conventions distinctes couvrent 2020-2021 : convention_2019.txt "
                           "et convention_2020.txt.")
    assert two.documents == tuple(d.checked().ref for d in docs)
    return found


@fires("dossier.two_conventions")
def test_two_conventions_for_the_same_period_are_an_error():
    docs = [convention(), convention(name="autre_convention_2019.txt", fiches=FICHES_2019[:4])]
    found = findings(*docs)
    assert "couvrent 2019-2021" in only(found, "dossier.two_conventions").message
    return found


@quiet("dossier.two_conventions")
def test_conventions_of_successive_periods_are_no_finding():
    return findings(convention(), other_convention(2022, (2022, 2022)))


@fires("dossier.orphan_amendment")
def test_an_avenant_without_its_convention_is_an_alert():
    amended = avenant()
    found = findings(amended, report())
    orphan = only(found, "dossier.orphan_amendment")
    assert orphan.severity == "alerte"
    assert orphan.message == ("Avenant n°1 2020 (avenant_1_2020.txt) : la convention qu'il "
                              "modifie n'est pas dans le dossier.")
    assert orphan.documents == (amended.checked().ref,)
    return found


@quiet("dossier.orphan_amendment")
def test_an_avenant_with_its_convention_is_no_finding():
    return findings(*dossier())


@fires("dossier.missing_report")
def test_a_funded_year_without_its_report_once_the_next_has_begun_is_an_alert():
    found = findings(convention(), avenant())
    missing = only(found, "dossier.missing_report")
    assert missing.severity == "alerte"
    assert missing.message == ("Des crédits sont prévus pour 2019 mais le dossier ne contient "
                               "pas de rapport d'exécution 2019, alors qu'il contient des "
                               "documents de 2020.")
    return found


@quiet("dossier.missing_report")
def test_the_current_year_needs_no_report_yet():
    return findings(*dossier())


@fires("dossier.report_without_amendment")
def test_a_report_on_a_year_without_avenant_is_an_alert():
    found = findings(*dossier(), report(year=2021, name="rapport_2021.txt",
                                        deliberation=None))
    alone = only(found, "dossier.report_without_amendment")
    assert alone.severity == "alerte"
    assert alone.message == ("Rapport d'exécution 2021 (rapport_2021.txt) : aucun avenant ni "
                             "convention de 2021 dans le dossier.")
    return found


@quiet("dossier.report_without_amendment")
def test_a_report_on_a_funded_year_is_no_finding():
    return findings(*dossier())


@fires("dossier.amendment_numbering")
def test_an_avenant_numbered_out_of_turn_is_an_alert():
    found = findings(convention(), avenant(number=2, name="avenant_2_2020.txt"), report())
    numbering = only(found, "dossier.amendment_numbering")
    assert numbering.severity == "alerte"
    assert numbering.message == ("Avenant n°2 2020 (avenant_2_2020.txt) : n°1 attendu pour "
                                 "cette année.")
    return found


@fires("dossier.amendment_numbering")
def test_a_missing_avenant_between_two_is_an_alert():
    later = avenant(year=2021, number=3, name="avenant_3_2021.txt", carryover=CARRYOVER_2019,
                    signed=None)
    found = findings(*dossier(), later)
    numbering = only(found, "dossier.amendment_numbering")
    assert numbering.message == ("Avenant n°3 2021 (avenant_3_2021.txt) : n°2 attendu après "
                                 "l'avenant n°1 2020.")
    return found


@quiet("dossier.amendment_numbering")
def test_avenants_in_their_order_are_no_finding():
    later = avenant(year=2021, number=2, name="avenant_2_2021.txt", signed=None)
    return findings(*dossier(), later)
