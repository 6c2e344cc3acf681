"""The recitals (`Vu …`) of a document: legal bases, the base convention and the deliberation."""

from __future__ import annotations

import re

from calpae.extract.document.regions import HeaderText, Item
from calpae.extract.models import Deliberation, LegalBasis
from calpae.extract.spans import dates_in, extracted_date, legal_refs_in
from calpae.extract.text import L_APOS, collapse, trim_span
from calpae.model import Extracted
from calpae.values.dates import DateFound

_OPENING = r"[ \t*_>#-]*vu[ \t*_]*[,:]?\s*"
# The kind of a recital, by the words that open it after `Vu`.
_KINDS = [
    ("loi", r"(?:la |le )?(?:loi|code)\b"),
    ("instruction", r"(?:l'|la |les )?(?:instruction|circulaire|note d'information)"),
    ("decret", r"(?:le |les )?decrets?\b"),
    ("arrete", r"(?:l'|les )?arretes?\b"),
    ("convention", r"(?:la |les )?(?:precedente |premiere |nouvelle )?conventions?\b"),
    ("avenant", r"(?:l'|les |le )?(?:\w+ )?avenants?\b"),
    ("deliberation", r"(?:la |les )?(?:\w+ )?deliberations?\b"),
]
_REFERENCED = {"loi", "instruction", "decret", "arrete"}
_SIGNED = re.compile(r"signee?s?\b[^.;]{0,40}?\b(?:le|les|en date du)\s")
_DATED = re.compile(r"\b(?:en date du|du|le|des?)\s+(?=\S)")
_BODY_END = re.compile(
    r"\s+(?:du|de la|de l'|des)\s+(?:departement|metropole|region|collectivite|conseil "
    r"departemental|conseil metropolitain|conseil regional)\b|"
    r"\s+(?:en date|du|le|des|lors)\s+(?=\d|[li1]er)|"
    r"\s*,|\s+autorisant|\s+(?:en date)|\s+n\s?[°o]")
_DELIBERATION_DATE = re.compile(r"en date du|reunie? le|seance du|du\s+(?=\d)")
_BODY_WORDS = re.compile(
    r"commission permanente|conseil departemental|conseil metropolitain|conseil regional|"
    r"assemblee|seance|session|bureau|conseil (?:de la |de )?metropole|conseil general")


def recital_kind(ht: HeaderText, item: Item) -> tuple[str | None, int, int]:
    """The kind of act a recital cites, with the span of the word that tells it."""
    opening = re.match(_OPENING, ht.folded[item.start:item.end])
    if not opening:
        return None, item.start, item.start  # masked: the word that tells the kind is hidden
    at = item.start + opening.end()
    rest = re.sub(rf"^{L_APOS}", "l'", ht.folded[at:item.end])
    for kind, pattern in _KINDS:
        m = re.match(pattern, rest)
        if m:
            return kind, at, at + m.end()
    return None, at, at


def extract_legal_bases(ht: HeaderText) -> list[LegalBasis]:
    return [_legal_basis(ht, item) for item in ht.recitals]


def _legal_basis(ht: HeaderText, item: Item) -> LegalBasis:
    kind, start, end = recital_kind(ht, item)
    basis = LegalBasis()
    if kind is not None:
        basis.kind = ht.source.extracted(kind, *trim_span(ht.text, start, end))
    if kind in _REFERENCED or kind is None:
        refs = legal_refs_in(ht.text, item.start, item.end)
        if refs:
            ref = refs[0]
            basis.reference = ht.source.anchor(ref.but(value=ref.value.reference))
            dated = _first_date(ht, ref.end, item.end)
            basis.date = extracted_date(ht.source, dated)
            return basis
    basis.date = extracted_date(ht.source, _act_date(ht, item, kind))
    return basis


def _act_date(ht: HeaderText, item: Item, kind: str | None) -> DateFound | None:
    """The date of the act a recital cites: its signature date, else its first date."""
    if kind in {"convention", "avenant"}:
        signed = _SIGNED.search(ht.folded, item.start, item.end)
        if signed:
            found = _first_date(ht, signed.end(), item.end)
            if found:
                return found
    if kind == "deliberation":
        dated = _DELIBERATION_DATE.search(ht.folded, item.start, item.end)
        if dated:
            found = _first_date(ht, dated.end(), item.end)
            if found:
                return found
    return _first_date(ht, item.start, item.end)


def _first_date(ht: HeaderText, start: int, end: int) -> DateFound | None:
    found = dates_in(ht.text, start, end)
    return found[0] if found else None


def base_convention_date(ht: HeaderText, bases: list[LegalBasis]) -> Extracted | None:
    """Signature date of the convention an avenant amends (or a new convention follows)."""
    for basis in bases:
        if basis.kind is not None and basis.kind.value == "convention" and basis.date:
            return basis.date
    m = re.search(r"(?:paragraphe|article)\s[\d.]+\s+de la convention (?:signee le |du )",
                  ht.folded[:ht.head_end])
    if m:
        return extracted_date(ht.source, _first_date(ht, m.end(), m.end() + 30))
    return None


def extract_deliberation(ht: HeaderText) -> Deliberation:
    """The departmental body and date that authorised the signature."""
    for item in ht.recitals:
        if recital_kind(ht, item)[0] == "deliberation":
            return _deliberation(ht, item.start, item.end)
    m = re.search(r"deliberation\s+(?:n\s?[°o]\s?\S+\s+)?(?:de la|du|de l')\s+(?=" +
                  _BODY_WORDS.pattern + ")", ht.folded[:ht.head_end])
    if m:
        end = ht.folded.find("\n\n", m.start(), m.start() + 400)
        return _deliberation(ht, m.start(), end if end > 0 else m.start() + 400)
    return Deliberation()


def _deliberation(ht: HeaderText, start: int, end: int) -> Deliberation:
    result = Deliberation()
    m = re.search(r"deliberations?\s+(?:n\s?[°o]\s?\S+\s+)?(?:de la |du |de l'|des )?",
                  ht.folded[start:end])
    if m:
        body_start = start + m.end()
        # the body's own name may hold words that end other names (`Conseil de la Métropole`)
        named = _BODY_WORDS.match(ht.folded, body_start)
        stop = _BODY_END.search(ht.folded, named.end() if named else body_start, end)
        body_end = stop.start() if stop else body_start
        b_start, b_end = trim_span(ht.text, body_start, body_end)
        if b_end > b_start and _BODY_WORDS.search(ht.folded, b_start, b_end):
            result.body = ht.source.extracted(collapse(ht.text[b_start:b_end]), b_start, b_end)
    dated = _act_date(ht, Item(start, end), "deliberation")
    result.date = extracted_date(ht.source, dated)
    return result
