"""Budget labels of a fiche: who pays (State, territory, other financers) and the total."""

from __future__ import annotations

import re

from calpae.extract.actions.fields import ELISION, amounts_in, strip_numbering
from calpae.extract.vocabulary import Field, alternation
from calpae.values.fold import fold

_STATE_WORDS = alternation(Field.STATE_SHARE)
_TERRITORY_WORDS = alternation(Field.TERRITORY_SHARE)
_OTHER_WORDS = alternation(Field.OTHER_FINANCERS)
_OTHER_NAMES = alternation(Field.OTHER_FINANCER_NAMES)

_WHO = r"(?:part|par|budget|participation|financement|credits?|contribution|apport|montant)"
_STATE = rf"{_WHO}\s+(?:de\s+{ELISION}?\s*|du\s+|d'\s*|de\s+)?{_STATE_WORDS}\b"
_TERRITORY = (rf"{_WHO}\s+(?:du\s+|de\s+la\s+|de\s+{ELISION}?\s*|d'\s*|le\s+)?"
              rf"{_TERRITORY_WORDS}\b")
_OTHER = rf"{_OTHER_WORDS}|participation\s+d'\s*{_OTHER_WORDS}|part\s+{_OTHER_NAMES}"
_TOTAL = (rf"{alternation(Field.BUDGET_TOTAL)}(?:\s+d[e']\s*(?:{ELISION}\s*)?action)?\b"
          rf"|cout\s+(?:total\s+)?(?:du\s+projet|de\s+{ELISION}\s*action|de\s+{ELISION}\s*operation)"
          r"(?:\s+(?:est|s'eleve))?(?:\s+(?:de|a))?"
          rf"|montant\s+total\s+(?:du\s+projet|de\s+{ELISION}\s*action)"
          rf"|montant\s+{alternation(Field.BUDGET_PLANNED)}\b")
QUALIFIED = re.compile(
    rf"(?P<state>{_STATE})|(?P<territory>{_TERRITORY})|(?P<other>{_OTHER})|(?P<total>{_TOTAL})")
# Bare labels count only where a cell or line starts with them.
_BARE_STATE = _STATE_WORDS
_BARE_TERRITORY = _TERRITORY_WORDS
_BARE_OTHER = rf"{_OTHER_NAMES}|{_OTHER_WORDS}|{alternation(Field.OTHERS_BARE)}(?!\s+financ)"
_BARE_BODY = (rf"(?:(?P<state>{_BARE_STATE})|(?P<territory>{_BARE_TERRITORY})"
              rf"|(?P<other>{_BARE_OTHER})"
              rf"|(?P<total>{alternation(Field.TOTAL_BARE)}|budget\s+(?:20\d\d)))\b")
BARE = re.compile(rf"^{_BARE_BODY}")
BARE_AT = re.compile(rf"(?<!\w){_BARE_BODY}")  # matched at a given position
# "… dont État : 4 100 € et Département : 5 200 €", "Financement : Etat 4 100 € ; CD 5 200 €",
# "Part État 4 100 € – Part Département 4 100 € – FSE 900 €":
# a bare label inside a sentence, after a word that opens a share of the total, before its
# colon or its amount
BARE_INSIDE = re.compile(
    rf"(?:\bdont|\bet|[,;(:]|\s[-–])\s+(?:(?:le|la|l')\s*)?(?:(?P<state>{_BARE_STATE})"
    rf"|(?P<territory>{_BARE_TERRITORY})|(?P<other>{_BARE_OTHER}))\b"
    r"(?=\s*(?:\([^)]*\))?\s*[:=]|\s+\d[\d \u00a0\u202f.,]*\s?(?:€|euros?\b)\s*(?:[;,]|$))")
# "… dont 4 100 € de l'État et 5 200 € du Département": the financer named after its amount
FINANCER_AFTER = re.compile(
    r"^\s*(?:(?:de|du|de\s+la|par|pour)\s+(?:l'\s*|le\s+|la\s+)?|d'\s*)?"
    rf"(?:(?P<state>{_BARE_STATE})|(?P<territory>{_BARE_TERRITORY})|(?P<other>{_BARE_OTHER}))\b")
PARENS = re.compile(r"\([^)]*\)")
# "Crédits Etat 2019": the budget's year qualifies a label cell, no figure of its own
_YEAR_QUALIFIER = re.compile(r"\b(?:en\s+|pour\s+)?(?:19|20)\d\d\b")


def cell_field(cell: str, folded: str | None = None) -> str | None:
    """The budget field a table cell labels ("Part Etat (100%)" → state), if it is a label;
    folded: the cell stripped and folded, where the caller slices it from the document's."""
    if folded is None:
        folded = fold(cell.strip())
    folded = strip_numbering(folded).rstrip(" :=")
    if not folded or amounts_in(cell):
        return None
    folded = re.sub(r"\s*\([^)]*\)\s*$", "", folded)
    for pattern in (QUALIFIED, BARE):
        m = pattern.match(folded)
        rest = _YEAR_QUALIFIER.sub("", folded[m.end():]) if m else ""
        if m and len(folded) - m.end() <= 25 and not any(c.isdigit() for c in rest):
            return m.lastgroup
    return None
