"""Recognising CALPAE documents, OCR'd ones included, and refusing other French texts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from calpae.errors import NotACalpaeDocument
from calpae.extract.classify import ensure_calpae, is_calpae
from calpae.readers import read_file

from .helpers import read_text


def ocr_damage(text: str) -> str:
    """What a poor OCR does to French: `l'` read `I'`, accents lost or misread, spaces dropped."""
    for before, after in (("l'", "I'"), ("pauvreté", "pauvret6"), ("PAUVRETÉ", "PAUVRET6"),
                          ("à", "a"), ("é", "e"), ("è", "e"), ("a la lutte", "ala lutte")):
        text = text.replace(before, after)
    return text.replace("'", "''", 3)


def test_every_seed_is_recognised(seed_files: list[Path]) -> None:
    for path in seed_files:
        ensure_calpae(read_file(path))


def test_ocr_damaged_seeds_are_recognised(seed_files: list[Path]) -> None:
    for path in seed_files:
        text = path.read_text(encoding="utf-8")
        assert is_calpae(ocr_damage(text)), path.name


def test_a_short_ocr_report_head_is_recognised() -> None:
    text = (" Rapport de suivi de I'execution de la convention d'appui a la lutte\n"
            "contre la pauvrete et d'accés a I''emploi\n\nDepartement de I'Ain\n\n"
            "Le present rapport rend compte de I'execution des credits verses. A I'aune des\n"
            "fiches-actions annexées, il rappelle le cadre financier.\n"
            "Budget exécuté au 31/12/2021 : 12 000 €\n"
            "Indicateurs : nombre de jeunes accompagnés\n")
    assert is_calpae(text)


NEWS = """Pauvreté : l'État et le Département signent une convention

Publié le 3 juillet 2019 à 18h02 - Mis à jour le 4 juillet 2019

Par notre correspondant. Le préfet et le président du conseil départemental ont signé mardi la
convention d'appui à la lutte contre la pauvreté et d'accès à l'emploi. Les crédits de l'État
atteignent 1,2 million d'euros cette année ; des indicateurs permettront de suivre les actions
pour les jeunes sortants de l'aide sociale à l'enfance et les allocataires du RSA.

Lire aussi : le plan pauvreté un an après

Partager cet article - 12 commentaires
"""

MUNICIPAL = """Séance du conseil municipal du 12 mars 2020

Ordre du jour : 1. Approbation du procès-verbal de la séance précédente.

Le Maire expose au conseil municipal que le Département a signé avec l'État une convention
d'appui à la lutte contre la pauvreté et d'accès à l'emploi, et propose que le CCAS y prenne part.

Vu le code général des collectivités territoriales,
Vu la délibération du conseil d'administration du CCAS,

Article 1 : le conseil municipal approuve la participation du CCAS. Des indicateurs seront suivis.

Fait à Montargis, le 12 mars 2020. Le Maire.
"""

RECIPE = "Tarte aux pommes\n\nÉplucher six pommes, étaler la pâte, cuire quarante minutes.\n"

POVERTY_ESSAY = """La pauvreté en France

La lutte contre la pauvreté mobilise l'État, les départements et les associations. Le revenu de
solidarité active, l'insertion et l'accès à l'emploi sont au cœur des politiques publiques. Les
crédits de l'État et les budgets départementaux financent des actions d'insertion.
"""


@pytest.mark.parametrize("text", [NEWS, MUNICIPAL, RECIPE, POVERTY_ESSAY],
                         ids=["news", "municipal-minute", "recipe", "essay"])
def test_other_french_texts_are_refused(text: str) -> None:
    with pytest.raises(NotACalpaeDocument) as caught:
        ensure_calpae(read_text(text))
    assert "n'est pas une convention" in str(caught.value)
    assert " / " in str(caught.value)


def test_news_and_minutes_are_refused_even_when_ocr_damaged() -> None:
    assert not is_calpae(ocr_damage(NEWS))
    assert not is_calpae(ocr_damage(MUNICIPAL))


def test_classification_is_quick_on_a_long_text() -> None:
    text = RECIPE * 20_000
    started = time.perf_counter()
    assert not is_calpae(text + "convention d'appui a la lutte contre la pauvrete")
    assert time.perf_counter() - started < 2.0
