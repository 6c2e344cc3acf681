"""Tell a CALPAE document from any other text before extracting anything from it."""

from __future__ import annotations

import re
import unicodedata

from calpae.errors import NotACalpaeDocument
from calpae.model import SourceDocument

# Each group is one trait of a CALPAE document; a document shows most of them.
_TRAITS = [
    r"pauvrete",
    r"convention|avenant|rapport d.?execution|contractualisation",
    r"\betat\b|\bprefet",
    r"departement|metropole|\bregion\b|conseil departemental",
    r"acces a l.?emploi|insertion|fiches?.?actions?|\bRSA\b|\bASE\b",
    r"€|\beuros?\b|credits?|budget|financ",
]


def fold(text: str) -> str:
    """Lower-case, accents removed: for matching French words however they were typed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ensure_calpae(source: SourceDocument) -> None:
    head = fold(source.text[:200_000])
    found = sum(1 for t in _TRAITS if re.search(t, head, re.I))
    if found < 5 or not re.search(r"pauvrete", head):
        raise NotACalpaeDocument(
            source.file.name,
            "ce texte n'est pas une convention, un avenant ni un rapport d'exécution CALPAE",
            "not a CALPAE convention, amendment or execution report",
        )
