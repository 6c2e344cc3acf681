"""Identity: two files of one document (a redacted copy, a PDF and its text export, the DOCX
and its PDF) are one document; two documents from one template are not.

A copy says the same thing: the same kind, territory, year and avenant number, the same
amounts, mostly the same words. Redaction masks names (`Xxxx XXXX`) and some common words
with them, OCR damages a few words: so words are compared as sets, masked words left out,
and the amounts, which carry the money, must agree almost all.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from calpae.checks.french import percent
from calpae.checks.model import (
    CheckedDocument,
    CheckSettings,
    Cited,
    Finding,
    Severity,
    is_amount,
    value_of,
)
from calpae.checks.registry import RULES, Context, Rule
from calpae.model import iter_extracted
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


def copy_of(doc: CheckedDocument, text: str, format: str, ocr: bool = False) -> Copy:
    """The identity facts of a document read from a file (not stored)."""
    values = list(iter_extracted(doc.extraction))
    amounts = [float(v.value.value) for v in values if is_amount(v.path, v.value.value)]
    block = doc.extraction.document
    return Copy.of(id(doc), doc.ref.name, doc.kind, doc.territory_key, doc.year,
                   value_of(block.amendment_number), amounts, text,
                   bool(value_of(block.redacted)), len(values), format, ocr)


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


def preferred(copies: Sequence[Copy]) -> Copy:
    return max(copies, key=lambda c: (c.preference, -c.id))


RULES["identity.duplicate"] = Rule(
    "identity.duplicate", Severity.INFO, "Deux fichiers d'un même document",
    "Deux fichiers portent le même document (copie caviardée, export, autre format) : il "
    "n'est compté qu'une fois, par sa copie la plus complète.", "identity", iter)


def group_copies(copies: Sequence[Copy]) -> list[tuple[Copy, list[tuple[Copy, Match]]]]:
    """The copies grouped into documents: each group's preferred copy, and the others with
    what matched. A copy joins the first group whose first copy it matches; matching is not
    transitive, so the preferred copy may not match every other: then the first one does."""
    groups: list[list[Copy]] = []
    for copy in copies:
        group = next((g for g in groups if same_document(g[0], copy)), None)
        if group is None:
            groups.append([copy])
        else:
            group.append(copy)
    out = []
    for group in groups:
        best = preferred(group)
        others = []
        for copy in group:
            if copy is not best:
                match = same_document(best, copy) or same_document(group[0], copy)
                assert match is not None
                others.append((copy, match))
        out.append((best, others))
    return out


def distinct(docs: list[CheckedDocument],
             copies: list[Copy]) -> tuple[list[CheckedDocument], list[Finding]]:
    """The documents without their copies (each group's preferred one kept), and one
    `identity.duplicate` finding per copy left out, citing a figure of both files."""
    numbered = [dataclasses.replace(c, id=i) for i, c in enumerate(copies)]  # file order
    kept, found = [], []
    ctx = Context(CheckSettings())
    for best, others in group_copies(numbered):
        kept.append(docs[best.id])
        for copy, match in others:
            found.append(duplicate_finding(ctx, docs[best.id], docs[copy.id],
                                           match.note(best, copy)))
    return kept, found


def duplicate_finding(ctx: Context, best: CheckedDocument, copy: CheckedDocument,
                      note: str) -> Finding:
    cited = [c for c in (_figure(d) for d in (best, copy)) if c is not None]
    return ctx.finding(
        "identity.duplicate", f"{copy.ref.name} est une copie de {best.ref.name} ; seule la "
        f"copie retenue compte dans les totaux. Même document : {note}.", cited,
        subject=(f"copy:{best.ref.name}|{copy.ref.name}",), documents=(best.ref, copy.ref))


def _figure(doc: CheckedDocument) -> Cited | None:
    """The figure that shows two copies say the same: the State credits, else the total."""
    ex = doc.extraction
    summary_total = ex.financial_summary.total if ex.financial_summary else None
    for found, label in ((ex.document.state_funding.amount, "crédits État des articles"),
                         (summary_total.total if summary_total else None,
                          "total général du tableau financier"),
                         (ex.document.kind, "type de document")):
        if found is not None:
            return doc.cite(found, label)
    return None
