"""The articles' State credits and carryover against the financial table and the fiches."""

from __future__ import annotations

import pytest

from ..builders import assert_cites, avenant, convention, findings, fires, only, quiet, report

# The convention's fiches give 634 700,45 € in State parts, its articles and table the same;
# the avenant's 651 285,45 € of new credits and 37 897,60 € carried over (689 183,05 € in all).


@fires("articles.state_vs_table")
def test_a_table_state_total_off_the_articles_is_an_error():
    conv = convention(change={"financial_summary.total.state": 634_701.46})
    found = findings(conv)
    article = only(found, "articles.state_vs_table")
    assert article.severity == "erreur"
    assert article.message == (
        "Les articles fixent les crédits de l'État à 634 700,45 €, le tableau financier "
        "totalise 634 701,46 € en part État (écart de 1,01 €).")
    assert_cites(article, conv, ["document.state_funding.amount",
                                 "financial_summary.total.state"])
    assert article.cited[0].label == "crédits État des articles"
    return found


@quiet("articles.state_vs_table")
@pytest.mark.parametrize("state", [634_701.45, 634_699.45])
def test_a_table_state_total_within_a_euro_of_the_articles_is_no_finding(state):
    return findings(convention(change={"financial_summary.total.state": state}))


@quiet("articles.state_vs_table")
def test_an_avenant_table_with_a_carryover_column_is_set_against_the_new_credits():
    return findings(avenant())


@quiet("articles.state_vs_table")
def test_a_table_without_carryover_column_is_set_against_the_total_with_carryover():
    return findings(avenant(change={"financial_summary.total.carryover": None,
                                    "financial_summary.total.state": 689_183.05}))


@fires("articles.state_vs_table")
def test_a_table_without_carryover_column_and_only_the_new_credits_is_an_error():
    amended = avenant(change={"financial_summary.total.carryover": None})
    found = findings(amended)
    article = only(found, "articles.state_vs_table")
    assert "689 183,05 €" in article.message and "651 285,45 €" in article.message
    assert_cites(article, amended, ["document.state_funding.total",
                                    "financial_summary.total.state"])
    return found


@fires("articles.carryover_vs_table")
def test_a_carryover_in_the_articles_off_the_table_is_an_error():
    amended = avenant(change={"document.state_funding.carryover": 75_795.20})
    found = findings(amended)
    carry = only(found, "articles.carryover_vs_table")
    assert carry.severity == "erreur"
    assert carry.message == ("Les articles reportent 75 795,20 € de crédits, la colonne report "
                             "du tableau financier totalise 37 897,60 €.")
    assert_cites(carry, amended, ["document.state_funding.carryover",
                                  "financial_summary.total.carryover"])
    return found


@quiet("articles.carryover_vs_table")
@pytest.mark.parametrize("carryover", [37_898.60, 37_896.60])
def test_a_carryover_within_a_euro_of_the_table_is_no_finding(carryover):
    return findings(avenant(change={"document.state_funding.carryover": carryover}))


@fires("actions.state_vs_articles")
def test_fiches_adding_up_to_neither_the_amount_nor_the_total_are_an_alert():
    conv = convention(change={"document.state_funding.amount": 634_701.46})
    found = findings(conv)
    fiches = only(found, "actions.state_vs_articles")
    assert fiches.severity == "alerte"
    assert fiches.message == ("Les 5 fiches actions totalisent 634 700,45 € en part État, les "
                              "articles fixent 634 701,46 € (écart de 1,01 €).")
    assert_cites(fiches, conv, ["document.state_funding.amount",
                                *(f"actions[{i}].budget.state" for i in range(5))])
    return found


@quiet("actions.state_vs_articles")
@pytest.mark.parametrize("amount", [634_701.45, 634_699.45])
def test_fiches_within_a_euro_of_the_articles_are_no_finding(amount):
    return findings(convention(change={"document.state_funding.amount": amount}))


@quiet("actions.state_vs_articles")
def test_fiches_adding_up_to_the_total_with_carryover_are_no_finding():
    return findings(avenant(change={"document.state_funding.amount": 600_000.0,
                                    "document.state_funding.total": 651_285.45}))


@quiet("actions.state_vs_articles")
def test_a_report_is_not_set_against_articles():
    return findings(report())
