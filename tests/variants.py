"""Seed variants built at test time, each with its expected calpae-json derived from the gold.

Every builder takes a seed's text and its gold object and returns `(text, expected)`: the
text changed by one general transformation (regular expressions over French administrative
prose, no seed-specific value) and the gold changed by the same transformation, so that no
expected value is ever typed by hand. The transformations:

- `rename_territory`: the département renamed everywhere, French articles and elisions
  rewritten (`du Loiret` → `de la Haute-Garonne`, `de l'Allier` → `du Nord`);
- `rename_signatories`: the signatories' names replaced by other names;
- `rescale_amounts`: every amount multiplied by an integer factor, reformatted the French way;
- `swap_fiches`: two adjacent fiches of one section exchanged and renumbered;
- `uppercase_headings`: heading lines upper-cased;
- `ocr_damage`: `l'` → `I'`, `à` → `a`, `€` → `¢€`, a digit group moved to the next line.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Gold = dict[str, Any]
Variant = tuple[str, Gold]

APOSTROPHE = "['’]"

# --- generic helpers -------------------------------------------------------------------------


def map_strings(obj: Any, fn: Callable[[str], str], skip: frozenset[str] = frozenset()) -> Any:
    """A copy of a JSON tree with fn applied to every string leaf (keys in skip untouched)."""
    if isinstance(obj, dict):
        return {k: v if k in skip else map_strings(v, fn, skip) for k, v in obj.items()}
    if isinstance(obj, list):
        return [map_strings(v, fn, skip) for v in obj]
    if isinstance(obj, str):
        return fn(obj)
    return obj


def _match_case(template: str, word: str) -> str:
    """word written in the case style of template (UPPER, Capitalised or as is)."""
    letters = [c for c in template if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


# --- territory ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Departement:
    name: str
    code: str
    article: str  # le | la | l' | les: decides du/de la/de l'/des, au/à la/à l'/aux


TARGET_DEPARTEMENTS = (
    Departement("Haute-Garonne", "31", "la"),
    Departement("Nord", "59", "le"),
    Departement("Côtes-d'Armor", "22", "les"),
    Departement("Hérault", "34", "l'"),
    Departement("Corrèze", "19", "la"),
    Departement("Seine-Saint-Denis", "93", "la"),
)

# the preposition or article in front of a territory name, by grammatical role
_GENITIVE = rf"du|des|de\s+la|de\s+l{APOSTROPHE}|de\s+I{APOSTROPHE}|d{APOSTROPHE}|de"
_DATIVE = rf"au|aux|à\s+la|à\s+l{APOSTROPHE}"
_LOCATIVE = rf"en|dans\s+le|dans\s+la|dans\s+les|dans\s+l{APOSTROPHE}"
_ARTICLE = rf"le|la|les|l{APOSTROPHE}|I{APOSTROPHE}"
_FORMS = {
    "le": {"gen": "du {}", "dat": "au {}", "loc": "dans le {}", "art": "le {}"},
    "la": {"gen": "de la {}", "dat": "à la {}", "loc": "en {}", "art": "la {}"},
    "l'": {"gen": "de l'{}", "dat": "à l'{}", "loc": "dans l'{}", "art": "l'{}"},
    "les": {"gen": "des {}", "dat": "aux {}", "loc": "dans les {}", "art": "les {}"},
}


def _name_pattern(name: str) -> str:
    """A regex for a territory name: hyphens or spaces between its words, any case."""
    words = re.split(r"[-\s]+", name)
    return r"[-\s]+".join(re.escape(w) for w in words)


def _role(prep: str) -> str:
    p = re.sub(r"\s+", " ", prep.lower())
    for role, alternatives in (("gen", _GENITIVE), ("dat", _DATIVE), ("loc", _LOCATIVE),
                               ("art", _ARTICLE)):
        if re.fullmatch(alternatives, p, re.IGNORECASE):
            return role
    raise ValueError(prep)


def territory_renamer(old: Departement, new: Departement) -> Callable[[str], str]:
    """A text function renaming old into new, with the French article of new.

    The whitespace between a preposition and the name is kept (a line break stays a line
    break); a lower-case occurrence (`loiret.fr`) and a name inside a compound place name
    (`Varennes-sur-Allier`) are left alone; an INSEE code written right before the name
    (`77-Seine-et-Marne`) follows the name.
    """
    pattern = re.compile(
        rf"(?:(?<![\w'’])(?P<prep>{_GENITIVE}|{_DATIVE}|{_LOCATIVE}|{_ARTICLE})(?P<gap>[\s*]*))?"
        rf"(?:(?<!\w)(?P<code>{re.escape(old.code)})(?P<dash>\s*-\s*)|(?<![\w-]))"
        rf"(?P<name>{_name_pattern(old.name)})(?![\w'’])",
        re.IGNORECASE,
    )

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        if name.islower():
            return m.group(0)
        upper = name.isupper()
        new_name = new.name.upper() if upper else new.name
        code = f"{new.code}{m.group('dash')}" if m.group("code") else ""
        prep = m.group("prep")
        if not prep:
            return code + new_name
        if prep.lower() in ("d'", "d’") and m.group("gap"):
            return m.group(0)  # not an elided article before the name
        phrase = _FORMS[new.article][_role(prep)]
        head, _, _ = phrase.partition("{}")
        head = head.rstrip()
        if "'" in head and "’" in prep:
            head = head.replace("'", "’")
        head = _match_case(prep, head)
        gap = m.group("gap") or " "
        if head.endswith(("'", "’")):
            gap = gap.strip()  # an elided article sticks to the name
        inner = re.search(r"\s+", prep)
        if inner and "\n" in inner.group(0):  # keep the line break the preposition held
            if " " in head:
                head = head.replace(" ", inner.group(0), 1)
            elif not m.group("gap"):
                gap = inner.group(0)
        return f"{head}{gap}{code}{new_name}"

    return lambda text: pattern.sub(replace, text)


def _departement_of(gold: Gold) -> Departement:
    territory = gold["document"]["territory"]
    return Departement(territory["name"], territory["code"], "")


def rename_territory(text: str, gold: Gold, new: Departement) -> Variant:
    """The document moved to another département (text and every expected string)."""
    rename = territory_renamer(_departement_of(gold), new)
    expected = map_strings(gold, rename, skip=frozenset({"source", "format"}))
    expected["document"]["territory"]["name"] = new.name
    expected["document"]["territory"]["code"] = new.code
    return rename(text), expected


# --- signatories -------------------------------------------------------------------------------

NEW_NAMES = ("Amélie DURAND-LEFÈVRE", "Karim BENSAÏD", "Solène LE GOFF")


def _split_name(name: str) -> tuple[str, str]:
    """First names and surname: the surname is the upper-case tail, else the last word."""
    words = name.split()
    tail = [w for w in words if len(w) > 1 and w.isupper()]
    if tail and words[-len(tail):] == tail and len(tail) < len(words):
        return " ".join(words[:-len(tail)]), " ".join(tail)
    return " ".join(words[:-1]), words[-1]


def _words_pattern(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def signatory_renamer(old: str, new: str) -> Callable[[str], str]:
    """A text function replacing a person's name: first names + surname, then surname alone.

    The case style of each occurrence is kept (`BEFFRE` → `DURAND-LEFÈVRE`, `Beffre` →
    `Durand-Lefèvre`) and so is the whitespace between first names and surname.
    """
    old_first, old_last = _split_name(old)
    new_first, new_last = _split_name(new)
    full = re.compile(rf"(?<!\w)(?P<first>{_words_pattern(old_first)})(?P<gap>\s+)"
                      rf"(?P<last>{_words_pattern(old_last)})(?!\w)", re.IGNORECASE)
    last = re.compile(rf"(?<!\w){_words_pattern(old_last)}(?!\w)", re.IGNORECASE)

    def styled(template: str, word: str) -> str:
        if template.isupper():
            return word.upper()
        return re.sub(r"\w+", lambda w: w.group(0).capitalize(), word)

    def replace_full(m: re.Match[str]) -> str:
        return (styled(m.group("first"), new_first) + m.group("gap")
                + styled(m.group("last"), new_last))

    def rename(text: str) -> str:
        text = full.sub(replace_full, text)
        return last.sub(lambda m: styled(m.group(0), new_last), text)

    return rename


def named_signatories(gold: Gold) -> list[str]:
    doc = gold["document"]
    names = [doc[k]["name"] for k in ("state_signatory", "territory_signatory")]
    return [n for n in names if n]


def rename_signatories(text: str, gold: Gold) -> Variant:
    """Each named signatory replaced by another person (text and expected names)."""
    expected = copy.deepcopy(gold)
    for old, new in zip(named_signatories(gold), NEW_NAMES, strict=False):
        rename = signatory_renamer(old, new)
        text = rename(text)
        expected = map_strings(expected, rename, skip=frozenset({"source", "format"}))
    return text, expected


# --- amounts -----------------------------------------------------------------------------------

AMOUNT_KEYS = frozenset({"state", "territory", "other", "total", "carryover", "consumed",
                         "engaged", "carryover_requested", "amount"})
_GROUP_SEP = "[ \u00a0\u202f.]"
# a French number: digit groups separated by a space-like or a dot, optional decimals
_NUMBER = re.compile(
    rf"(?<![\w,./-])(?P<int>\d{{1,3}}(?:(?P<sep>{_GROUP_SEP})\d{{3}})(?:(?P=sep)\d{{3}})*|\d+)"
    r"(?:(?P<dec_sep>[,.])(?P<dec>\d{1,2}))?(?![\w/-]|[,.]\d)"
)
# what follows an amount: its currency, maybe after further terms (`83 694 + 52 000€`)
_CURRENCY = re.compile(
    r"(?:\s*\+\s*\d[\d \u00a0\u202f]*(?:,\d{1,2})?)*\s?(?:¢?€|[kKM]€|euros?\b|EUR\b)"
)


def gold_amounts(gold: Gold) -> set[float]:
    """Every amount value of the gold (budgets, funding, summary, execution)."""
    found: set[float] = set()

    def walk(obj: Any, key: str = "") -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, key)
        elif key in AMOUNT_KEYS and isinstance(obj, int | float) and not isinstance(obj, bool):
            found.add(round(float(obj), 2))

    walk(gold)
    return found


def _value(m: re.Match[str]) -> float:
    whole = re.sub(_GROUP_SEP, "", m.group("int"))
    return round(float(whole) + (float("0." + m.group("dec")) if m.group("dec") else 0.0), 2)


def format_amount(value: float, sep: str | None, dec_sep: str | None, decimals: int) -> str:
    """value written the French way: groups of three digits, the given decimal style."""
    whole, cents = divmod(round(value * 100), 100)
    digits = str(whole)
    if sep is not None:
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = sep.join(groups)
    if decimals:
        frac = f"{cents:02d}"[:decimals] if decimals == 2 else f"{cents / 100:.1f}"[2:]
        return f"{digits}{dec_sep}{frac}"
    if cents:
        return f"{digits},{cents:02d}"
    return digits


def _is_year(value: float) -> bool:
    return value.is_integer() and 1990 <= value <= 2040


def amount_rescaler(amounts: Iterable[float], factor: int) -> Callable[[str], str]:
    """A text function multiplying every amount by factor.

    An amount is a number followed by a currency (`€`, `¢€`, `euros`, `k€`), maybe through a
    sum (`83 694 + 52 000 €`), or a number
    whose value is one of the given amounts (tables print some without `€`), years aside.
    A number whose value is 0 is left as written (`000 €` is the tail of a split amount).
    """
    known = {round(a, 2) for a in amounts}

    def replace(m: re.Match[str]) -> str:
        value = _value(m)
        has_currency = _CURRENCY.match(m.string, m.end()) is not None
        if value == 0 or not (has_currency or (value in known and not _is_year(value))):
            return m.group(0)
        sep = m.group("sep")
        if sep is None and len(m.group("int")) < 4:
            sep = " "  # too short to show the document's habit: the usual French space
        decimals = len(m.group("dec") or "")
        return format_amount(value * factor, sep, m.group("dec_sep"), decimals)

    return lambda text: _NUMBER.sub(replace, text)


def scale_gold(obj: Any, factor: int, key: str = "") -> Any:
    if isinstance(obj, dict):
        return {k: scale_gold(v, factor, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [scale_gold(v, factor, key) for v in obj]
    if key in AMOUNT_KEYS and isinstance(obj, int | float) and not isinstance(obj, bool):
        scaled = round(obj * factor, 2)
        return int(scaled) if float(scaled).is_integer() else scaled
    return obj


def rescale_amounts(text: str, gold: Gold, factor: int = 3) -> Variant:
    """Every amount multiplied by factor in the text and in the expected values."""
    rescale = amount_rescaler(gold_amounts(gold), factor)
    labels_rescaled = map_strings(gold, rescale, skip=frozenset({"source", "format"}))
    return rescale(text), scale_gold(labels_rescaled, factor)


def missing_scaled_amounts(original: str, variant: str, gold: Gold, factor: int) -> list[float]:
    """Gold amounts printed in the original whose rescaled value the variant does not print:
    a builder failure (an amount glued to a neighbouring number, or in a form not seen)."""
    def printed(text: str) -> set[float]:
        return {_value(m) for m in _NUMBER.finditer(text)}

    before, after = printed(original), printed(variant)
    return sorted(a for a in gold_amounts(gold)
                  if a >= 100 and a in before and round(a * factor, 2) not in after)


# --- fiches ------------------------------------------------------------------------------------

# a fiche heading line: `# FICHE 3`, `FICHE ACTION N°5 - ENGAGEMENTS SOCLE`, `**Fiche action n° 2**`
_FICHE_HEADING = re.compile(
    r"^[#* \t]*fiche(?:[ \t]+action)?[ \t]*(?:n[°o][ \t]*)?(?P<num>\d+)\b[^\n]{0,100}$",
    re.IGNORECASE | re.MULTILINE,
)
# a fiche number anywhere: headings and cross-references (`fiche action n°1`, `fiches 2`)
_FICHE_NUMBER = re.compile(
    r"(?P<head>\bfiches?(?:[ \t-]+actions?)?[ \t]*(?:n[°o][ \t]*)?)(?P<num>\d+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FicheBlock:
    number: str
    start: int  # offset of the heading line
    end: int  # offset of the next fiche heading


def fiche_blocks(text: str) -> list[FicheBlock]:
    """The fiches numbered by a heading, each up to the next fiche heading (the last one,
    whose end is unknown, is left out)."""
    heads = list(_FICHE_HEADING.finditer(text))
    return [FicheBlock(a.group("num"), a.start(), b.start()) for a, b in itertools.pairwise(heads)]


def swappable_pairs(text: str, gold: Gold) -> list[tuple[str, str]]:
    """Adjacent fiches (a, b) of one section, b bounded by a next fiche of the same section."""
    section = {a["ref"]: a.get("section") for a in gold["actions"]}
    blocks = fiche_blocks(text)
    numbers = [b.number for b in blocks]
    heads = [m.group("num") for m in _FICHE_HEADING.finditer(text)]
    pairs = []
    for i, (a, b) in enumerate(itertools.pairwise(numbers)):
        after = heads[i + 2] if i + 2 < len(heads) else None
        if a in section and section.get(a) == section.get(b) == section.get(after):
            pairs.append((a, b))
    return pairs


def swap_fiches(text: str, gold: Gold, pair: tuple[str, str]) -> Variant:
    """Fiches a and b exchanged in the text, then renumbered so that headings stay in order.

    The fiche printed first keeps number a: the content of fiche b is now fiche a and vice
    versa, in headings and cross-references alike; the expected refs (`actions[].ref`,
    `financial_summary.rows[].action_ref`) are exchanged the same way.
    """
    a, b = pair
    blocks = {blk.number: blk for blk in fiche_blocks(text)}
    first, second = blocks[a], blocks[b]
    assert first.end == second.start, "only adjacent fiches are swapped"
    text = (text[:first.start] + text[second.start:second.end]
            + text[first.start:first.end] + text[second.end:])
    mapping = {a: b, b: a}

    def renumber(s: str) -> str:
        return _FICHE_NUMBER.sub(
            lambda m: m.group("head") + mapping.get(m.group("num"), m.group("num")), s)

    expected = map_strings(gold, renumber, skip=frozenset({"source", "format"}))
    return renumber(text), _remap_refs(expected, mapping)


def _remap_refs(gold: Gold, mapping: dict[str, str]) -> Gold:
    expected = copy.deepcopy(gold)
    for action in expected["actions"]:
        action["ref"] = mapping.get(action["ref"], action["ref"])
    for row in (expected.get("financial_summary") or {}).get("rows", []):
        if row.get("action_ref") is not None:
            row["action_ref"] = mapping.get(row["action_ref"], row["action_ref"])
    return expected


# --- headings ----------------------------------------------------------------------------------

_HEADING_WORDS = ("fiche", "action", "article", "annexe", "axe", "mesure", "titre")
_HEADING_LINE = re.compile(
    r"^(?:#{1,6}[ \t][^\n]*"  # Markdown heading
    r"|[ \t]*\*\*[^*\n]+\*\*[ \t]*"  # a paragraph that is bold only
    rf"|[ \t]*(?:{'|'.join(w.capitalize() + '|' + w.upper() for w in _HEADING_WORDS)})\b"
    r"[^\n\t]{0,200})$",  # a short line opening with a capitalised heading word
    re.MULTILINE,
)


def uppercase_headings(text: str, gold: Gold) -> Variant:
    """Heading lines upper-cased (Markdown `#`, bold-only paragraphs, and short lines that
    open with fiche/action/article/annexe/axe/mesure/titre); nothing expected changes, since
    names and titles are compared case-insensitively."""
    return _HEADING_LINE.sub(lambda m: m.group(0).upper(), text), copy.deepcopy(gold)


# --- OCR damage --------------------------------------------------------------------------------

_ELIDED_L = re.compile(rf"(?<!\w)l(?={APOSTROPHE})")
_A_GRAVE = re.compile(r"(?<!\w)à(?!\w)")
_EURO = re.compile(r"(?<!¢)€")
_SPLITTABLE = re.compile(
    r"(?<![\w,.])(?P<head>\d{1,3}(?:[ \u00a0\u202f]\d{3})*)[ \u00a0\u202f](?P<tail>\d{3})"
    r"(?:,\d{1,2})?\s?€"
)


def _split_amounts(text: str, every: int) -> str:
    """Every n-th amount of a prose line (no table cell) split before its last digit group."""
    out = []
    count = 0
    for line in text.split("\n"):
        spots = list(_SPLITTABLE.finditer(line))
        if len(spots) == 1 and "\t" not in line and "|" not in line and "<" not in line:
            count += 1
            if count % every == 0:
                cut = spots[0].end("head")
                line = line[:cut] + "\n" + line[cut + 1:]
        out.append(line)
    return "\n".join(out)


def _every_other(pattern: re.Pattern[str], text: str, replacement: str) -> str:
    counter = itertools.count()
    return pattern.sub(lambda m: replacement if next(counter) % 2 == 0 else m.group(0), text)


def ocr_damage(text: str, gold: Gold, split_every: int = 3) -> Variant:
    """OCR-like damage: every elided `l'` read `I'`, every `à` read `a`, every other `€`
    read `¢€`, and every third amount of a prose line split across a line break before its
    last digit group. The expected values do not change: a careful reader sees through it."""
    text = _split_amounts(text, split_every)  # first: it needs the intact `€`
    text = _ELIDED_L.sub("I", text)
    text = _A_GRAVE.sub("a", text)
    return _every_other(_EURO, text, "¢€"), copy.deepcopy(gold)


def dumps(obj: Gold) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
