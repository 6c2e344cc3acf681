"""Budget tables a text layer flattened: a row's cells joined by spaces, or one cell a line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calpae.extract.actions.fields import amounts_in, strip_numbering, without_amounts
from calpae.extract.actions.labels import BARE_AT, PARENS, QUALIFIED
from calpae.model import Extracted

# What may separate two labels of a flattened header: spaces, colons, rules drawn as text.
_GAP = re.compile(r"[\s:=|;/–-]*")
Amount = Extracted[float]  # spans relative to the line until a FlatValue makes them absolute


def label_sequence(folded: str, year: int | None = None) -> list[str] | None:
    """The budget fields a text names and nothing else ("part etat part cd budget global",
    "etat (100 %) :"), in order; None where any other word stands in between. The budget's
    own year may qualify a label."""
    labels = named_labels(folded, year)
    return [name for name, _text in labels] if labels else None


def named_labels(folded: str, year: int | None = None) -> list[tuple[str, str]] | None:
    """As `label_sequence`, each field with the label text that names it (`fse`, `caf`)."""
    text = PARENS.sub(lambda m: " " * len(m.group(0)), folded)
    if year is not None:
        text = text.replace(str(year), "    ")
    fields: list[tuple[str, str]] = []
    pos = _GAP.match(text).end()
    while pos < len(text):
        m = QUALIFIED.match(text, pos) or BARE_AT.match(text, pos)
        if not m or m.lastgroup is None:
            return None
        fields.append((m.lastgroup, m.group(0)))
        pos = _GAP.match(text, m.end()).end()
    return fields or None


def _only_amounts(text: str) -> list[Amount] | None:
    found = amounts_in(text)
    if not found:
        return None
    return found if not without_amounts(text, found).strip(" .;") else None


@dataclass
class FlatValue:
    """A budget field and the figure a flattened table gives it (absolute spans)."""

    name: str
    value: Amount
    label: str = ""  # the label text that named the field, where one line gave both


@dataclass
class FlatTable:
    """Labels waiting for the amounts of the lines below them (a flattened header)."""

    year: int | None
    labels: list[str] = field(default_factory=list)
    amounts: list[tuple[Amount, int]] = field(default_factory=list)

    def clear(self) -> None:
        self.labels, self.amounts = [], []

    def feed(self, text: str, offset: int, folded_text: str) -> list[FlatValue] | None:
        """The values a line (its text, offset and folded text) completes, [] for a line taken
        as part of a flattened table, None for a line that is not one (the pending labels are
        then dropped)."""
        folded = strip_numbering(folded_text)
        lead = len(text) - len(folded)
        labels = label_sequence(folded, self.year)
        if labels:
            if self.amounts:
                self.clear()
            self.labels.extend(labels)
            return []
        row = _labelled_row(text, folded_text, lead, self.year)
        if row is not None:
            self.clear()
            return [_value(name, a, offset, label) for name, label, a in row]
        amounts = _only_amounts(text)
        if amounts is None or not self.labels:
            self.clear()
            return None
        self.amounts.extend((a, offset) for a in amounts)
        if len(self.amounts) == len(amounts) and _without_empty_other(self.labels, amounts):
            labels = [name for name in self.labels if name != "other"]
            self.clear()
            return [_value(name, a, offset) for name, a in zip(labels, amounts, strict=True)]
        if len(self.amounts) < len(self.labels):
            return []
        pairs = list(zip(self.labels, self.amounts, strict=False))
        complete = len(self.amounts) == len(self.labels)
        self.clear()
        return [_value(name, a, base) for name, (a, base) in pairs] if complete else []


def _without_empty_other(labels: list[str], amounts: list[Amount]) -> bool:
    """A row printed on one line with one amount fewer than its header: the empty cell is the
    other financers' where the parts before the total add up to it (`Etat Département Autres
    financeurs Total` over three amounts, the last the sum of the other two)."""
    if labels.count("other") != 1 or labels[-1] != "total" or len(amounts) != len(labels) - 1:
        return False
    *parts, total = amounts
    return len(parts) >= 2 and abs(sum(a.value for a in parts) - total.value) < 0.005


def _labelled_row(text: str, folded: str, lead: int,
                  year: int | None) -> list[tuple[str, str, Amount]] | None:
    """A row of labels then as many amounts, and nothing after ("Etat 6 000 €")."""
    found = amounts_in(text)
    if not found or lead > found[0].start:
        return None
    labels = named_labels(folded[lead:found[0].start], year)
    if labels is None or len(labels) != len(found):
        return None
    if _only_amounts(text[found[0].start:]) is None:
        return None
    return [(name, label, a) for (name, label), a in zip(labels, found, strict=True)]


def _value(name: str, a: Amount, offset: int, label: str = "") -> FlatValue:
    return FlatValue(name, a.shifted(offset), label)
