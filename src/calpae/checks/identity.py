"""Identity: two files of one document (a redacted copy, a PDF and its text export, the DOCX
and its PDF) are one document; two documents from one template are not.

A copy says the same thing: the same kind, territory, year and avenant number, the same
amounts, mostly the same words. Redaction masks names (`Xxxx XXXX`) and some common words
with them, OCR damages a few words: so words are compared as sets, masked words left out,
and the amounts, which carry the money, must agree almost all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from calpae.checks.french import percent
from calpae.checks.model import Severity
from calpae.checks.registry import RULES, Rule
from calpae.values.fold import fold

MIN_AMOUNTS = 0.95  # share of amounts in common (multisets): copies agree on the money
MIN_WORDS = 0.80  # share of words in common (sets, masked words left out)
_WORD = re.compile(r"[a-z]{3,}")
_MASK = re.compile(r"^x+$")
_FORMAT_RANK = {"docx": 3, "markdown": 3, "html": 3, "text": 2, "pdf": 1, "image": 0}


@dataclass(frozen=True)
class Copy:
    """What identity compares of one stored document."""

    id: int
    name: str
    kind: str | None
    territory: str | None
    year: int | None
    number: int | None
    amounts: Counter[float]
    words: frozenset[str]
    redacted: bool
    values: int  # how many values were read: the richest copy is preferred
    format: str
    ocr: bool = False

    @classmethod
    def of(cls, id: int, name: str, kind: str | None, territory: str | None, year: int | None,
           number: int | None, amounts: list[float], text: str, redacted: bool, values: int,
           format: str, ocr: bool = False) -> Copy:
        words = frozenset(w for w in _WORD.findall(fold(text)) if not _MASK.match(w))
        return cls(id, name, kind, territory, year, number,
                   Counter(round(a, 2) for a in amounts), words, redacted, values, format, ocr)

    @property
    def preference(self) -> tuple[int, int, int, int]:
        """Higher is better: unredacted, then read without OCR, then the most values."""
        return (not self.redacted, not self.ocr, self.values, _FORMAT_RANK.get(self.format, 0))


@dataclass(frozen=True)
class Match:
    amounts: float
    words: float

    def note(self, a: Copy, b: Copy) -> str:
        """The decision in French, for the dossier."""
        said = [f"même type ({a.kind or 'inconnu'}"
                + (f" n°{a.number}" if a.number is not None else "") + ")",
                f"même territoire ({a.territory})", f"même exercice ({a.year})",
                f"{percent(self.amounts)} des montants identiques",
                f"{percent(self.words)} des mots en commun"]
        if a.redacted != b.redacted:
            said.append("l'une des copies est caviardée")
        if a.format != b.format:
            said.append(f"formats {a.format} et {b.format}")
        return ", ".join(said)


def candidates_key(copy: Copy) -> tuple[str | None, str | None, int | None, int | None]:
    """What two copies must share before their contents are compared."""
    return copy.kind, copy.territory, copy.year, copy.number


def same_document(a: Copy, b: Copy) -> Match | None:
    if a.territory is None or a.kind is None or candidates_key(a) != candidates_key(b):
        return None
    amounts = _overlap(a.amounts, b.amounts)
    words = len(a.words & b.words) / max(1, min(len(a.words), len(b.words)))
    if amounts < MIN_AMOUNTS or words < MIN_WORDS:
        return None
    return Match(amounts, words)


def _overlap(a: Counter[float], b: Counter[float]) -> float:
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    return common / max(sum(a.values()), sum(b.values()))


def preferred(copies: list[Copy]) -> Copy:
    return max(copies, key=lambda c: (c.preference, -c.id))


RULES["identity.duplicate"] = Rule(
    "identity.duplicate", Severity.INFO, "Deux fichiers d'un même document",
    "Deux fichiers portent le même document (copie caviardée, export, autre format) : il "
    "n'est compté qu'une fois, par sa copie la plus complète.", "identity", iter)
