"""French amounts as printed in CALPAE documents (`1 234 567,89 €`, `4560¢€`, `- €`)."""

from __future__ import annotations

import re
from decimal import Decimal

from calpae.model import Extracted, ReadStatus

# Thousands separators: spaces of every width (one or two, as PDF layouts double them) or a dot.
_SEP = r"(?:[ \u00a0\u202f\u2009]{1,2}|\.)"
# OCR reads 0 as O and 1 as I or l inside digit groups; the head digit must be a real one.
_DIG = r"[\dOIl]"
_GROUP = rf"{_DIG}{{3}}(?![\d])"
_LINE_BREAK = r"[ \t\u00a0]*\n[ \t\u00a0]*"
_HEAD = r"(?:\d|(?<![^\W\d_])[Il])"  # a lone I/l before a digit group is an OCR 1
_INTEGER = (
    rf"(?:{_HEAD}{_DIG}{{0,2}}(?:{_SEP}{_GROUP})+"
    rf"(?:{_LINE_BREAK}{_GROUP}(?:{_SEP}{_GROUP})*)?"  # a group pushed to the next line
    r"|\d{1,3}(?:,\d{3})+(?![\d,])"  # English grouping from spreadsheet exports
    r"|\d+)"
)
# A head without separator left at a line's end, its group pushed to the next line, as text
# layers and OCR wrap amounts ("Part Etat = 36\n000 €"). Only read before a currency marker:
# two bare numbers on consecutive lines are as likely a count and an amount.
_SPLIT_INTEGER = rf"[1-9]\d{{0,2}}{_LINE_BREAK}\d{{3}}(?!\d)(?:{_SEP}{_GROUP})*"
_DECIMALS = r"(?:[ \u00a0\u202f]?,[ \u00a0\u202f]?\d{1,2}|\.\d{1,2})(?!\d)"
_NUMBER = rf"(?P<int>{_INTEGER})(?P<dec>{_DECIMALS})?"
_WRAPPED_NUMBER = rf"(?P<int>{_SPLIT_INTEGER}|{_INTEGER})(?P<dec>{_DECIMALS})?"
_HSPACE = r"[ \u00a0\u202f\u2009]*"
_EURO_SIGN = r"(?:¢€|c€|€€|€|£)"
_EURO_WORD = r"(?i:euros?\b|eur\b)"
_MULTIPLIER = r"(?P<mult>[kK]|Md|M|(?i:milliers?|millions?|milliards?)\s+d['’]\s?)"
_CURRENCY = rf"(?P<cur>(?:{_MULTIPLIER}{_HSPACE})?(?:{_EURO_SIGN}|{_EURO_WORD}))"

_BEFORE = r"(?<![\d.,/])"
_SUFFIXED = re.compile(
    rf"{_BEFORE}{_WRAPPED_NUMBER}(?:{_HSPACE}{_CURRENCY}"
    rf"|(?P<broken>{_LINE_BREAK})(?P<cur2>{_EURO_SIGN}))"  # a sign pushed to the next line
)
_PREFIXED = re.compile(
    rf"(?P<cur>€|EUR\b){_HSPACE}{_BEFORE}{_NUMBER}(?!{_HSPACE}(?:[\d€£¢]|{_EURO_WORD}))"
)
# OCR reads `€` as `E` or `e`: read so only after a number grouped in thousands (`45 OOO E`),
# where the letter cannot be a word of its own.
_GROUPED = rf"{_HEAD}{_DIG}{{0,2}}(?:{_SEP}{_GROUP})+"
_OCR_SUFFIXED = re.compile(
    rf"{_BEFORE}(?P<int>{_GROUPED})(?P<dec>{_DECIMALS})?{_HSPACE}(?P<cur>[Ee])(?![\w'’-]|\.\w)")
_DASH_ZERO = re.compile(rf"(?<![\w\-–—])[-–—]{_HSPACE}(?:{_EURO_SIGN}|{_EURO_WORD})")
_BARE = re.compile(rf"{_NUMBER}(?:{_HSPACE}{_CURRENCY})?")
_BARE_DASH = re.compile(r"[-–—]+(?:\s*(?:€|£|euros?))?", re.IGNORECASE)
_ACTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+")
# Every currency marker above holds one of these: a text without any states no amount.
_CURRENCY_HINT = re.compile(r"[€£]|eur|[\dO][ \u00a0\u202f]?[Ee](?![\w'’-])", re.IGNORECASE)

_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "md": 1_000_000_000, "millier": 1_000,
                "million": 1_000_000, "milliard": 1_000_000_000}
_OCR_DIGITS = str.maketrans({"O": "0", "I": "1", "l": "1"})
_CLEAN_EURO_SIGNS = ("€", "euro", "euros", "eur")


def _multiplier(word: str | None) -> int:
    if not word:
        return 1
    key = word.strip().rstrip("'’ ").removesuffix(" d").strip().lower()
    if key.endswith("s") and key != "s":
        key = key[:-1]
    return _MULTIPLIERS.get(key, 1)


def _value_of(match: re.Match[str]) -> tuple[float, str | None]:
    """The value of a matched number and, where reading it needed repairs, which (in French)."""
    integer = match.group("int")
    digits = re.sub(r"\D", "", integer.translate(_OCR_DIGITS))
    repairs = []
    if digits != re.sub(r"\D", "", integer):
        repairs.append("lettres lues comme chiffres (O pour 0, I ou l pour 1)")
    if "\n" in integer:
        repairs.append("chiffres coupés par un retour à la ligne")
    decimals = match.group("dec") or ""
    if decimals[:1] in {" ", "\u00a0", "\u202f"}:
        repairs.append("décimales séparées par une espace")
    cents = re.sub(r"\D", "", decimals)
    number = Decimal(f"{digits}.{cents or '0'}")
    groups = match.groupdict()
    number *= _multiplier(groups.get("mult"))
    if groups.get("broken"):
        repairs.append("symbole € rejeté à la ligne suivante")
    currency = (groups.get("cur") or groups.get("cur2") or "").strip()
    sign = currency.removeprefix(groups.get("mult") or "").strip().lower()
    if sign and sign not in _CLEAN_EURO_SIGNS:
        repairs.append(f"symbole monétaire lu « {currency} »")
    return float(round(number, 2)), "; ".join(repairs) or None


def _amount(start: int, end: int, value: float, reason: str | None) -> Extracted[float]:
    status = ReadStatus.REPAIRED if reason else ReadStatus.EXACT
    return Extracted.at(value, start, end, status, reason)


def find_amounts(text: str) -> list[Extracted[float]]:
    """Every amount in text (a currency marker is required), in order, without overlaps; spans
    are offsets into text."""
    if not _CURRENCY_HINT.search(text):
        return []  # most lines of a document: skip the three scans that would find nothing
    found: list[Extracted[float]] = []
    for pattern in (_SUFFIXED, _PREFIXED, _OCR_SUFFIXED):
        for match in pattern.finditer(text):
            found.append(_amount(match.start(), match.end(), *_value_of(match)))
    for match in _DASH_ZERO.finditer(text):
        sign = match.group(0).lstrip("-–— \u00a0\u202f")
        reason = None if sign.lower() in _CLEAN_EURO_SIGNS else f"symbole monétaire lu « {sign} »"
        found.append(_amount(match.start(), match.end(), 0.0, reason))
    return _without_overlaps(found)


def _without_overlaps(found: list[Extracted[float]]) -> list[Extracted[float]]:
    kept: list[Extracted[float]] = []
    for amount in sorted(found, key=lambda a: (a.start, -a.end)):
        if kept and amount.start < kept[-1].end:
            continue
        kept.append(amount)
    return kept


def parse_amount(text: str, *, bare: bool = False) -> float | None:
    """The amount a short text states, or None (`read_amount` says how it was read)."""
    found = read_amount(text, bare=bare)
    return found.value if found is not None else None


def read_amount(text: str, *, bare: bool = False) -> Extracted[float] | None:
    """The amount a short text states, with its span in text and how it was read, or None.

    With bare=True the caller vouches that the text is monetary (a table cell of a financial
    column), so a number without currency (`64 000`, `64 000,00`) or a lone dash is read.
    """
    found = find_amounts(text)
    if found:
        return found[0]
    if not bare:
        return None
    lead = len(text) - len(text.lstrip())
    cell = text.strip()
    if _BARE_DASH.fullmatch(cell):
        return _amount(lead, lead + len(cell), 0.0, None)
    if _ACTION_NUMBER.fullmatch(cell):
        return None
    match = _BARE.fullmatch(cell)
    return _amount(lead, lead + len(cell), *_value_of(match)) if match else None
