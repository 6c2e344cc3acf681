"""The numbers and dates of one territory's dossier, as its documents state them.

A dossier holds, per territory: the 2019 convention (period 2019-2021), avenants n°1 (2020)
and n°2 (2021), the execution reports on 2019, 2020 and 2021 and the 2022 one-year convention
(only the years asked for). Everything a document states is a field here, so that the writing
styles print it, the plants change it and the manifest's `expected` is read back from it.

Coherence of an unplanted dossier:
- each fiche: state + territory + other = total; territory ≥ state for every action;
- the table has one row per fiche with the fiche's amounts; its total row is the column sums;
  the articles' State amount is the table's State total, the articles' carryover its
  carryover column total;
- reports: consumed ≤ engaged ≤ planned (the fiche's total), carryover requested = planned −
  consumed; the unconsumed credits the report states are the sum of the carryovers requested,
  and the next year's avenant carries exactly that amount over;
- dates: deliberation before signature; the avenant of year N signed in year N; the report on
  year N signed by its deadline — 30 June of N+1 for the 2019 and 2020 reports, 31 March of N+1
  for later ones (the deadline the 2021 instruction set), see `report_deadline`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from calpae.demo import catalog
from calpae.demo.territories import Place

CONVENTION, AVENANT, REPORT = "convention", "avenant", "rapport_execution"
SOCLE, INITIATIVE = "socle", "initiative"


@dataclass(slots=True)
class Person:
    civility: str  # "Monsieur" | "Madame"
    first: str
    last: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def feminine(self) -> bool:
        return self.civility == "Madame"


@dataclass(slots=True)
class LegalBasis:
    kind: str  # loi | instruction | convention | avenant | deliberation
    reference: str | None
    date: date | None
    number: int | None = None  # the avenant's number for kind "avenant"


@dataclass(slots=True)
class Action:
    """One fiche action as a document states it."""

    ref: str
    section: str
    measure: str | None  # the socle measure key; None for an initiative
    title: str
    label: str  # its short label in the table
    description: str
    partners: str
    indicator: str
    state: float
    territory: float
    other: float = 0.0
    other_label: str | None = None
    total: float = 0.0
    carryover: float = 0.0  # the table's carryover column (avenants)
    engaged: float | None = None  # reports
    consumed: float | None = None
    carryover_requested: float | None = None
    status: str = "reconduite"  # reconduite | nouvelle | modifiée

    def fix_total(self) -> None:
        self.total = round(self.state + self.territory + self.other, 2)


@dataclass(slots=True)
class Row:
    """One detail line of the financial table."""

    ref: str
    label: str
    section: str
    total: float
    state: float
    territory: float
    carryover: float
    other: float
    consumed: float | None = None


@dataclass(slots=True)
class Totals:
    total: float = 0.0
    state: float = 0.0
    territory: float = 0.0
    carryover: float = 0.0
    other: float = 0.0
    consumed: float | None = None


@dataclass(slots=True)
class Document:
    place: Place
    kind: str
    year: int
    amendment_number: int | None
    period: tuple[int, int]
    prefect: Person
    president: Person
    legal_bases: list[LegalBasis]
    base_convention_date: date | None
    deliberation_body: str | None
    deliberation_date: date | None
    signature_date: date | None
    state_amount: float
    carryover: float | None
    actions: list[Action]
    rows: list[Row] = field(default_factory=list)
    table_total: Totals = field(default_factory=Totals)
    unconsumed: float | None = None  # reports: the credits not consumed, as stated
    numbering: str = "seq"  # seq | measure | restart
    # set when the dossier is written
    style: str = ""
    format: str = ""
    file: str = ""
    layout: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        number = f"-{self.amendment_number}" if self.amendment_number else ""
        return f"{self.place.code}-{self.kind}{number}-{self.year}"

    @property
    def deadline(self) -> date | None:
        return report_deadline(self.year) if self.kind == REPORT else None


@dataclass(slots=True)
class Dossier:
    place: Place
    documents: list[Document]


def report_deadline(year: int) -> date:
    """The date by which the report on `year` must be signed (see the module docstring)."""
    return date(year + 1, 6, 30) if year <= 2020 else date(year + 1, 3, 31)


def person(rng: random.Random) -> Person:
    if rng.random() < 0.45:
        return Person("Madame", rng.choice(catalog.FIRST_NAMES_F), rng.choice(catalog.SURNAMES))
    return Person("Monsieur", rng.choice(catalog.FIRST_NAMES_M), rng.choice(catalog.SURNAMES))


def _amount(rng: random.Random, value: float, cents: bool = False) -> float:
    """A plausible budget figure near value: rounded to 500 €, sometimes to the euro or cent."""
    if cents:
        return round(value + rng.choice((0.25, 0.5, 0.8, 0.35)), 2)
    step = rng.choice((500, 1000, 1000, 5000, 10)) if value > 20_000 else 100
    return float(max(step, round(value / step) * step))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


# ---------------------------------------------------------------- actions per year

def _refs(actions: list[Action], numbering: str) -> None:
    """Number the fiches: 1..n (seq), by measure 1.1, 1.2, 2.1 (measure), or socle 1..k and
    initiatives 1..m again (restart; the initiatives' refs are then `I-1`…, as in SCHEMA.md)."""
    socle = [a for a in actions if a.section == SOCLE]
    initiatives = [a for a in actions if a.section == INITIATIVE]
    if numbering == "seq":
        for n, a in enumerate(socle + initiatives, 1):
            a.ref = str(n)
    elif numbering == "restart":
        for n, a in enumerate(socle, 1):
            a.ref = str(n)
        for n, a in enumerate(initiatives, 1):
            a.ref = f"I-{n}"
    else:
        groups: dict[str, int] = {}
        order: list[str] = []
        for a in socle:
            if a.measure not in groups:
                order.append(a.measure or "")
            groups[a.measure or ""] = groups.get(a.measure or "", 0) + 1
            a.ref = f"{order.index(a.measure or '') + 1}.{groups[a.measure or '']}"
        head = len(order) + 1
        for n, a in enumerate(initiatives, 1):
            a.ref = f"{head}.{n}"


def _new_action(rng: random.Random, section: str, measure: catalog.Measure | None,
                state: float, used: set[str]) -> Action:
    if measure is not None:
        title, label = rng.choice(measure.titles), rng.choice(measure.short)
    else:
        title, label = rng.choice([i for i in catalog.INITIATIVES if i[0] not in used])
    used.add(title)
    partners = ", ".join(rng.sample(catalog.PARTNERS, rng.randint(1, 3)))
    action = Action("", section, measure.key if measure else None, title, label,
                    rng.choice(catalog.DESCRIPTIONS), partners, rng.choice(catalog.INDICATORS),
                    state=0.0, territory=0.0)
    _set_budget(rng, action, state)
    return action


def _set_budget(rng: random.Random, action: Action, state: float) -> None:
    action.state = _amount(rng, state, cents=rng.random() < 0.06)
    match_share = rng.choice((1.0, 1.0, 1.0, 1.05, 1.1, 1.25))
    action.territory = _amount(rng, action.state * match_share) if match_share > 1 else action.state
    action.territory = max(action.territory, action.state)
    if rng.random() < 0.2:
        action.other_label = rng.choice(catalog.OTHER_FINANCERS)
        action.other = _amount(rng, action.state * rng.uniform(0.1, 0.4))
    else:
        action.other, action.other_label = 0.0, None
    action.fix_total()


def _copy(action: Action, status: str = "reconduite") -> Action:
    return replace(action, carryover=0.0, engaged=None, consumed=None,
                   carryover_requested=None, status=status)


def first_actions(rng: random.Random, scale: float) -> list[Action]:
    """The 2019 fiches: every socle measure with at least one action, then 2 to 3 initiatives."""
    used: set[str] = set()
    actions = []
    for measure in catalog.SOCLE:
        actions.append(_new_action(rng, SOCLE, measure,
                                   scale * measure.weight * rng.uniform(0.8, 1.2), used))
    for _ in range(rng.randint(2, 3)):
        actions.append(_new_action(rng, INITIATIVE, None, scale * rng.uniform(0.04, 0.1), used))
    return actions


def next_actions(rng: random.Random, previous: list[Action], scale: float,
                 drop: bool = False) -> list[Action]:
    """The next year's fiches: reconducted, a few amended, one or two added (an initiative or a
    second action of a socle measure); with drop, an initiative may end."""
    used = {a.title for a in previous}
    actions = [_copy(a) for a in previous]
    if drop and sum(a.section == INITIATIVE for a in actions) > 2:
        actions.remove(next(a for a in reversed(actions) if a.section == INITIATIVE))
    for action in rng.sample(actions, rng.randint(2, 3)):
        _set_budget(rng, action, action.state * rng.choice((0.8, 0.9, 1.1, 1.2, 1.3)))
        action.status = "modifiée"
    for _ in range(rng.randint(1, 2)):
        if rng.random() < 0.4:
            measure = rng.choice([m for m in catalog.SOCLE if m.key in ("rsa", "ase", "mobilite")])
            added = _new_action(rng, SOCLE, measure, scale * rng.uniform(0.03, 0.06), used)
            position = max(i for i, a in enumerate(actions)
                           if a.section == SOCLE and a.measure == measure.key) + 1
            actions.insert(position, added)
        else:
            added = _new_action(rng, INITIATIVE, None, scale * rng.uniform(0.03, 0.08), used)
            actions.append(added)
        added.status = "nouvelle"
    return actions
