"""Tell a CALPAE document from any other text before extracting anything from it."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from calpae.errors import NotACalpaeDocument
from calpae.extract.text import folded_span
from calpae.extract.vocabulary import Field, alternation
from calpae.model import SourceDocument
from calpae.values.fold import fold

_HEAD = 200_000  # characters read: a CALPAE document shows what it is well before this
_TITLE = 1_500  # characters of the title block

# The name of the contract, on letters only (spaces and apostrophes vary, OCR drops them).
_NAME_PARTS = [
    re.compile(r"appui\w{0,4}luttecontrelapauvret"),
    re.compile(r"calpae"),
    re.compile(r"luttecontrelapauvret\w{0,16}acc\w{0,4}[li]?emploi"),
]
_FULL_NAME = "conventiondappuialaluttecontrelapauvreteetdaccesalemploi"

# Traits of the form of a convention, an avenant or an execution report.
_STRUCTURE = [
    r"(?m)^[ \t*_#>-]*vu\s+(?:la|le|les|l')",
    r"represente(?:e|s)?\s+par",
    r"\bfait\s+(?:a|en\s+\w+\s+exemplaires)",
    r"fiches?[ -]?actions?",
    rf"\b{alternation(Field.DOCUMENT_KIND_AMENDMENT)}\s*(?:n\s?[°o]|\d)",
    alternation(Field.DOCUMENT_KIND_EXECUTION_REPORT),
    r"(?:part|participation|soutien financier|credits?)\s+(?:de\s+)?(?:l.?\s?)?"
    + alternation(Field.STATE_SHARE),
    r"(?:engagements?|mesures?)\s+(?:du\s+)?socle|socle commun|initiatives? d[ue]s?\s+"
    r"(?:departement|territoire)",
    r"indicateurs?",
    r"budget\s+(?:previsionnel|execute|global|detaille)"
    rf"|montant\s+{alternation(Field.CONSUMED)}"
    rf"|credits?\s+{alternation(Field.ENGAGED, Field.CONSUMED)}",
    r"(?m)^[ \t*_#]*article\s+(?:1|premier|i)\b",
    rf"\b{alternation(Field.SIGNATORY_TITLE_STATE)}\b",
]
# Traits of texts that talk about the contract without being one: press, municipal minutes.
_ELSEWHERE = [
    r"conseil municipal", r"\ble maire\b", r"ordre du jour", r"proces-verbal",
    r"\bafp\b", r"lire aussi", r"publie le", r"mis a jour le",
    r"par notre (?:correspondant|envoye)", r"abonnez", r"journaliste", r"\bnewsletter\b",
    r"\bcommentaires?\b", r"\bpartager\b",
]


def letters(folded: str) -> str:
    return re.sub(r"[^a-z]", "", folded)


def names_the_contract(compact: str) -> bool:
    """Whether letters-only text names the CALPAE contract, through OCR damage too."""
    if any(p.search(compact) for p in _NAME_PARTS):
        return True
    return bool(compact) and fuzz.partial_ratio(_FULL_NAME, compact[:50_000]) >= 85


def structure_score(folded: str) -> int:
    return sum(1 for t in _STRUCTURE if re.search(t, folded))


def elsewhere_score(folded: str) -> int:
    return sum(1 for t in _ELSEWHERE if re.search(t, folded))


def is_calpae(text: str) -> bool:
    return _reads_as_calpae(fold(text[:_HEAD]))


def _reads_as_calpae(folded: str) -> bool:
    """Whether the folded head of a text is that of a CALPAE document."""
    if not names_the_contract(letters(folded)):
        return False
    structure = structure_score(folded)
    # The press and minutes traits are only weighed against a weak structure: most documents
    # skip their fourteen scans.
    if structure < 6 and elsewhere_score(folded) >= 2:
        return False
    titled = names_the_contract(letters(folded[:_TITLE]))
    return structure >= (2 if titled else 4)


def ensure_calpae(source: SourceDocument) -> None:
    if not _reads_as_calpae(folded_span(source, 0, _HEAD)):
        raise NotACalpaeDocument(
            source.file.name,
            "ce texte n'est pas une convention, un avenant ni un rapport d'exécution CALPAE",
            "not a CALPAE convention, amendment or execution report",
        )
