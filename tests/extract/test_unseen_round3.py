"""Layouts of the third unseen-document round (`tests/unseen` h–n), each reduced to its rule.

Every text here is invented (names, numbers and amounts are made up).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from calpae.extract.header import extract_document
from calpae.model import to_tree
from calpae.readers import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_header import avenant_text


def read_text(text: str, name: str = "doc.txt"):
    return read_bytes(text.encode("utf-8"), name)


def funding_of(text: str, name: str = "doc.txt") -> dict:
    return to_tree(extract_document(read_text(text, name)).state_funding)


# --- State funding ----------------------------------------------------------------------------

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
