"""Budget labels of a fiche: who pays (State, territory, other financers) and the total."""

from __future__ import annotations

import re

from calpae.extract.actions.fields import ELISION, amounts_in, strip_numbering
from calpae.values.fold import fold

_WHO = r"(?:part|par|budget|participation|financement|credits?|contribution|apport|montant)"
_STATE = rf"{_WHO}\s+(?:de\s+{ELISION}?\s*|du\s+|d'\s*|de\s+)?etat\b"
_TERRITORY = (rf"{_WHO}\s+(?:du\s+|de\s+la\s+|de\s+{ELISION}?\s*|d'\s*|le\s+)?"
              r"(?:cd|cd\d\d|conseil departemental|departement(?:ale?)?|departemental(?:e)?"
              r"|collectivite|metropole)\b")
_OTHER = (r"autres?\s+financ\w*|participation\s+d'\s*autres\s+financeurs"
          r"|part\s+(?:fse\+?|caf|msa|region(?:ale)?|react[- ]?eu|europeenne|feder)")
_TOTAL = (rf"(?:budget|montant|cout)\s+(?:global|total)(?:\s+d[e']\s*(?:{ELISION}\s*)?action)?\b"
          rf"|cout\s+(?:total\s+)?(?:du\s+projet|de\s+{ELISION}\s*action|de\s+{ELISION}\s*operation)"
          r"(?:\s+(?:est|s'eleve))?(?:\s+(?:de|a))?"
          rf"|montant\s+total\s+(?:du\s+projet|de\s+{ELISION}\s*action)"
          r"|montant\s+prevus?\b")
QUALIFIED = re.compile(
    rf"(?P<state>{_STATE})|(?P<territory>{_TERRITORY})|(?P<other>{_OTHER})|(?P<total>{_TOTAL})")
# Bare labels count only where a cell or line starts with them.
_BARE_STATE = r"etat"
_BARE_TERRITORY = (r"departement|cd|conseil departemental|metropole|conseil metropolitain"
                   r"|collectivite")
_BARE_OTHER = (r"fse\+?|caf|msa|ars|feder|react[- ]?eu|region|autres? financeurs"
               r"|autres?(?!\s+financ)")
_BARE_BODY = (rf"(?:(?P<state>{_BARE_STATE})|(?P<territory>{_BARE_TERRITORY})"
              rf"|(?P<other>{_BARE_OTHER})|(?P<total>total|budget\s+(?:20\d\d)))\b")
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


def cell_field(cell: str) -> str | None:
    """The budget field a table cell labels ("Part Etat (100%)" → state), if it is a label."""
    folded = strip_numbering(fold(cell.strip())).rstrip(" :=")
    if not folded or amounts_in(cell):
        return None
    folded = re.sub(r"\s*\([^)]*\)\s*$", "", folded)
    for pattern in (QUALIFIED, BARE):
        m = pattern.match(folded)
        rest = _YEAR_QUALIFIER.sub("", folded[m.end():]) if m else ""
        if m and len(folded) - m.end() <= 25 and not any(c.isdigit() for c in rest):
            return m.lastgroup
    return None
