"""What the title and articles state: amendment number, exercise year, convention period,
signature and the State funding (`extract/document/articles.py`)."""

from __future__ import annotations

import re

import pytest

from calpae.extract.document import extract_document
from calpae.model import to_tree

from ..helpers import avenant_text, read_text, synthetic

# --- number, exercise year and convention period --------------------------------------------------

def test_number_and_year_variants() -> None:
    assert synthetic(number_line="avenant n° 2")[1].amendment_number.value == 2
    assert synthetic(number_line="AVENANT N°III")[1].amendment_number.value == 3
    assert synthetic(number_line="DEUXIEME AVENANT")[1].amendment_number.value == 2
    _, block = synthetic(year="2020", prev="2019", period="2019-2021")
    assert block.exercise_year.value == 2020
    assert block.convention_period.value == [2019, 2021]


def test_year_of_the_exercise_said_with_pour() -> None:
    text = avenant_text(number_line="", year="").replace("Avenant  à", "Convention à").replace(
        "« Au titre de l'année , le soutien financier de l'Etat s'élève à",
        "« Pour l'exercice 2019, la participation financière de l'État est fixée à")
    assert extract_document(read_text(text)).exercise_year.value == 2019


def test_period_stated_as_a_duration_in_an_avenant() -> None:
    text = avenant_text(period="").replace(
        "Le présent avenant prend effet",
        "La convention est conclue pour une durée de trois ans, de 2019 à 2021.\n\nLe présent "
        "avenant prend effet")
    block = extract_document(read_text(text))
    assert block.convention_period.value == [2019, 2021]


def test_no_period_where_only_an_action_or_another_plan_has_one() -> None:
    text = avenant_text(period="").replace(
        "Le présent avenant prend effet",
        "Durée de l'action 2019-2021\n\nSchéma départemental des solidarités 2017-2021\n\n"
        "Le présent avenant prend effet")
    assert extract_document(read_text(text)).convention_period is None


def test_period_after_a_title_wrapped_over_two_lines() -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        "À LA CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\nET D'ACCÈS À L'EMPLOI 2019 - 2021")
    assert extract_document(read_text(text)).convention_period.value == [2019, 2021]


@pytest.mark.parametrize("years", ["2019 – 2021", "2019 à 2021", "de 2019 à 2021", "2019/2021",
                                   "(2019-2021)"])
def test_period_alone_on_a_title_line(years: str) -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        f"CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ\nET D'ACCÈS À L'EMPLOI\n{years}")
    assert extract_document(read_text(text)).convention_period.value == [2019, 2021]


def test_years_alone_on_a_line_far_from_the_contract_name_are_no_period() -> None:
    text = avenant_text(period="").replace(
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI",
        "CONVENTION D'APPUI À LA LUTTE CONTRE LA PAUVRETÉ ET D'ACCÈS À L'EMPLOI\n\n"
        "Direction de la solidarité, service de l'insertion et de l'emploi des publics, "
        "unité de la programmation budgétaire pluriannuelle du département\n2019 – 2021")
    assert extract_document(read_text(text)).convention_period is None


# --- signature ------------------------------------------------------------------------------------

def test_blank_signature_date_is_null_and_place_is_kept() -> None:
    _, block = synthetic(signed=" /  / 2021", place="Saint-Étienne")
    assert block.signature.place.value == "Saint-Étienne"
    assert block.signature.date is None


def test_signature_after_the_number_of_copies() -> None:
    text = avenant_text().replace("Fait à Bordeaux, le",
                                  "Fait en deux exemplaires originaux,\nà Bordeaux, le")
    signature = to_tree(extract_document(read_text(text)).signature)
    assert signature == {"place": "Bordeaux", "date": "2021-07-01"}


# --- State funding --------------------------------------------------------------------------------

def funding_of(text: str, name: str = "doc.txt") -> dict:
    return to_tree(extract_document(read_text(text, name)).state_funding)


def test_total_and_carryover_of_a_total_sentence() -> None:
    _, block = synthetic(funding=(
        "un montant total de 500 000 € dont 450 000 € pour financer les actions au\n"
        "titre de l'année 2021 et de 50 000 € de crédits non engagés en 2020 par le Département\n"
        "et qui constituent un report sur l'année 2021"))
    funding = to_tree(block.state_funding)
    assert funding == {"amount": 450000, "carryover": 50000, "total": 500000}


def test_other_funding_wordings() -> None:
    _, block = synthetic(funding="un montant de 1 234 €")
    assert to_tree(block.state_funding) == {"amount": 1234, "carryover": None, "total": None}
    text = avenant_text().replace(
        "le soutien financier de l'Etat s'élève à", "la participation de l'Etat est fixée à")
    funding = extract_document(read_text(text)).state_funding
    assert (funding.amount.value, funding.carryover.value) == (2345678.5, 98765)


@pytest.mark.parametrize(("sentence", "funding"), [
    ("« Pour 2021, l'Etat contribue à hauteur de 1 019 650 € au financement des actions ; le "
     "Département bénéficie en outre du report des crédits non consommés en 2020, soit "
     "63 215,80 €. »", {"amount": 1019650, "carryover": 63215.8, "total": None}),
    ("Au titre de l'année 2021, le montant de la participation de l'État s'établit à 985 400 "
     "euros.", {"amount": 985400, "carryover": None, "total": None}),
    ("Les crédits délégués par l'Etat au titre de 2021 s'élèvent à 232 000 €, auxquels "
     "s'ajoutent 15 000 € de crédits reportés de 2020.",
     {"amount": 232000, "carryover": 15000, "total": None}),
])
def test_funding_sentence_wordings(sentence: str, funding: dict) -> None:
    text = re.sub(r"« Au titre de l'année 2021.*?»", sentence, avenant_text(), flags=re.S)
    assert to_tree(extract_document(read_text(text)).state_funding) == funding


REPORT_OPENING = """COMMUNAUTÉ D'EXEMPLE
Direction de l'action sociale

RAPPORT D'EXÉCUTION – EXERCICE 2022

Convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi

1. CONTEXTE

Au titre de l'exercice 2022, l'État a attribué à la collectivité une dotation de
1 234 000 €, complétée par un report de 45 600 € de crédits 2021 non consommés. La
collectivité a mobilisé un montant au moins équivalent.

2. BILAN PAR ACTION

Action 1 – Accueil de jour
Objectif : ouvrir un accueil de jour.
Crédits engagés : 10 000 €
Crédits consommés : 9 000 €
"""


def test_report_without_parties_states_funding_in_its_opening() -> None:
    assert funding_of(REPORT_OPENING) == {"amount": 1234000, "carryover": 45600, "total": None}


def test_carryover_led_by_the_clause_after_the_amount_belongs_to_the_next_amount() -> None:
    sentence = ("« Pour 2021, l'Etat alloue une dotation de 700 000 €, complétée par un report "
                "de 12 500 €. »")
    text = re.sub(r"« Au titre de l'année 2021.*?»", sentence, avenant_text(), flags=re.S)
    assert funding_of(text) == {"amount": 700000, "carryover": 12500, "total": None}


@pytest.mark.parametrize("article", [
    "Les crédits délégués en 2020 et non consommés au 31 décembre 2020, soit 31 400 €, sont "
    "reportés sur l'exercice 2021.",
    "Le reliquat des crédits non consommés en 2020 fait l'objet d'un report sur 2021 pour un "
    "montant de 31 400 €.",
])
def test_carryover_stated_in_an_article_of_its_own(article: str) -> None:
    text = avenant_text(funding="1 000 000 €").replace(
        "ARTICLE 2\n", f"ARTICLE 2 – Report des crédits 2020\n\n{article}\n\nARTICLE 3\n")
    assert funding_of(text) == {"amount": 1000000, "carryover": 31400, "total": None}


def test_no_carryover_without_a_carryover_sentence() -> None:
    assert funding_of(avenant_text(funding="1 000 000 €"))["carryover"] is None


def test_a_carryover_asked_for_the_next_year_is_no_carryover_received() -> None:
    text = REPORT_OPENING.replace(
        ", complétée par un report de 45 600 € de crédits 2021 non consommés",
        ". Les crédits non consommés au 31 décembre 2022, soit 45 600 €, font l'objet d'une "
        "demande de report sur l'exercice 2023")
    assert funding_of(text) == {"amount": 1234000, "carryover": None, "total": None}
