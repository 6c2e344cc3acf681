"""Where fiches actions begin: their heading lines, the part (socle or initiative) a line
states, and the title a heading carries or has below it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from calpae.extract.actions.fields import (
    amounts_in,
    is_field_label,
    strip_numbering,
)
from calpae.extract.actions.labels import cell_field
from calpae.extract.text import folded_line, folded_stripped
from calpae.model import Line, SourceDocument

# A fiche's own number: "3", "2.1", "2-1" (no spaces around the hyphen, or it separates the
# title), "II.1" (an axis in Roman numerals, then the action).
_REF_NUMBER = r"(\d+(?:\.\d+)*(?:-\d{1,2}(?![\d.]))?|[ivx]{1,4}\.\d+(?:\.\d+)*)"
# "FICHE 3", "FICHE ACTION N°2 - ENGAGEMENTS SOCLE", "Fiche-action n° 4 : …"
# The title may follow the number with no separator; a dot before a digit belongs to the number.
FICHE_NUMBERED = re.compile(
    rf"^fiches?[\s-]*(?:actions?)?\s*(?:n\s*[°o]\s*\.?\s*)?{_REF_NUMBER}\b"
    r"(?:\s*[-–:]\s*|\s*\.(?!\d)\s*|\s+)?(.*)$")
# "FICHE FORMATION TRANSVERSALE": a fiche named, not numbered
_FICHE_NAMED = re.compile(r"^fiches?\s+(?!actions?\b)([a-z]{3,})(?:\s+[a-z']+){0,4}$")
# "Action 1.2 : title", "Action 9  title", "Fiche action 3 - title"
ACTION = re.compile(
    rf"^(?:fiche[\s-]*)?action\s*(?:n\s*[°o]\s*\.?\s*)?{_REF_NUMBER}\s*(?:[:\-–.]\s*|\s+)(\S.*)$")
# "1.1.2. Action 2 title" or "1.4.3 title" in numbered reports
_NUMBERED = re.compile(r"^(\d+(?:\.\d+){1,3})\.?\s*(\S.*)$")
_ACTION_LABEL = re.compile(r"^action\s*(?:n\s*[°o]\s*)?\d+\s*[:\-–.]?\s*", re.I)
_SOCLE = re.compile(r"\b(?:engagements?|mesures?|actions?)\s+(?:du\s+)?socles?\b|^socles?\b")
_INITIATIVE = re.compile(
    r"\binitiatives?\s+(?:departementales?|du departement|des departements|des territoires"
    r"|de la collectivite|locales?|territoriales?|metropolitaines?|regionales?)"
    r"|\ba l'?\s*initiative\s+(?:du|des|de la|de l'|de|d')\b")
# A heading that opens the initiatives: "Initiatives de la Métropole", "Les initiatives du
# territoire", "Actions d'initiative locale", "Mesures relevant de l'initiative …"
_INITIATIVE_HEAD = re.compile(
    r"^(?:les\s+)?initiatives?\s+(?:de\s+la|du|des|de\s+l'|d')\s*\w"
    r"|^(?:actions?|mesures?|engagements?|projets?|fiches?)\s+(?:d'\s*|relevant\s+de\s+l'\s*)"
    r"initiatives?\b")
# A fiche's own line that states its part: "Type | Socle", "Engagement : initiative …"
_SECTION_FIELD = re.compile(
    r"^(?:type(?:\s+d'\s*(?:action|engagement|mesure))?|engagements?|nature(?:\s+de\s+l'\s*action)?"
    r"|volet|categorie|typologie|section|cadre)\s*$")
_FIELD_SPLIT = re.compile(r"\t+|\s*:\s*")  # a field line's label from its value
_CONTINUATION_WORDS = {
    "et", "de", "des", "du", "la", "le", "les", "à", "a", "au", "aux", "pour", "en", "sur",
    "par", "avec", "dans", "entre", "un", "une", "/", "–", "-", ":", "d'", "l'", "d’", "l’"}


@dataclass
class Heading:
    line: Line
    ref: str
    title_start: int | None  # offsets of the title on the heading line(s), if it carries one
    title_end: int | None
    section: str | None  # stated on the heading line itself ("… - ENGAGEMENTS SOCLE")
    form: str  # "fiche" | "named" | "action" | "numbered" | "implicit"


def heading_like(stripped: str) -> bool:
    """A short line that reads as a heading, not a wrapped sentence."""
    return (0 < len(stripped) <= 100 and (stripped[0].isupper() or stripped[0].isdigit())
            and not stripped.endswith((".", ":", ",", ";")))


# "Partie B –", "Titre II :", "B." in front of a part heading
_PART_PREFIX = re.compile(r"^(?:(?:partie|titre|axe|volet|chapitre)\s+\w{1,4}\s*[-–:.]\s*"
                          r"|[a-h][.)]\s+)")


def section_marker(folded: str) -> str | None:
    """The part (socle or initiative) a folded line or heading states, or None."""
    head = _PART_PREFIX.sub("", strip_numbering(folded.strip()))
    if _INITIATIVE.search(folded) or _INITIATIVE_HEAD.match(head):
        return "initiative"
    if _SOCLE.search(folded):
        return "socle"
    return None


def _is_candidate_line(text: str) -> bool:
    stripped = text.strip()
    if not stripped or "\t" in text or len(stripped) > 400:
        return False
    if stripped[0] in "-•▪►▶>*○✓❖⇒→(" or amounts_in(stripped):
        return False
    return not stripped.rstrip(" .").split(" ")[-1].isdigit() or "...." not in stripped


def _title_span(source: SourceDocument, line: Line, offset_in_line: int) -> tuple[int, int]:
    start = line.start + offset_in_line
    end = line.end
    while end > start and source.text[end - 1].isspace():
        end -= 1
    return start, end


_NUMBER_CELL = re.compile(
    r"^\W{0,3}(?:n\s*[°o]|numero|num\.?)\s*(?:de\s+(?:la\s+|l'\s*)?)?(?:fiche|action)"
    r"(?:[\s-]*actions?)?\s*:?$")
_REF = re.compile(rf"^{_REF_NUMBER}$", re.IGNORECASE)


def _number_cell(source: SourceDocument, line: Line, text: str) -> Heading | None:
    """A table-laid fiche that gives its number in a cell: "N° de la fiche | 3"."""
    cells = [c.strip() for c in text.split("\t")]
    filled = [c for c in cells if c]
    if len(filled) < 2 or not _NUMBER_CELL.match(_first_cell_folded(source, line, text)):
        return None
    m = _REF.match(filled[1].rstrip("."))
    return Heading(line, m.group(1), None, None, None, "fiche") if m else None


def _first_cell_folded(source: SourceDocument, line: Line, text: str) -> str:
    """The first non-empty cell of a table line, stripped and folded."""
    pos = 0
    for cell in text.split("\t"):
        if cell.strip():
            return folded_stripped(source, line.start + pos, line.start + pos + len(cell))
        pos += len(cell) + 1
    return ""


def _ref(m: re.Match[str]) -> str:
    """The matched ref as printed: Roman numerals upper-cased again after folding."""
    ref = m.group(1)
    return ref.upper() if ref[:1].isalpha() else ref


def _match_heading(source: SourceDocument, line: Line, text: str) -> Heading | None:
    if "\t" in text:
        return _number_cell(source, line, text)
    if not _is_candidate_line(text):
        return None
    lead = len(text) - len(text.lstrip())
    folded = folded_stripped(source, line.start, line.end)
    m = FICHE_NUMBERED.match(folded)
    if m:
        rest = m.group(2) or ""
        section = section_marker(rest)
        title = None if (section or not rest) else m.start(2)
        span = _title_span(source, line, lead + title) if title is not None else (None, None)
        return Heading(line, _ref(m), span[0], span[1], section, "fiche")
    m = _FICHE_NAMED.match(folded)
    if m and text.strip().isupper():
        return Heading(line, m.group(1), None, None, section_marker(folded), "named")
    m = ACTION.match(folded)
    if m and not is_field_label(text):
        start, end = _title_span(source, line, lead + m.start(2))
        return Heading(line, _ref(m), start, end, None, "action")
    return None


def _numbered_heading(source: SourceDocument, index: int) -> Heading | None:
    """A numbered report heading ("1.1.2. Action 2 …") whose next numbered line is its child."""
    line = source.lines[index]
    text = source.line_text(line)
    if not _is_candidate_line(text) or is_field_label(text):
        return None
    lead = len(text) - len(text.lstrip())
    m = _NUMBERED.match(folded_stripped(source, line.start, line.end))
    if not m:
        return None
    number = m.group(1)
    for follower in source.lines[index + 1:index + 40]:
        follow = folded_stripped(source, follower.start, follower.end)
        n = _NUMBERED.match(follow) or re.match(r"^(\d+(?:\.\d+)+)\.?(\S.*)$", follow)
        if not n:
            continue
        if n.group(1).startswith(number + ".") and is_field_label(source.line_text(follower)):
            rest = m.group(2)
            label = _ACTION_LABEL.match(rest)
            offset = lead + m.start(2) + (label.end() if label else 0)
            start, end = _title_span(source, line, offset)
            return Heading(line, number, start, end, None, "numbered")
        return None
    return None


def find_headings(source: SourceDocument) -> list[Heading]:
    """Fiche headings in document order, keeping only those followed by fiche content."""
    found: list[Heading] = []
    for i, line in enumerate(source.lines):
        text = source.line_text(line)
        heading = _match_heading(source, line, text) or _numbered_heading(source, i)
        if heading:
            found.append(heading)
    return [h for k, h in enumerate(found) if _has_fiche_content(source, h, found, k)]


def _has_fiche_content(source: SourceDocument, h: Heading, found: list[Heading], k: int) -> bool:
    """A heading opens a fiche when fiche labels sit near it (before the next heading or just
    above it, where text-layer exports moved the heading)."""
    first = h.line.number - 1
    last = found[k + 1].line.number - 1 if k + 1 < len(found) else len(source.lines)
    window = source.lines[max(0, first - 60):min(last, first + 400)]
    labels = sum(1 for ln in window if is_field_label(source.line_text(ln)))
    if labels >= 2:
        return True
    # the first fiche of a list has no fiche above it: its own lines are read more widely
    own = source.lines[first + 1:min(last, first + 400)]
    return sum(1 for ln in own if _fiche_line(source, ln)) >= 2


def _fiche_line(source: SourceDocument, line: Line) -> bool:
    """A line of a fiche: a part label, a budget line ("Coût total : 380 000 €", "Crédits Etat
    2019 | 1 200 €") or the fiche's part ("Type | Socle")."""
    text = source.line_text(line)
    if is_field_label(text):
        return True
    parts = re.split(_FIELD_SPLIT, text.strip(), maxsplit=1)
    if len(parts) < 2:
        return False
    label = line.start + len(text) - len(text.lstrip())
    if (cell_field(parts[0], folded_stripped(source, label, label + len(parts[0]))) is not None
            and amounts_in(parts[1])):
        return True
    return section_line(folded_line(source, line)) is not None


def title_text(source: SourceDocument, h: Heading) -> tuple[int, int] | None:
    """The title span of a heading, continued over the lines its title was wrapped on."""
    if h.title_start is None or h.title_end is None:
        return None
    return continued_span(source, h.title_start, h.title_end)


_NOT_A_TITLE = re.compile(r"\b(?:avenant|convention|strategie|annexe|contractualisation)\b")


def title_below(source: SourceDocument, h: Heading) -> tuple[int, int] | None:
    """The title a bare fiche heading ("FICHE ACTION N°3") carries on its next line: a short
    line of words in sentence case, before any part of the fiche."""
    if h.form not in ("fiche", "action") or h.title_start is not None or h.section:
        return None
    for line in source.lines[h.line.number:h.line.number + 4]:
        text = source.line_text(line)
        stripped = text.strip()
        if not stripped:
            continue
        folded = folded_stripped(source, line.start, line.end)
        if (not heading_like(stripped) or stripped.isupper() or "\t" in text
                or is_field_label(text) or any(c.isdigit() for c in stripped)
                or section_marker(folded) or _NOT_A_TITLE.search(folded)
                or len(stripped) < 10 or _match_heading(source, line, text)):
            return None
        lead = len(text) - len(text.lstrip())
        return continued_span(source, line.start + lead, line.start + len(text.rstrip()))
    return None


def continued_span(source: SourceDocument, start: int, end: int) -> tuple[int, int]:
    """A title or label value span ending a line, continued over the lines it wraps onto."""
    index = source.line_at(start).number  # next line's index in source.lines
    blanks = 0
    while index < len(source.lines) and blanks <= 2:
        line = source.lines[index]
        text = source.line_text(line)
        index += 1
        if not text.strip():
            blanks += 1
            continue
        if not _continues_title(source.text[start:end], text,
                                folded_stripped(source, line.start, line.end)):
            break
        end = line.start + len(text.rstrip())
        blanks = 0
    return start, end


def _continues_title(title: str, text: str, folded: str) -> bool:
    """Whether a line (text, and folded: its text stripped and folded) carries on a title."""
    stripped = text.strip()
    if (len(stripped) > 160 or is_field_label(text) or stripped.isdigit() or "\t" in text
            or amounts_in(stripped) or section_marker(folded) or stripped.isupper()):
        return False
    if _NUMBERED.match(stripped) or ACTION.match(folded):
        return False
    last_word = title.rstrip().split(" ")[-1].lower() if title.strip() else ""
    starts_lower = stripped[0].islower() or folded[:2] in ("d'", "l'", "i'")
    ends_open = last_word in _CONTINUATION_WORDS or last_word.endswith(("'", "’"))
    return starts_lower or ends_open


def section_line(folded: str) -> str | None:
    """The part a folded field line of a fiche states ("type | socle" → socle), or None."""
    parts = _FIELD_SPLIT.split(folded.strip(), maxsplit=1)
    if len(parts) < 2 or not _SECTION_FIELD.match(strip_numbering(parts[0])):
        return None
    return _section_value(parts[1])


def _section_value(folded: str) -> str | None:
    socle, initiative = "socle" in folded, "initiative" in folded
    if socle == initiative:
        return None
    return "socle" if socle else "initiative"
