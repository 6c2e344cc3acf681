"""Table reading shared by the summary extractors: header keywords, cell kinds, amount runs.

A column is named by a *key*: the calpae-json amount keys (`total`, `state`, `territory`,
`carryover`, `other`, `consumed`), `skip` for an amount column calpae-json does not record
(`Budget Etat + CD`, `Dont valorisation`, `Crédits Etat pré-notifiés`), `amount` for a bare
`Montant` naming no financer, and text keys (`ref`, `label`, `theme`, `code`, `direction`,
`comment`, `text`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from calpae.extract.vocabulary import Field, alternation
from calpae.model import Cell, Extracted, ReadStatus
from calpae.values.amounts import find_amounts, read_amount
from calpae.values.fold import fold

TOTAL, STATE, TERRITORY, CARRYOVER, OTHER, CONSUMED = (
    "total", "state", "territory", "carryover", "other", "consumed")
SKIP, AMOUNT = "skip", "amount"
REF, LABEL, THEME, CODE, DIRECTION, COMMENT, TEXT = (
    "ref", "label", "theme", "code", "direction", "comment", "text")
AMOUNT_KEYS = (TOTAL, STATE, TERRITORY, CARRYOVER, OTHER, CONSUMED)
AMOUNT_COLUMNS = frozenset((*AMOUNT_KEYS, SKIP, AMOUNT))


# --- header keywords --------------------------------------------------------------------------

# One pattern per column kind, tried on folded header text; the order breaks ties between
# overlapping matches (a combined "Budget Etat + CD" column is not a State column).
_STATE_WORDS = alternation(Field.STATE_SHARE)
_TERRITORY_WORDS = alternation(Field.TERRITORY_SHARE)
_OTHERS_BARE = alternation(Field.OTHERS_BARE)
_HEADER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p)) for key, p in (
        (SKIP, rf"(?:(?:budget|participation|montant)\s*)?{_STATE_WORDS}\s*(?:\+|et)\s*"
               rf"{_TERRITORY_WORDS}\b"),
        (SKIP, rf"(?:credits?\s+{_STATE_WORDS}\s+)?pre[- ]?\s?notifi\w*"),
        (SKIP, r"(?:dont\s+)?valorisation"),
        (SKIP, r"reste\s+a\s+(?:consommer|engager|realiser|payer|verser)"),
        (SKIP, rf"(?:credits?\s+|montants?\s+)?{alternation(Field.ENGAGED)}\b"),
        (REF, r"(?:fiche\s+)?action\s+n\s*[°o]\s*(?:\([^()]{0,30}\))?|fiche\s+n\s*[°o]"),
        (CARRYOVER, rf"(?:montant\s+a\s+)?{alternation(Field.CARRYOVER)}\b"
                    r"(?:\s+(?:en\s+|sur\s+)?\d{4})?"),
        (CONSUMED, rf"(?:montant\s+|credits?\s+)?{alternation(Field.CONSUMED)}\w*"
                   rf"|(?:montants?|credits?)\s+{alternation(Field.PAID, Field.TRANSFERRED)}\b"),
        (OTHER, rf"(?:participation\s+(?:d'\s*|des\s+)?)?{alternation(Field.OTHER_FINANCERS)}"),
        # An optional lead word takes its spaces with it: a pattern that can start with \s*
        # is tried from every space of a run, quadratic in the run's length.
        (STATE, r"(?:(?:participation|part|credits?|budget|montant)\s*)?"
                rf"(?:de\s+l'\s*)?{_STATE_WORDS}\b(?:\s*\(effective\))?"),
        (TERRITORY, r"(?:(?:participation|part|budget|montant)\s*)?(?:du\s+)?"
                    rf"\b{_TERRITORY_WORDS}\b"),
        (TOTAL, rf"{alternation(Field.BUDGET_TOTAL)}|\b{alternation(Field.TOTAL_BARE)}\b"
                rf"|(?:montant|budget|credits?)\s+{alternation(Field.BUDGET_PLANNED)}\b"),
        (OTHER, rf"\b{_OTHERS_BARE}\b(?!\s+(?:actions?|depenses?|mesures?)\b)"),
    ))

_TEXT_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p)) for key, p in (
        (REF, r"\bfiche\b|\bn\s*°|numero"),
        (LABEL, r"intitul|libell|depense|designation|\bobjet\b|\bactions?\b"),
        (THEME, r"theme|mesure|engagement|\baxe\b"),
        (CODE, r"imputation|chorus|\bcode\b"),
        (DIRECTION, r"direction|service"),
        (COMMENT, r"comment|observ"),
    ))


def header_sequence(text: str, folded: str | None = None) -> list[tuple[str, int, int]]:
    """Amount-column keywords of flattened header text, in reading order: (key, start, end);
    folded: the text folded, where the caller slices it from the document's folded text.

    Overlapping matches keep the earliest, then the longest; a `ref` match only hides what it
    covers (a `(numérotation CD)` inside `Fiche action N°` is not a CD column).
    """
    if folded is None:
        folded = fold(text)
    found = []
    for rank, (key, pattern) in enumerate(_HEADER_PATTERNS):
        for m in pattern.finditer(folded):
            if m.group(0).strip():
                found.append((m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                              m.end(), rank, key))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    out: list[tuple[str, int, int]] = []
    taken_until = -1
    for start, end, _rank, key in found:
        if start < taken_until:
            continue
        taken_until = end
        if out and out[-1][0] == TOTAL and key != REF and "(" in folded[out[-1][2]:start]:
            out.pop()  # "Montant prévisionnel (CD)": the bracket names whose amount it is
        if key != REF:
            out.append((key, start, end))
    return out


_PRIORITY = (SKIP, CARRYOVER, CONSUMED, OTHER, STATE, TERRITORY, TOTAL)


def classify_header(text: str) -> str | None:
    """The key of one header cell, or None for an empty or unknown header."""
    if not text.strip():
        return None
    keys = {key for key, _start, _end in header_sequence(text)}
    for key in _PRIORITY:
        if key in keys:
            return key
    folded = fold(text)
    if re.fullmatch(rf"\s*{_OTHERS_BARE}(?:\s*\(s\))?(?:\s+partenaires)?\s*", folded):
        return OTHER  # a column of its own titled `Autres`: the other financers
    if re.search(r"\bmontants?\b|\bbudget\b|\bcout\b|\beuros?\b|€", folded):
        return AMOUNT
    for key, pattern in _TEXT_HEADERS:
        if pattern.search(folded):
            return key
    return TEXT


_SCALE = re.compile(r"\bk\s?€|\bk\s?euros?\b|milliers?\s+d'?\s?euros?|\bkeuros?\b")


def header_scale(text: str) -> float:
    """1000 where a header states amounts in thousands of euros (`k€`, `en milliers d'euros`)."""
    return 1000.0 if _SCALE.search(fold(text)) else 1.0


# --- cells and amounts ------------------------------------------------------------------------

# An action's number as departments print it: `1.2`, `2-2` (no space around the hyphen, as
# in fiche headings), `II.1` (an axis in Roman numerals); after `Action`, `Fiche`, `Fiche
# action`, `FA` or `n°`.
REF_NUMBER = (r"(\d{1,2}(?:\.\d{1,2}){0,3}(?:-\d{1,2}(?![\d.]))?"
              r"|[ivx]{1,4}[.-]\d{1,2}(?:\.\d{1,2}){0,2})")
REF_PREFIX = r"(?:fiches?[\s-]*actions?|fiches?|actions?|fa)\s*(?:n\s*[°o]\s*\.?\s*)?"
NUMERO = r"n\s*[°o]\s*\.?\s*"
_REF = re.compile(rf"^\s*(?:{REF_PREFIX}|{NUMERO})?{REF_NUMBER}\s*[.:)-]?\s*$", re.I)
_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*$")
_ROMAN = {"i": 1, "v": 5, "x": 10}


def ref_of(text: str) -> str | None:
    """The action number a short cell or marker states (`Action 4.2`, `FA 3`, `n°5`, `II.1`)."""
    m = _REF.match(text)
    return normalise_ref(m.group(1)) if m else None


def normalise_ref(number: str) -> str:
    """A ref as the fiches spell it: Roman numerals in upper case."""
    return number.upper() if number[:1].isalpha() else number


def ref_key(number: str) -> tuple[int, ...]:
    """A ref's parts as numbers (`II.1` -> (2, 1), `2-2` -> (2, 2)), to compare their order."""
    out = []
    for part in re.split(r"[.-]", number.removeprefix("I-")):
        if part.isdigit():
            out.append(int(part))
        else:
            values = [_ROMAN.get(ch, 0) for ch in part.lower()]
            out.append(sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                           for i, v in enumerate(values)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Slot:
    """One cell of a data row: an amount, a bare number, a piece of text or nothing."""

    kind: str  # "amount" (printed with €), "number" (bare), "text", "empty"
    text: str
    start: int
    end: int
    amount: Extracted[float] | None = None  # its figure, spans (start, end) absolute

    @property
    def value(self) -> float | None:
        return self.amount.value if self.amount is not None else None


def figure_slot(text: str, start: int, end: int, found: Extracted[float],
                kind: str = "amount") -> Slot:
    """A slot of the figure read in text[start:end] of the document (found: relative spans)."""
    return Slot(kind, text, start, end, found.but(spans=((start, end),)))


_ZERO = re.compile(r"0+(?:[.,]0{1,2})?")


def cell_slot(cell: Cell) -> Slot:
    text = cell.text.strip()
    if not text or re.fullmatch(r"[-–—_.]+|n\.?\s?c\.?|/", text, re.I):
        return Slot("empty", text, cell.start, cell.end)  # a dash or "NC" fills no column
    matches = find_amounts(text)
    if len(matches) == 1 and _covers(text, matches[0]):
        return figure_slot(text, cell.start, cell.end, matches[0])
    if _ZERO.fullmatch(text):  # no fiche is numbered 0: a plain zero is an amount
        return figure_slot(text, cell.start, cell.end, Extracted(0.0), "number")
    if ref_of(text) is None and not _YEAR.match(text) and re.fullmatch(r"[\d\s.,]+", text):
        found = read_amount(text, bare=True)  # printed without `€`: `12 345`
        if found is not None:
            return figure_slot(text, cell.start, cell.end, found, "number")
    return Slot("text", text, cell.start, cell.end)


def _covers(text: str, match: Extracted[float]) -> bool:
    """Whether an amount is the whole cell (text around it is only signs or spaces)."""
    rest = text[:match.start] + text[match.end:]
    return not re.search(r"[^\W\d_]{2,}", rest)


# OCR and PDF layouts push an amount's last digit group (with its `€`) to the next line:
# `… (Action 2) 24` + `400 € 2000 €`. The head must not be an action or fiche number.
_SPLIT_HEAD = re.compile(r"(?:^|[\s|])(\d{1,3})\s*$")
_NUMBERED_HEAD = re.compile(r"(?:action|fiche|n\s*[°o]|axe|mesure|article|annexe|page|numero)"
                            r"\s*\d{1,3}\s*$")
_SPLIT_TAIL = re.compile(r"\s*\d{3}(?:[ \u00a0\u202f.]\d{3})*(?:,\d{1,2})?"
                         r"[ \u00a0\u202f]?(?:¢€|c€|€|£)")


def rejoin_split_amounts(lines: list[str]) -> list[str]:
    """Line texts where an amount split across a line break is read whole.

    The joined text replaces the line break by a space, so that its offsets stay those of
    the first line (a span may then run into the next line); the next line becomes empty.
    """
    out = list(lines)
    for i in range(len(out) - 1):
        head, tail = out[i], out[i + 1]
        if (_SPLIT_HEAD.search(head) and _SPLIT_TAIL.match(tail)
                and not _NUMBERED_HEAD.search(fold(head))):
            out[i], out[i + 1] = f"{head} {tail}", ""
    return out


def amount_run(text: str) -> tuple[int, int, list[Extracted[float]]] | None:
    """The longest run of amounts a line ends its cells with: (start, end, amounts).

    Amounts separated only by spaces, table borders or OCR specks belong to one run; text
    between amounts (`(1 234 € par site) 5 678 €`) ends a run. Ties go to the later run,
    as amount columns stand right of the labels.
    """
    matches = find_amounts(text)
    if not matches:
        return None
    runs: list[list[Extracted[float]]] = [[matches[0]]]
    for prev, cur in itertools.pairwise(matches):
        gap = text[prev.end:cur.start]
        if re.fullmatch(r"[\s|~_.'`]*", gap):
            runs[-1].append(cur)
        else:
            runs.append([cur])
    best = max(reversed(runs), key=len)
    return best[0].start, best[-1].end, best


# --- plain numbers under a known header -------------------------------------------------------

# A number token of a flattened row printed without `€`: a digit group, the last one of a
# number may carry decimals (`132,5`).
_PLAIN_TOKEN = re.compile(r"\d+(?:,\d{1,2})?")
_PLAIN_TAIL = re.compile(
    r"(?:(?<=\s)|^)(\d+(?:,\d{1,2})?(?:[ \u00a0\u202f]+\d+(?:,\d{1,2})?)*)\s*$")
_SUMMED = (STATE, TERRITORY, OTHER)
_MAX_PLAIN_TOKENS = 16  # a row's digit groups read at most; more is no table row
_PLAIN_REASON = "chiffres imprimés sans € ni séparateur de colonnes, répartis entre les colonnes"


def plain_run(text: str, keys: list[str]) -> tuple[int, int, list[Extracted[float]]] | None:
    """The amounts a flattened row prints as bare digit groups under a header whose amount
    columns are `keys` (`300 150 150 0`, `1 332,5 612,5 620 100`).

    Spaces both separate the columns and group thousands, so the digit groups are split into
    one number per column; among the splits, the one whose parts add up to the total column
    wins, else the one reading the most groups (a number after `Action`, `Fiche`, `n°` is the
    line's ref), then the one with the smallest largest number. Amounts are
    marked repaired: the split is a reading, not what the line prints.
    """
    m = _PLAIN_TAIL.search(text)
    if m is None or len(keys) < 2:
        return None
    tokens = [(t.start() + m.start(1), t.end() + m.start(1), t.group(0))
              for t in _PLAIN_TOKEN.finditer(m.group(1))][-_MAX_PLAIN_TOKENS:]
    # `Action 1 …`: the number of the line's action is not an amount
    firsts = [first for first in range(len(tokens))
              if not _NUMBERED_HEAD.search(fold(text[:tokens[first][1]]))]
    best = None
    for count in (len(keys), len(keys) - 1):
        for first in firsts:
            for split in _splits(tokens[first:], count):
                rank = (_adds_up(split, keys), len(tokens) - first,
                        -max(v for v, _s, _e in split))
                if best is None or rank > best[0]:
                    best = (rank, split)
        if best is not None:
            break
    if best is None:
        return None
    amounts = [Extracted.at(v, s, e, ReadStatus.REPAIRED, _PLAIN_REASON) for v, s, e in best[1]]
    return amounts[0].start, amounts[-1].end, amounts


def _splits(tokens: list[tuple[int, int, str]], count: int):
    """Every way to read the tokens as `count` numbers (head of 1-3 digits, then groups of
    three; decimals only on a number's last group), as (value, start, end) lists."""
    if count == 0:
        if not tokens:
            yield []
        return
    for size in range(1, len(tokens) - count + 2):
        group = tokens[:size]
        value = _group_value([t for _s, _e, t in group])
        if value is None:
            continue
        for rest in _splits(tokens[size:], count - 1):
            yield [(value, group[0][0], group[-1][1]), *rest]


def _group_value(parts: list[str]) -> float | None:
    head, tail = parts[0], parts[1:]
    if (len(head) > 1 and head.startswith("0")) or any("," in p for p in parts[:-1]):
        return None
    if tail and (len(head.split(",")[0]) > 3
                 or any(len(p.split(",")[0]) != 3 for p in tail)):
        return None
    return float("".join(parts).replace(",", "."))


def _adds_up(split: list[tuple[float, int, int]], keys: list[str]) -> bool:
    if len(split) != len(keys) or TOTAL not in keys:
        return False
    values = dict(zip(keys, (v for v, _s, _e in split), strict=True))
    parts = [values[k] for k in _SUMMED if k in values]
    return len(parts) >= 2 and abs(sum(parts) - values[TOTAL]) < 0.01


def resolve_amount_keys(keys: list[str | None], header: list[str],
                         year: int | None) -> list[str | None]:
    """Settle repeated and unattributed amount columns.

    A key named by several columns (one per year) keeps the column of the exercise year, and
    none if no column names it. A bare `Montant` is the State's where the table gives the
    département's part but not the State's (the two contract parties), the total where it
    names no financer at all.
    """
    out = list(keys)
    for key in AMOUNT_KEYS:
        cols = [i for i, k in enumerate(out) if k == key]
        if len(cols) > 1:
            keep = [i for i in cols if year and _last_year(header[i]) == year]
            for i in cols:
                out[i] = key if keep and i == keep[0] else SKIP
    bare = [i for i, k in enumerate(out) if k == AMOUNT]
    if len(bare) == 1:
        present = set(out)
        if TERRITORY in present and STATE not in present:
            out[bare[0]] = STATE
        elif not present & {STATE, TERRITORY, TOTAL, OTHER}:
            out[bare[0]] = TOTAL
    return out


def _last_year(text: str) -> int | None:
    years = re.findall(r"\b((?:19|20)\d{2})\b", text)
    return int(years[-1]) if years else None
