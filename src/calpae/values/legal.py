"""Legal references: `loi n°2018-1317`, `instruction n° DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from calpae.model import Extracted
from calpae.values.dates import find_dates
from calpae.values.fold import fold


@dataclass(frozen=True, slots=True)
class LegalReference:
    kind: str | None  # loi | instruction | decret | circulaire | arrete | ordonnance | None
    reference: str  # the number as printed, spaces inside kept (`DGCS/SD1B/2019/196`)
    date: dt.date | None = None  # the date printed right after (`… du 28 décembre 2018`)


LegalFound = Extracted[LegalReference]  # spans the reference number in the text given


_SEGMENT = r"[A-Za-z0-9]+"
# A space inside a reference is kept where an upper-case service code continues a slashed
# path (`DGCS/SD1B/DIPLP/DGEFP/SD PAE/2020/28`).
_REFERENCE = (
    rf"[A-Z0-9][A-Za-z0-9]*(?:[/\-.]{_SEGMENT})*"
    rf"(?:(?<=[A-Z0-9]) [A-Z][A-Z0-9]*(?:[/\-]{_SEGMENT})+)*"
)
_NUMBER_SIGN = re.compile(
    rf"(?<![A-Za-z])[nN](?:\s*[°º˚]|[oO]\.?(?=\s))\s*\.?\s*(?P<ref>{_REFERENCE})"
)
_KIND_WORDS = {
    "loi": "loi", "instruction": "instruction", "circulaire": "circulaire",
    "decret": "decret", "arrete": "arrete", "ordonnance": "ordonnance",
}
_KIND_BEFORE = re.compile(
    r"(?<![a-z])(?P<kind>lois?|instructions?|circulaires?|decrets?|arretes?|ordonnances?)"
    r"(?:\s+[a-z'\-]+){0,3}?\s*$"
)
_OTHER_NUMBERED_THING = re.compile(
    r"(?<![a-z])(?:avenant|fiche|action|convention|article|annexe|mesure|page|siret|siren"
    r"|telephone|tel|engagement|axe|objectif|indicateur|lot|marche|dossier)s?"
    r"(?:\s+[a-z'\-]+){0,2}?\s*$"
)
_LEGAL_LOOKING = re.compile(r"(?:19|20)\d\d-\d+|[A-Z]{2,}\d*/.*(?:19|20)\d\d")
_DATED_AFTER = re.compile(r"\s*,?\s*(?:du|en\s+date\s+du)\s+", re.IGNORECASE)
_KIND_DATED = re.compile(
    r"(?<![a-z])(?P<kind>loi|instruction|circulaire|decret|arrete|ordonnance)"
    r"\s+(?:du|en\s+date\s+du)\s+"
)


def _kind_before(folded: str, position: int) -> tuple[str | None, bool]:
    """The kind named just before position, and whether something else is numbered there."""
    before = folded[max(0, position - 60):position]
    before = re.split(r"[.;:,()\n]", before)[-1]
    kind = _KIND_BEFORE.search(before)
    if kind:
        return _KIND_WORDS[kind.group("kind").rstrip("s")], False
    return None, bool(_OTHER_NUMBERED_THING.search(before))


def _date_after(text: str, position: int) -> dt.date | None:
    lead = _DATED_AFTER.match(text, position)
    if not lead:
        return None
    dates = find_dates(text[lead.end():lead.end() + 40])
    return dates[0].value if dates and dates[0].start == 0 else None


def _numbered_references(text: str, folded: str) -> list[LegalFound]:
    found = []
    for match in _NUMBER_SIGN.finditer(text):
        kind, other = _kind_before(folded, match.start())
        reference = match.group("ref")
        if kind is None and (other or not _LEGAL_LOOKING.search(reference)):
            continue
        found.append(Extracted.at(LegalReference(kind, reference,
                                                 _date_after(text, match.end("ref"))),
                                  match.start("ref"), match.end("ref")))
    return found


def _dated_references(text: str, folded: str) -> list[LegalFound]:
    """Texts named by their date only (`arrêté du 28 juin 2019`): the date is the reference."""
    found = []
    for match in _KIND_DATED.finditer(folded):
        dates = find_dates(text[match.end():match.end() + 40])
        if not dates or dates[0].start != 0 or dates[0].value is None:
            continue
        start, end = match.end(), match.end() + dates[0].end
        found.append(Extracted.at(LegalReference(_KIND_WORDS[match.group("kind")],
                                                 text[start:end], dates[0].value), start, end))
    return found


def find_legal_references(text: str) -> list[LegalFound]:
    """Every legal reference in text, in order."""
    folded = fold(text)
    numbered = _numbered_references(text, folded)
    # `l'instruction du 19 janvier 2022` usually points back at a numbered one already found.
    known = {(ref.value.kind, ref.value.date) for ref in numbered}
    dated = [ref for ref in _dated_references(text, folded)
             if (ref.value.kind, ref.value.date) not in known]
    return sorted(numbered + dated, key=lambda r: r.start)
