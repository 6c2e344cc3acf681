"""What the title and articles state: kind, number, years, period, State funding, signature."""

from __future__ import annotations

import re
from collections import Counter

from calpae.extract.document.regions import HeaderText
from calpae.extract.models import DocumentKind, Signature, StateFunding
from calpae.extract.spans import amounts_in, dates_in, extracted_date
from calpae.extract.text import L_APOS, collapse, trim_span
from calpae.extract.vocabulary import Field, alternation
from calpae.model import Extracted, ReadStatus

_REPORT = re.compile(alternation(Field.DOCUMENT_KIND_EXECUTION_REPORT))
_AMENDMENT = rf"\b{alternation(Field.DOCUMENT_KIND_AMENDMENT)}\b"
_CONVENTION = rf"\b{alternation(Field.DOCUMENT_KIND_CONVENTION)}\b"
_NUMBER = re.compile(
    rf"{alternation(Field.DOCUMENT_KIND_AMENDMENT)}\s*(?:n\s?[°o*º]\.?|numero|no\.?|#)\s*"
    r"(?P<n>\d{1,2}|[ivx]{1,5})\b|"
    r"(?P<ord>premier|1er|second|deuxieme|2e|2eme|troisieme|3e|3eme|quatrieme|4e|4eme|"
    rf"cinquieme|5e|5eme)\s+{alternation(Field.DOCUMENT_KIND_AMENDMENT)}")
_ORDINALS = {"premier": 1, "1er": 1, "second": 2, "deuxieme": 2, "2e": 2, "2eme": 2,
             "troisieme": 3, "3e": 3, "3eme": 3, "quatrieme": 4, "4e": 4, "4eme": 4,
             "cinquieme": 5, "5e": 5, "5eme": 5}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_YEAR = r"(20[1-4]\d)(?!\d)"
_TITLE_YEAR = [rf"avenant\s+(?:pour\s+)?(?:l'annee\s+)?{_YEAR}", rf"\bannee\s+{_YEAR}",
               rf"(?:rapport d'execution|exercice|bilan)\s+(?:de l'annee\s+)?{_YEAR}",
               rf"convention\b[^\n]{{0,120}}?\b{_YEAR}\s*$"]
_ARTICLE_YEAR = rf"(?:au titre de|pour|sur) {L_APOS}(?:annee|exercice)\s+{_YEAR}"
_REPORT_YEAR = [rf"rapport d'execution\s+(?:de l'annee\s+|annee\s+)?{_YEAR}",
                rf"{alternation(Field.CONSUMED)}\s+au\s+31\s?(?:/\s?12\s?/|decembre)\s?{_YEAR}"]
_RANGE = re.compile(rf"(?<!\d){_YEAR}\s*(?:-|–|/|a|au|et)\s*{_YEAR}")
_RANGE_CONTEXT = re.compile(r"convention|strategie|pauvrete|contractualisation|calpae")
_RANGE_EXCLUDED = re.compile(r"precedente|\baction|schema|appel|aap|plan |avenants")
_ETAT = rf"(?:de\s+)?{L_APOS}\s?{alternation(Field.STATE_SHARE)}"
_FUNDING = re.compile(
    rf"(?:soutien|concours|participation|contribution|engagement)s?\s+financi\w*\s+{_ETAT}|"
    rf"(?:credits?|participation|contribution|dotation|financement)\s+{_ETAT}\s+"
    r"(?:s'eleve|s'etabli|est\s+(?:fixee?|de|arretee?)|atteint)|"
    rf"credits?\s+(?:delegues?|alloues?|notifies?|accordes?|verses?)\s+par\s+{_ETAT}|"
    rf"{L_APOS}\s?{alternation(Field.STATE_SHARE)}\s+(?:(?:s'engage\s+a|a|avait)\s+)?(?:verse|verser|apporte|apporter|attribue"
    r"|attribuer|alloue|allouer|accorde|accorder|contribue|contribuer|participe|participer"
    r"|delegue|notifie)\b")
_CARRYOVER = re.compile(alternation(Field.CARRYOVER, Field.UNSPENT))


def document_kind(ht: HeaderText) -> Extracted[DocumentKind] | None:
    """What the title calls the document (the opening text where no title block stands out)."""
    for stop in (ht.title_end, min(len(ht.text), 3000)):
        title = ht.folded[:stop]
        for kind, pattern in ((DocumentKind.EXECUTION_REPORT, _REPORT),
                              (DocumentKind.AMENDMENT, _AMENDMENT),
                              (DocumentKind.CONVENTION, _CONVENTION)):
            m = re.search(pattern, title)
            if m:
                return ht.source.extracted(kind, m.start(), m.end())
    return None


def amendment_number(ht: HeaderText) -> Extracted[int] | None:
    for stop in (ht.title_end, min(len(ht.text), 3000)):
        m = _NUMBER.search(ht.folded, 0, stop)
        if m:
            value = _number_value(m)
            if value:
                return ht.source.extracted(value, m.start(), m.end())
    return None


def _number_value(m: re.Match[str]) -> int | None:
    if m.group("ord"):
        return _ORDINALS[m.group("ord")]
    n = m.group("n")
    return int(n) if n.isdigit() else _ROMAN.get(n)


def exercise_year(ht: HeaderText, kind: str | None) -> Extracted[int] | None:
    title = [(p, 0, ht.title_end) for p in _TITLE_YEAR]
    article = [(_ARTICLE_YEAR, _articles_start(ht), ht.head_end)]
    if kind == DocumentKind.EXECUTION_REPORT:
        tries = [(p, 0, len(ht.text)) for p in _TITLE_YEAR[2:3] + _REPORT_YEAR[:1]]
        found = _first_year(ht, tries) or _most_frequent_year(ht, _REPORT_YEAR[1])
        return found or _first_year(ht, article)
    return _first_year(ht, article + title)


def _articles_start(ht: HeaderText) -> int:
    return ht.recitals[-1].end if ht.recitals else ht.title_end


def _first_year(ht: HeaderText, tries: list[tuple[str, int, int]]) -> Extracted[int] | None:
    for pattern, start, end in tries:
        m = re.compile(pattern, re.M).search(ht.folded, start, end)
        if m:
            return ht.source.extracted(int(m.group(1)), m.start(1), m.end(1))
    return None


def _most_frequent_year(ht: HeaderText, pattern: str) -> Extracted[int] | None:
    found = list(re.finditer(pattern, ht.folded))
    if not found:
        return None
    year, _ = Counter(m.group(1) for m in found).most_common(1)[0]
    m = next(m for m in found if m.group(1) == year)
    return ht.source.extracted(int(year), m.start(1), m.end(1))


def convention_period(ht: HeaderText, kind: str | None,
                      year: Extracted[int] | None) -> Extracted[list[int]] | None:
    """The first and last years of the convention, only where the document prints them."""
    own = _own_convention_period(ht, year)
    if own or kind == DocumentKind.CONVENTION:
        return own or _range_in(ht, 0, ht.title_end, year)
    return _range_in(ht, 0, len(ht.text), year)


_ONE_YEAR = re.compile(r"duree d'(?:un an|une annee)\b|pour l'annee\s+" + _YEAR)


def _own_convention_period(ht: HeaderText, year: Extracted[int] | None) -> Extracted | None:
    for m in re.finditer(r"presente convention[^.]{0,120}?", ht.folded[:ht.head_end]):
        sentence_end = ht.folded.find(".", m.end(), m.end() + 300)
        end = sentence_end if sentence_end > 0 else m.end() + 300
        found = _range_in(ht, m.start(), end, year, checked=False)
        if found:
            return found
        hit = _ONE_YEAR.search(ht.folded, m.start(), end)
        if hit and (hit.lastindex or year):
            value = int(hit.group(1)) if hit.lastindex else year.value
            return ht.source.extracted([value, value], hit.start(), hit.end(), ReadStatus.INFERRED,
                                       "convention d'une seule année")
    return None


def _range_in(ht: HeaderText, start: int, end: int, year: Extracted[int] | None,
              checked: bool = True) -> Extracted[list[int]] | None:
    for m in _RANGE.finditer(ht.folded, start, end):
        first, last = int(m.group(1)), int(m.group(2))
        if not (1 <= last - first <= 4 and first >= 2018):
            continue
        if year and not first <= year.value <= last:
            continue
        if checked and not _range_context_ok(ht, m.start()):
            continue
        return ht.source.extracted([first, last], m.start(), m.end())
    return None


def _range_context_ok(ht: HeaderText, offset: int) -> bool:
    line_start = ht.folded.rfind("\n", 0, offset) + 1
    before = ht.folded[max(line_start, offset - 160):offset]
    if _RANGE_EXCLUDED.search(before):
        return False
    if _RANGE_CONTEXT.search(before):
        return True
    carried = _continues_title(ht, line_start) or _alone_on_its_line(ht, line_start, offset)
    return carried and bool(_RANGE_CONTEXT.search(ht.folded, max(0, line_start - 160), line_start))


def _alone_on_its_line(ht: HeaderText, line_start: int, offset: int) -> bool:
    """A title line that holds only the years (`2020 – 2022`, `de 2020 à 2022`, `(2020/2022)`)."""
    line_end = ht.folded.find("\n", offset)
    line = ht.folded[line_start:line_end if line_end >= 0 else len(ht.folded)]
    return bool(re.fullmatch(rf"[\s*#_(]*(?:de\s+|periode\s+|annees\s+)?{_YEAR}\s*"
                             rf"(?:-|/|a|au)\s*{_YEAR}[\s*_)]*", line))


def _continues_title(ht: HeaderText, line_start: int) -> bool:
    """A line that carries on the previous one (`et d'accès à l'emploi 2019-2021`)."""
    head = ht.folded[line_start:line_start + 40].lstrip(" \t*#")
    return line_start > 0 and bool(re.match(r"(?:et|d'|de|a|l')\b|l'", head))


_SIGNED_AT = re.compile(r"\bfait\s+(?:en\s+[^\n]{0,50}?,?\s+)?(?:a|au)\s+")
_PLACE_END = re.compile(r"\s*,|\s+le\s+(?=[\d/_.]|[li1]er)|\s+le\s*$|\s*\n", re.M)


def extract_signature(ht: HeaderText) -> Signature:
    for m in _SIGNED_AT.finditer(ht.folded, _articles_start(ht), ht.head_end):
        stop = _PLACE_END.search(ht.folded, m.end(), m.end() + 60)
        if not stop:
            continue
        start, end = trim_span(ht.text, m.end(), stop.start())
        if end <= start or not ht.text[start].isupper():
            continue
        place = ht.source.extracted(collapse(ht.text[start:end]), start, end)
        return Signature(place=place, date=_signature_date(ht, end))
    return Signature()


def _signature_date(ht: HeaderText, offset: int) -> Extracted | None:
    line_end = ht.text.find("\n", offset)
    found = dates_in(ht.text, offset, line_end if line_end > 0 else offset + 60)
    return extracted_date(ht.source, found[0]) if found else None


def extract_state_funding(ht: HeaderText) -> StateFunding:
    # a report without parties or recitals states its funding in its opening text
    start = _articles_start(ht) if ht.has_parties else 0
    funding = StateFunding()
    for m in _FUNDING.finditer(ht.folded, start, ht.head_end):
        end = _sentence_end(ht, m.end())
        amounts = amounts_in(ht.text, m.end(), end)
        if amounts:
            funding = _classify_amounts(ht, m.end(), end, amounts)
            break
    if funding.carryover is None:
        funding.carryover = _carryover_sentence(ht, start, funding)
    return funding


# "Les crédits … non consommés …, soit 156 820 €, sont reportés sur l'exercice 2020"
_CARRIED = re.compile(rf"\b(?:sont|est|seront|sera)\s+reporte|{alternation(Field.UNSPENT)}\w*"
                      rf"[^.;]{{0,80}}?\b{alternation(Field.CARRYOVER)}")


# a carryover asked for the next year (execution reports), not one received
_REQUESTED = re.compile(r"demande\w*\s+(?:de\s+)?report|report\w*\s+(?:demande|sollicite)|sollicit")


def _carryover_sentence(ht: HeaderText, start: int, funding: StateFunding) -> Extracted | None:
    """Credits carried over stated in a sentence of their own (an article "Report des crédits")
    that holds one amount besides the State's new credits."""
    for m in _CARRIED.finditer(ht.folded, start, ht.head_end):
        begin = _sentence_start(ht, m.start())
        end = _sentence_end(ht, m.end())
        sentence = ht.folded[begin:end]
        if "credit" not in sentence or _REQUESTED.search(sentence):
            continue
        known = {funding.amount.value} if funding.amount else set()
        amounts = [a for a in amounts_in(ht.text, begin, end) if a.value not in known]
        if len(amounts) == 1:
            return ht.source.anchor(amounts[0])
    return None


def _sentence_start(ht: HeaderText, offset: int) -> int:
    window = ht.text[max(0, offset - 600):offset]
    stops = [m.end() for m in re.finditer(r"\.\s+(?=[A-ZÀ-Ý«])|\n[ \t]*\n", window)]
    return offset - len(window) + (stops[-1] if stops else 0)


def _sentence_end(ht: HeaderText, start: int) -> int:
    stop = re.compile(r"\.\s+(?=[A-ZÀ-Ý«])|»").search(ht.text, start, start + 900)
    return stop.start() if stop else min(start + 900, len(ht.text))


def _classify_amounts(ht: HeaderText, start: int, end: int, amounts) -> StateFunding:
    funding = StateFunding()
    for i, a in enumerate(amounts):
        before = ht.folded[amounts[i - 1].end if i else start:a.start]
        after = ht.folded[a.end:amounts[i + 1].start if i + 1 < len(amounts) else end][:160]
        # a new clause speaks of something else: "…, complétée par un report de" leads the next
        after = re.split(r"[;,]", after)[0]
        value = ht.source.anchor(a)
        if re.search(r"\btotal\w*\s+(?:de\s+)?$", before) or re.match(r"\s*,?\s*dont\b", after):
            funding.total = funding.total or value
        elif _CARRYOVER.search(after) or _CARRYOVER.search(before[-40:]):
            funding.carryover = funding.carryover or value
        elif funding.amount is None:
            funding.amount = value
    return funding
