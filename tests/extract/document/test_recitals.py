"""The recitals (`Vu …`): legal bases up to the articles, the deliberation and its body
(`extract/document/recitals.py`)."""

from __future__ import annotations

import pytest

from calpae.extract.document import extract_document
from calpae.model import to_tree

from ..helpers import avenant_text, read_text


def test_recitals_stop_at_the_articles() -> None:
    text = avenant_text().replace("Le présent avenant prend effet",
                                  "Vu le contexte sanitaire, le présent avenant prend effet")
    kinds = [b.kind.value for b in extract_document(read_text(text)).legal_bases]
    assert kinds == ["loi", "instruction", "convention", "deliberation"]


@pytest.mark.parametrize(("phrase", "body"), [
    ("la délibération n° 2021-345 du Conseil de Métropole en date du", "Conseil de Métropole"),
    ("la délibération du Conseil de la Métropole en date du", "Conseil de la Métropole"),
    ("la délibération de la Commission permanente du Conseil départemental en date du",
     "Commission permanente"),
])
def test_deliberation_bodies(phrase: str, body: str) -> None:
    text = avenant_text().replace("la délibération du Conseil départemental en date du", phrase)
    deliberation = extract_document(read_text(text)).deliberation
    assert to_tree(deliberation) == {"body": body, "date": "2021-06-14"}
