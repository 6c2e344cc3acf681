"""The socle measure (theme) an action answers, for completeness and for national totals."""

from __future__ import annotations

import re

from calpae.values.fold import fold

INITIATIVE = "initiatives du territoire"

# The socle engagements of the 2019-2022 conventions, as fiches and tables name them (folded),
# most specific first. A new wording is one alternative here.
SOCLE_MEASURES: tuple[tuple[str, str], ...] = (
    ("prévenir les sorties sèches de l'aide sociale à l'enfance",
     r"sorties? seches?|sortant\w* (?:de l'|d'|du dispositif )?(?:ase|aide sociale)"
     r"|aide sociale a l'enfance|jeunes majeurs?|\base\b|majorite"),
    ("premier accueil social inconditionnel de proximité",
     r"(?:premier|1er)\s+accueil|accueil\s+social\s+inconditionnel"),
    ("référent de parcours", r"referents? (?:de |unique de )?parcours|referent unique"),
    ("formation des travailleurs sociaux",
     r"form(?:ation|er)\w*.{0,40}travail\w* sociaux|travail social|plan de formation"),
    ("orientation et accompagnement des allocataires du RSA",
     r"\brsa\b|insertion|garantie d'activite|orientation"),
)
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in SOCLE_MEASURES)


def measures_named(text: str) -> set[str]:
    """Every socle measure the text speaks of."""
    folded = fold(text)
    return {name for name, pattern in _COMPILED if pattern.search(folded)}


def theme_of(section: str | None, *texts: str | None) -> str | None:
    """The first socle measure the action's measure, title or heading names; an initiative of
    the territory; else None (an action the totals show as `non classée`)."""
    for text in texts:
        if text:
            folded = fold(text)
            for name, pattern in _COMPILED:
                if pattern.search(folded):
                    return name
    return INITIATIVE if section == "initiative" else None
