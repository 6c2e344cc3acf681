"""Dates: deliberation before signature, the report by its deadline, the avenant in its year."""

from __future__ import annotations

import datetime as dt

import pytest

from calpae.checks.document.dates import report_deadline

from ..builders import assert_cites, avenant, convention, findings, fires, only, quiet, report


@fires("dates.deliberation_after_signature")
def test_a_signature_before_its_deliberation_is_an_error():
    conv = convention(deliberation=dt.date(2019, 7, 3), signed=dt.date(2019, 7, 1))
    found = findings(conv)
    late = only(found, "dates.deliberation_after_signature")
    assert late.severity == "erreur"
    assert late.message == ("Signé le 1er juillet 2019, sur une délibération du 3 juillet 2019, "
                            "postérieure à la signature.")
    assert_cites(late, conv, ["document.deliberation.date", "document.signature.date"])
    return found


@quiet("dates.deliberation_after_signature")
def test_a_signature_the_day_of_its_deliberation_is_no_finding():
    return findings(convention(deliberation=dt.date(2019, 7, 2), signed=dt.date(2019, 7, 2)))


@quiet("dates.deliberation_after_signature")
def test_a_missing_date_is_no_finding():
    return findings(convention(deliberation=None), avenant(signed=None))


def test_report_deadline_moves_to_march_from_the_2021_exercise():
    assert report_deadline(2019) == dt.date(2020, 6, 30)
    assert report_deadline(2020) == dt.date(2021, 6, 30)
    assert report_deadline(2021) == dt.date(2022, 3, 31)


@fires("dates.report_late")
@pytest.mark.parametrize("year, dated, message", [
    (2019, dt.date(2020, 7, 1), "Rapport d'exécution 2019 daté du 1er juillet 2020, après "
                                "l'échéance du 30 juin 2020."),
    (2021, dt.date(2022, 4, 1), "Rapport d'exécution 2021 daté du 1er avril 2022, après "
                                "l'échéance du 31 mars 2022."),
])
def test_a_report_after_its_deadline_is_an_alert(year, dated, message):
    late = report(year=year, deliberation=dated)
    found = findings(late, dossier=False)
    finding = only(found, "dates.report_late")
    assert finding.severity == "alerte"
    assert finding.message == message
    assert_cites(finding, late, ["document.deliberation.date"])
    return found


@quiet("dates.report_late")
@pytest.mark.parametrize("year, dated", [(2019, dt.date(2020, 6, 30)),
                                         (2021, dt.date(2022, 3, 31))])
def test_a_report_on_its_deadline_is_no_finding(year, dated):
    return findings(report(year=year, deliberation=dated), dossier=False)


@fires("dates.report_late")
def test_the_signature_date_of_a_report_prevails_over_its_deliberation():
    late = report(deliberation=dt.date(2020, 6, 1), signed=dt.date(2020, 7, 2))
    found = findings(late, dossier=False)
    assert_cites(only(found, "dates.report_late"), late, ["document.signature.date"])
    return found


@fires("dates.amendment_year")
def test_an_avenant_signed_after_its_year_is_an_alert():
    late = avenant(signed=dt.date(2021, 1, 4), deliberation=dt.date(2020, 12, 18))
    found = findings(late, dossier=False)
    finding = only(found, "dates.amendment_year")
    assert finding.severity == "alerte"
    assert finding.message == "Avenant de l'exercice 2020 signé le 4 janvier 2021."
    assert_cites(finding, late, ["document.signature.date", "document.exercise_year"])
    return found


@quiet("dates.amendment_year")
def test_an_avenant_signed_on_the_last_day_of_its_year_is_no_finding():
    return findings(avenant(signed=dt.date(2020, 12, 31)), convention(signed=dt.date(2020, 3, 1)))
