"""The parties of a document: territory, signatories and whether their names were redacted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.document.regions import HeaderText
from calpae.extract.models import Signatory, Territory
from calpae.extract.spans import territories_in
from calpae.extract.text import L_APOS, collapse, trim_span
from calpae.extract.vocabulary import Field, alternation
from calpae.model import Extracted, ReadStatus
from calpae.values.fold import fold
from calpae.values.territories import lookup

_REPRESENTED = re.compile(r"represente(?:e|s|es)?\s+par\s+")
_REPRESENTED_BY = re.compile(r",?\s*" + _REPRESENTED.pattern)
_CLAUSE_END = re.compile(
    r",?\s*(?:et\s+)?(?:designe|ci-apres|ci apres|d'une part|d'autre part|denomme"
    r"|(?:dument\s+)?(?:habilite|autorise|mandate)e?s?\b"
    r"|\s*\n[ \t*_]*(?:et|entre)[ \t*_:]*\n"  # the next party's `Et :` line
    r"|\s*\n[ \t*_]*\w{1,3}[ \t]*:[ \t*_]*\n)")  # the same as OCR may read it (`EE:`)
_CIVILITY = re.compile(r"(?:monsieur|madame|mme|mr|m)\.?\s+")
_FUNCTION = re.compile(
    r"(?:le |la |l'|sa |son )?" + alternation(Field.SIGNATORY_TITLE_STATE,
                                             Field.SIGNATORY_TITLE_TERRITORY,
                                             Field.SIGNATORY_TITLE_EITHER) + r"\b")
# The State's own party: "L'État, représenté par …", "Le Préfet de …, représenté par …"
_STATE_PARTY = re.compile(rf"\b{alternation(Field.STATE_SHARE)}\b"
                          rf"|\b{alternation(Field.SIGNATORY_TITLE_STATE)}")
_QUALITY = re.compile(r"(?:,\s*|\s+en sa qualite de\s+|\s+agissant en qualite de\s+)")
# Redaction masks: a capitalised run of x (`Xxxxx`), or an upper-case one after it (`Xxxx XXXXX`).
MASK_WORD = re.compile(r"\bX[x]{2,}\b|\bx{3,}\b")
MASK_NAME = re.compile(r"\bX[x]+(?:[ -]X[x]+)*\s+X{2,}\b|\bX{2,}\s+X[x]+\b")
_TERRITORY_WORD = re.compile(
    r"(?:departement|conseil departemental|metropole|region|collectivite|eurometropole)"
    rf"\s+(?:de la |du |des |de {L_APOS}|d'|de )?")


@dataclass(frozen=True)
class Party:
    """One `X, représenté par NAME, TITLE, et désigné …` clause."""

    start: int  # where the party's own name begins
    represented: int  # where NAME begins
    end: int  # where the clause's trailing formula begins

    def is_state(self, folded: str) -> bool:
        return bool(_STATE_PARTY.search(folded[self.start:self.represented]))


def find_parties(ht: HeaderText) -> list[Party]:
    """The parties clauses of the document, before its recitals."""
    stop = ht.recitals[0].start if ht.recitals else ht.head_end
    parties = []
    for m in _REPRESENTED.finditer(ht.folded, 0, stop):
        end_m = _CLAUSE_END.search(ht.folded, m.end(), min(m.end() + 400, len(ht.text)))
        end = end_m.start() if end_m else _clause_gap(ht, m.end(), stop)
        if end < 0:
            continue
        parties.append(Party(_clause_start(ht, m.start()), m.end(), end))
    return parties


def _clause_gap(ht: HeaderText, start: int, stop: int) -> int:
    """A clause without its trailing formula ends at a blank line or, where PDF and HTML
    readers leave no blank line, where the recitals begin."""
    gap = ht.text.find("\n\n", start, start + 400)
    if gap < 0 and start < stop <= start + 400:
        return stop
    return gap


def _clause_start(ht: HeaderText, offset: int) -> int:
    """The start of the party's name: after the previous blank line, `Entre`/`Et` line or clause."""
    window_start = max(0, offset - 300)
    head = ht.folded[window_start:offset]
    cuts = [m.end() for m in re.finditer(
        r"\n[ \t]*\n|^[ \t*_]*(?:entre|et|\w{1,3}[ \t]*:)[ \t*_:]*$|part\s*,|\bentre\s",
        head, re.M)]
    start = window_start + (cuts[-1] if cuts else 0)
    return trim_span(ht.text, start, offset)[0]


def extract_signatory(ht: HeaderText, party: Party | None) -> Signatory:
    if party is None:
        return Signatory()
    start, end = trim_span(ht.text, party.represented, party.end)
    start = _after_civility(ht, start)
    if _FUNCTION.match(ht.folded, start):
        return _title_first(ht, start, end)
    cut = _QUALITY.search(ht.folded, start, end)
    if not cut:
        return Signatory(name=_name(ht, start, end))
    return Signatory(name=_name(ht, start, cut.start()), title=_title(ht, cut.end(), end))


def _after_civility(ht: HeaderText, start: int) -> int:
    civ = _CIVILITY.match(ht.folded, start)
    return civ.end() if civ and not _FUNCTION.match(ht.folded, start) else start


def _title_first(ht: HeaderText, start: int, end: int) -> Signatory:
    """`sa Présidente, Mme Anne DUPONT` or a title alone (`le Préfet de la Gironde`)."""
    comma = ht.text.find(",", start, end)
    if comma > 0:
        name_start = _after_civility(ht, trim_span(ht.text, comma, end)[0])
        if _looks_like_a_name(ht.text[name_start:end]):
            return Signatory(name=_name(ht, name_start, end), title=_title(ht, start, comma))
    return Signatory(title=_title(ht, start, end))


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return 1 < len(words) <= 5 and all(w[:1].isupper() for w in words)


def _name(ht: HeaderText, start: int, end: int) -> Extracted[str] | None:
    start, end = trim_span(ht.text, start, end)
    raw = ht.text[start:end]
    if not raw or MASK_NAME.search(raw) or MASK_WORD.fullmatch(raw.split()[0]):
        return None
    return ht.source.extracted(collapse(raw), start, end)


def _title(ht: HeaderText, start: int, end: int) -> Extracted[str] | None:
    start, end = trim_span(ht.text, start, end)
    article = re.match(r"(?:le|la|l'|sa|son)\s*", ht.folded[start:end])
    if article and _FUNCTION.match(ht.folded, start):
        start += article.end()
    if start >= end:
        return None
    return ht.source.extracted(collapse(ht.text[start:end]), start, end)


def extract_territory(ht: HeaderText, parties: list[Party]) -> Territory:
    """The territory party: its kind, official name and code (known from the name)."""
    own = [p for p in parties if not p.is_state(ht.folded)]
    for party in own:
        named = _party_named_territory(ht, party)
        if named:
            return named
    windows = [(p.start, p.end) for p in own]
    windows.append((0, ht.title_end))
    windows.append((0, ht.head_end))
    for start, end in windows:
        found = _territory_after_keyword(ht, start, end)
        if found:
            return found
    return Territory()


def _party_named_territory(ht: HeaderText, party: Party) -> Territory | None:
    """A party whose own name is a territory with the kind word after it (`Nantes Métropole`)."""
    clause = _REPRESENTED_BY.search(ht.folded, party.start, party.represented)
    start, end = trim_span(ht.text, party.start, clause.start() if clause else party.start)
    article = re.match(rf"(?:le |la |les |{L_APOS})", ht.folded[start:end])
    if article:
        start += article.end()
    territory = lookup(ht.text[start:end]) if 0 < end - start <= 60 else None
    if territory is None or fold(territory.name) != fold(collapse(ht.text[start:end])):
        return None
    return _territory(ht, territory, start, end)


def _territory_after_keyword(ht: HeaderText, start: int, end: int) -> Territory | None:
    """The first territory named right after `Département de`, `Métropole de`, `Région` …"""
    for m in _TERRITORY_WORD.finditer(ht.folded, start, end):
        window_end = min(m.end() + 60, len(ht.text))
        for match in territories_in(ht.text, m.start(), window_end):
            if match.start <= m.end() + 3:
                return _territory(ht, match.value, match.start, match.end)
        guessed = _lookup_words(ht, m.end(), window_end)
        if guessed:
            return guessed
    return None


def _lookup_words(ht: HeaderText, start: int, end: int) -> Territory | None:
    """The territory named by the words at start (the longest run of words that is one)."""
    words = list(re.finditer(r"[^\s,;.()«»]+", ht.text[start:end]))[:5]
    for n in range(len(words), 0, -1):
        w_end = start + words[n - 1].end()
        w_start = start + words[0].start()
        name = re.sub(rf"^{L_APOS}", "", ht.text[w_start:w_end], flags=re.I)
        territory = lookup(name)
        if territory is not None:
            return _territory(ht, territory, w_start, w_end)
    return None


def _territory(ht: HeaderText, territory, start: int, end: int) -> Territory:
    printed = re.sub(r"[\s'-]", "", ht.folded[start:end])
    official = re.sub(r"[\s'-]", "", fold(territory.name))
    src = ht.source
    if printed == official:
        name = src.extracted(territory.name, start, end)
    else:
        name = src.extracted(territory.name, start, end, ReadStatus.REPAIRED,
                             "nom imprimé autrement, rapproché du nom officiel")
    return Territory(kind=src.extracted(territory.kind, start, end, ReadStatus.INFERRED,
                                        "nature de la collectivité déduite de son nom"),
                     name=name,
                     code=src.extracted(territory.code, start, end, ReadStatus.INFERRED,
                                        "code officiel déduit du nom du territoire"))


def detect_redaction(ht: HeaderText) -> Extracted[bool]:
    """Whether names were masked (`Xxxx XXXXX`): true with the first mask as evidence."""
    m = MASK_NAME.search(ht.text) or _third_mask(ht.text)
    if m:
        return ht.source.extracted(True, m.start(), m.end())
    return Extracted(False, status=ReadStatus.INFERRED, reason="aucun nom masqué trouvé")


def _third_mask(text: str) -> re.Match[str] | None:
    """The first mask word if there are three: one or two may be template blanks (`n° xxxx`)."""
    masks = [m for _, m in zip(range(3), MASK_WORD.finditer(text), strict=False)]
    return masks[0] if len(masks) == 3 else None
