"""Which action each line of the recapitulative table belongs to (`action_ref`).

The table's own numbers come first (`Action 4.2`, a `Fiche N°` cell). Numbers that restart
within a section are line counters, not action numbers, and are dropped. Where the
initiatives restart the numbering of the socle, their numbers take the `I-` prefix (the
refs of the actions list decide when it has them). A line without a usable number is
matched to an action by its label, then by its group (the measure its subtotal names).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from calpae.extract.models import Action
from calpae.extract.summary.keywords import ref_key
from calpae.model import SourceDocument
from calpae.values.fold import fold

_STOP = frozenset((
    "les", "des", "une", "pour", "par", "sur", "aux", "avec", "dans", "son", "ses", "leur",
    "leurs", "que", "qui", "est", "sont", "cette", "ces", "action", "actions", "fiche", "mise",
    "place"))


def assign_action_refs(lines: list[Any], sections: list[str], actions: list[Action],
                       source: SourceDocument | None = None) -> list[str | None]:
    """One action ref (or None) per detail line; lines carry `number`, `label`, `theme` and
    `context` (the text lines printed since the previous table line)."""
    known = {a.ref.value for a in actions if a.ref is not None}
    measures = _measure_words(source, known) if source is not None else {}
    titles = {a.ref.value: _action_words(a) for a in actions if a.ref is not None}
    vocabulary = set().union(*(_action_words(a) for a in actions)) if actions else set()
    numbers = _usable_numbers(lines, sections)
    collide = _initiatives_collide(numbers, sections)
    out: list[str | None] = []
    for line, number, section in zip(lines, numbers, sections, strict=True):
        group = _group_refs(line, titles, measures)
        if number is not None:
            ref = _resolve_number(number, section, known, collide)
            if known and ref not in known:
                ref = _numbered_in_group(group, number, actions) or ref
        else:
            ref = _by_label(line, titles, vocabulary) or (group[0] if len(group) == 1 else None)
        out.append(ref)
    return out


def _usable_numbers(lines: list[Any], sections: list[str]) -> list[str | None]:
    numbers = [line.number for line in lines]
    for section in set(sections):
        seq = [ref_key(n) for n, s in zip(numbers, sections, strict=True) if n and s == section]
        if any(b < a for a, b in itertools.pairwise(seq)):
            return [None] * len(lines)
    return numbers


def _initiatives_collide(numbers: list[str | None], sections: list[str]) -> bool:
    """Whether the initiatives reuse a number of the socle (`2` in both): then every
    initiative number is prefixed, as the fiches' refs are (`actions._unique_refs`)."""
    socle = {n for n, s in zip(numbers, sections, strict=True) if n and s != "initiative"}
    return any(n in socle for n, s in zip(numbers, sections, strict=True)
               if n and s == "initiative")


def _resolve_number(number: str, section: str, known: set[str], collide: bool) -> str:
    if section != "initiative":
        return number
    prefixed = f"I-{number}"
    if prefixed in known:
        return prefixed
    if number in known and not collide:
        return number
    return prefixed if collide else number


def _words(text: str | None) -> set[str]:
    """Stems (first six letters) of the significant words of a text."""
    if not text:
        return set()
    return {w[:6] for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) >= 3 and w not in _STOP}


def _action_words(action: Action) -> set[str]:
    parts = [action.title, action.measure]
    return set().union(*(_words(p.value if p is not None else None) for p in parts))


def _measure_words(source: SourceDocument, known: set[str]) -> dict[str, set[str]]:
    """The words of each measure heading (`1.4. Insertion des allocataires…` and its next
    line), for the parents of the action refs (`1.4` of `1.4.1`)."""
    parents = {r.rsplit(".", 1)[0] for r in known if "." in r and not r.startswith("I-")}
    out: dict[str, set[str]] = {}
    lines = source.lines
    for i, (_ln, text) in enumerate(source.iter_lines()):
        for parent in parents - out.keys():
            if re.match(rf"\s*{re.escape(parent)}\.?\s*(?=[^\d\s.])", text):
                following = source.line_text(lines[i + 1]) if i + 1 < len(lines) else ""
                out[parent] = _words(text) | _words(following)
    return out


def _coverage(words: set[str], target: set[str]) -> float:
    return len(words & target) / len(words) if words else 0.0


def _unique_best(scored: list[tuple[float, str]], threshold: float) -> str | None:
    scored = sorted(scored, reverse=True)
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.2:
        return None
    return scored[0][1]


def _by_label(line: Any, titles: dict[str, set[str]], vocabulary: set[str]) -> str | None:
    """The action whose title holds the line's label (with the label pieces printed on the
    lines above), counting only words that some action uses."""
    label = line.label[0] if line.label else ""
    if len(_words(label)) > 8:  # a long description matches by accident
        return None
    words = (_words(label) | _words(getattr(line, "context", None))) & vocabulary
    if len(words) < min(2, len(_words(label))) or not words:
        return None
    scored = [(_coverage(words, title), ref) for ref, title in titles.items()]
    return _unique_best(scored, 0.75)


def _group_refs(line: Any, titles: dict[str, set[str]],
                measures: dict[str, set[str]]) -> list[str]:
    """The refs of the actions of the line's group: those of the measure the group names,
    else the one action whose title the group name matches."""
    words = _words(line.theme)
    if not words:
        return []
    measure = _unique_best([(_coverage(words, w), p) for p, w in measures.items()], 0.6)
    if measure is not None:
        return [r for r in titles if r.startswith(measure + ".")]
    scored = [(_coverage(words, title), ref) for ref, title in titles.items()]
    best = _unique_best(scored, 0.6)
    return [best] if best else []


def _numbered_in_group(group: list[str], number: str, actions: list[Action]) -> str | None:
    """`(Action 2)` inside a measure's group: the group's action numbered 2."""
    headings = {a.ref.value: fold(a.heading.value) for a in actions if a.ref and a.heading}
    for ref in group:
        heading = headings.get(ref, "")
        if ref.endswith(f".{number}") or re.search(rf"\baction\s+{re.escape(number)}\b", heading):
            return ref
    return None
