"""A consistent dossier built in code: a convention, its avenant n°1 and the report on the first
year of one territory, each an `Extraction` whose every value is printed on its own line of a
small text (so it has distinct spans and real evidence), with a way to change one value.

Nothing here comes from a seed: the territory, the people and every amount are made up.

    conv = convention()                                   # consistent
    conv = convention(change={"actions[1].budget.total": 367_000.0})   # one value perturbed
    conv = convention(change={"actions[0].title": None})  # one value removed
    conv = convention(change={"financial_summary.total.state": repaired(1.0, "chiffre abîmé")})

A change is keyed by the value's positional path (`iter_extracted`'s `path`); a path the
document does not hold is an error, so a test cannot perturb nothing by a typo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from calpae.checks import CheckedDocument, CheckSettings, DocumentRef, Finding, check_documents
from calpae.extract.models import (
    Action,
    Budget,
    Deliberation,
    DocumentBlock,
    DocumentKind,
    Execution,
    Extraction,
    FinancialSummary,
    Signatory,
    Signature,
    StateFunding,
    SummaryAmounts,
    SummaryRow,
    Territory,
)
from calpae.model import Extracted, ReadStatus, SourceDocument, iter_extracted
from calpae.readers import read_bytes

TERRITORY = ("departement", "Vendée", "85")  # kind, name, code
OTHER_TERRITORY = ("departement", "Cantal", "15")


@dataclass(frozen=True)
class Fiche:
    """One action: its budget for the year and, in a report, its execution."""

    ref: str
    title: str
    state: float | None
    territory: float | None
    other: float | None = None
    section: str = "socle"
    carryover: float | None = None  # the avenant table's carryover column for this action
    engaged: float | None = None
    consumed: float | None = None
    requested: float | None = None  # carryover requested by the report

    @property
    def total(self) -> float:
        return round(sum(p for p in (self.state, self.territory, self.other) if p), 2)


# The convention's fiches for 2019: the département puts in at least the State's share.
FICHES_2019: tuple[Fiche, ...] = (
    Fiche("1", "Prévenir les sorties sèches de l'aide sociale à l'enfance", 213_450.0, 213_450.0),
    Fiche("2", "Premier accueil social inconditionnel de proximité", 158_720.45, 181_300.20,
          27_640.35),
    Fiche("3", "Référent de parcours", 104_385.0, 104_385.0),
    Fiche("4", "Orientation et accompagnement des allocataires du RSA", 96_215.0, 99_870.0,
          section="initiative"),
    Fiche("5", "Formation des travailleurs sociaux", 61_930.0, 61_930.0, section="initiative"),
)

# What the report on 2019 says: fiches 1 and 2 leave credits, carried over to 2020.
EXECUTION_2019: tuple[Fiche, ...] = (
    dataclasses.replace(FICHES_2019[0], engaged=419_300.0, consumed=412_520.0,
                        requested=14_380.0),
    dataclasses.replace(FICHES_2019[1], engaged=355_000.0, consumed=344_143.40,
                        requested=23_517.60),
    *(dataclasses.replace(f, engaged=f.total, consumed=f.total) for f in FICHES_2019[2:]),
)
CARRYOVER_2019 = 37_897.60  # 14 380 + 23 517,60: what the avenant 2020 carries over

# The avenant n°1 for 2020: fiches 1 and 4 change, the carryover goes to fiches 1 and 2.
FICHES_2020: tuple[Fiche, ...] = (
    dataclasses.replace(FICHES_2019[0], state=224_610.0, territory=224_610.0,
                        carryover=14_380.0),
    dataclasses.replace(FICHES_2019[1], carryover=23_517.60),
    FICHES_2019[2],
    dataclasses.replace(FICHES_2019[3], state=101_640.0, territory=103_000.0),
    FICHES_2019[4],
)

SUBTOTALS = ((0, 3), (3, 5))  # the table's groups of rows: fiches 1-3, then 4-5


@dataclass(frozen=True)
class Read:
    """A changed value read otherwise than exactly."""

    value: Any
    status: ReadStatus
    reason: str


def repaired(value: Any, reason: str) -> Read:
    return Read(value, ReadStatus.REPAIRED, reason)


@dataclass
class Built:
    """One built document: the text its values are printed in, read as a source, and the
    extraction whose values point into it."""

    name: str
    source: SourceDocument
    extraction: Extraction

    def checked(self, id: int | None = None) -> CheckedDocument:
        return CheckedDocument(DocumentRef(self.name, id), self.extraction)

    def at(self, path: str) -> Extracted[Any]:
        """The value at a positional path."""
        found = {v.path: v.value for v in iter_extracted(self.extraction)}
        return found[path]

    def key(self, path: str) -> str:
        return {v.path: v.key for v in iter_extracted(self.extraction)}[path]


class _Writer:
    """Collects the values of a document in the order its text prints them."""

    def __init__(self) -> None:
        self.order: list[Extracted[Any]] = []

    def __call__(self, value: Any) -> Extracted[Any] | None:
        if value is None:
            return None
        found: Extracted[Any] = Extracted(value)
        self.order.append(found)
        return found

    def finish(self, name: str, extraction: Extraction,
               change: Mapping[str, Any] | None) -> Built:
        paths = {id(at.value): at.path for at in iter_extracted(extraction)}
        change = dict(change or {})
        unknown = set(change) - set(paths.values())
        if unknown:
            raise KeyError(f"{name} holds no value at {sorted(unknown)}")
        lines: list[str] = []
        length = 0
        placed: list[tuple[str, Extracted[Any] | None]] = []
        for found in self.order:
            path = paths[id(found)]
            value, status, reason = change.get(path, found.value), ReadStatus.EXACT, None
            if isinstance(value, Read):
                value, status, reason = value.value, value.status, value.reason
            if value is None:
                placed.append((path, None))
                continue
            label = f"{path} : "
            printed = printed_as(value)
            start = length + len(label)
            lines.append(label + printed + "\n")
            length += len(label) + len(printed) + 1
            placed.append((path, Extracted.at(value, start, start + len(printed), status,
                                              reason)))
        text = "".join(lines)
        source = read_bytes(text.encode("utf-8"), name)
        assert source.text == text  # the offsets written are the reader's
        for path, found in placed:
            set_at(extraction, path, None if found is None else source.anchor(found))
        return Built(name, source, extraction)


def printed_as(value: Any) -> str:
    """How a value is printed in the built text (amounts with cents, in the French way)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        grouped = f"{abs(value):,.2f}".replace(",", " ").replace(".", ",")
        return f"{'-' if value < 0 else ''}{grouped} €"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "-".join(str(v) for v in value)
    return str(getattr(value, "value", value))


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def set_at(root: Any, path: str, value: Any) -> None:
    """Set the value at a positional path (`actions[1].budget.state`)."""
    steps = [int(i) if i else n for n, i in _STEP.findall(path)]
    obj = root
    for step in steps[:-1]:
        obj = obj[step] if isinstance(step, int) else getattr(obj, step)
    last = steps[-1]
    if isinstance(last, int):
        obj[last] = value
    else:
        setattr(obj, last, value)


def _block(v: _Writer, kind: DocumentKind, year: int | None, number: int | None,
           period: Sequence[int] | None, territory: Sequence[str | None],
           deliberation: dt.date | None, signed: dt.date | None,
           funding: tuple[float | None, float | None, float | None]) -> DocumentBlock:
    kind_of, name, code = territory
    amount, carryover, total = funding
    return DocumentBlock(
        kind=v(kind), amendment_number=v(number), exercise_year=v(year),
        convention_period=v(list(period) if period else None),
        territory=Territory(v(kind_of), v(name), v(code)), redacted=v(False),
        state_signatory=Signatory(v("Hortense VALMORIN"), v("Préfète de la Vendée")),
        territory_signatory=Signatory(v("Armand QUERVILLE"),
                                      v("Président du Conseil départemental")),
        deliberation=Deliberation(v("Conseil départemental"), v(deliberation)),
        signature=Signature(v("La Roche-sur-Yon") if signed else None, v(signed)),
        state_funding=StateFunding(v(amount), v(carryover), v(total)))


def _actions(v: _Writer, fiches: Sequence[Fiche], year: int,
             report: bool = False) -> list[Action]:
    actions = []
    for f in fiches:
        budget = Budget(v(year), v(f.state), v(f.territory), v(f.other), v(f.total))
        execution = Execution(v(f.engaged), v(f.consumed), v(f.requested)) if report else None
        actions.append(Action(ref=v(f.ref), section=v(f.section), title=v(f.title),
                              budget=budget, execution=execution))
    return actions


def _sum(fiches: Sequence[Fiche], part: str) -> float | None:
    values = [getattr(f, part) for f in fiches]
    if all(x is None for x in values):
        return None
    return round(sum(x or 0.0 for x in values), 2)


def _table(v: _Writer, fiches: Sequence[Fiche], columns: Sequence[str],
           subtotals: Sequence[tuple[int, int]] = ()) -> FinancialSummary:
    rows: list[SummaryRow] = []
    subs: list[SummaryRow] = []

    def amounts(group: Sequence[Fiche]) -> dict[str, Any]:
        return {c: v(_sum(group, c)) for c in columns}

    ends = {end: (start, end) for start, end in subtotals}
    for i, f in enumerate(fiches):
        rows.append(SummaryRow(label=v(f.title), action_ref=v(f.ref),
                               **{c: v(getattr(f, c)) for c in columns}))
        if i + 1 in ends:
            start, end = ends[i + 1]
            subs.append(SummaryRow(label=v(f"Sous-total des fiches {start + 1} à {end}"),
                                   **amounts(fiches[start:end])))
    total = SummaryAmounts(**amounts(fiches))
    return FinancialSummary(rows=rows, total=total, subtotals=subs)


def convention(year: int = 2019, period: Sequence[int] | None = (2019, 2021),
               fiches: Sequence[Fiche] = FICHES_2019, change: Mapping[str, Any] | None = None,
               name: str | None = None, territory: Sequence[str | None] = TERRITORY,
               deliberation: dt.date | None = dt.date(2019, 6, 14),
               signed: dt.date | None = dt.date(2019, 7, 2)) -> Built:
    """The convention: its articles' State credits are its fiches' State parts."""
    v = _Writer()
    block = _block(v, DocumentKind.CONVENTION, year, None, period, territory, deliberation,
                   signed, (_sum(fiches, "state"), None, None))
    actions = _actions(v, fiches, year)
    table = _table(v, fiches, ("state", "territory", "other", "total"), SUBTOTALS)
    extraction = Extraction(name or f"convention_{year}.txt", block, actions, table)
    return v.finish(extraction.source, extraction, change)


def avenant(year: int = 2020, number: int | None = 1, period: Sequence[int] | None = (2019, 2021),
            fiches: Sequence[Fiche] = FICHES_2020, carryover: float | None = CARRYOVER_2019,
            change: Mapping[str, Any] | None = None, name: str | None = None,
            territory: Sequence[str | None] = TERRITORY,
            deliberation: dt.date | None = dt.date(2020, 6, 19),
            signed: dt.date | None = dt.date(2020, 9, 10)) -> Built:
    """The avenant of `year`: new credits (its fiches' State parts) and the carryover of the
    year before, in its articles and in its table's carryover column."""
    v = _Writer()
    amount = _sum(fiches, "state")
    total = round(amount + carryover, 2) if amount is not None and carryover else None
    block = _block(v, DocumentKind.AMENDMENT, year, number, period, territory, deliberation,
                   signed, (amount, carryover, total))
    actions = _actions(v, fiches, year)
    columns = ("state", "territory", "other", "total", "carryover")
    table = _table(v, fiches, columns if carryover else columns[:-1], SUBTOTALS)
    extraction = Extraction(name or f"avenant_{number}_{year}.txt", block, actions, table)
    return v.finish(extraction.source, extraction, change)


def report(year: int = 2019, fiches: Sequence[Fiche] = EXECUTION_2019,
           change: Mapping[str, Any] | None = None, name: str | None = None,
           territory: Sequence[str | None] = TERRITORY,
           deliberation: dt.date | None = dt.date(2020, 6, 12),
           signed: dt.date | None = None) -> Built:
    """The execution report on `year`: planned budgets, engaged, consumed, carryover asked."""
    v = _Writer()
    block = _block(v, DocumentKind.EXECUTION_REPORT, year, None, None, territory, deliberation,
                   signed, (None, None, None))
    actions = _actions(v, fiches, year, report=True)
    table = FinancialSummary()
    rows = []
    for f in fiches:
        rows.append(SummaryRow(label=v(f.title), action_ref=v(f.ref), total=v(f.total),
                               state=v(f.state), consumed=v(f.consumed), carryover=v(f.requested)))
    table.rows = rows
    table.total = SummaryAmounts(total=v(_sum(fiches, "total")), state=v(_sum(fiches, "state")),
                                 consumed=v(_sum(fiches, "consumed")),
                                 carryover=v(_sum(fiches, "requested")))
    extraction = Extraction(name or f"rapport_{year}.txt", block, actions, table)
    return v.finish(extraction.source, extraction, change)


def dossier() -> list[Built]:
    """The consistent dossier: convention 2019 (2019-2021), avenant n°1 2020, report 2019."""
    return [convention(), avenant(), report()]


# --- reading what the checks said -----------------------------------------------------------


def findings(*built: Built, settings: CheckSettings | None = None,
             dossier: bool = True) -> list[Finding]:
    """What the checks find on these documents, with the default settings unless given."""
    return check_documents([b.checked() for b in built], settings or CheckSettings(), dossier)


def rules_of(findings: Sequence[Finding]) -> set[str]:
    return {f.rule for f in findings}


def only(findings: Sequence[Finding], rule: str) -> Finding:
    """The one finding of `rule` (fails if there are none or several)."""
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, f"{len(found)} findings of {rule}: {[f.message for f in found]}"
    return found[0]


def assert_cites(finding: Finding, built: Built | Sequence[Built], paths: Sequence[str]) -> None:
    """The finding cites exactly these values of the built documents (`name:path`, or `path`
    with one document), each with its stable key, its value and its evidence in the text."""
    docs = [built] if isinstance(built, Built) else list(built)
    by_name = {b.name: b for b in docs}
    expected = set()
    for p in paths:
        name, _, path = p.rpartition(":") if ":" in p and len(docs) > 1 else ("", "", p)
        b = by_name[name] if name else docs[0]
        expected.add((b.name, b.key(path)))
        found = b.at(path)
        cited = [c for c in finding.cited if c.document.name == b.name and c.key == b.key(path)]
        assert cited, f"{finding.rule} does not cite {p}"
        [c] = cited
        assert c.value == found.value and c.status == found.status and c.reason == found.reason
        assert c.evidence, f"{p} cited without evidence"
        for ev in c.evidence:
            assert ev.text == b.source.text[ev.start:ev.end] == printed_as(found.value)
            assert (ev.start, ev.end) == found.spans[0]
    assert {(c.document.name, c.key) for c in finding.cited} == expected


def fires(rule_id: str) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """The decorated test returns findings (or rule ids) among which `rule_id` must be;
    test_registry.py reads these decorators to know every rule is tested both ways."""
    return _expecting(rule_id, True)


def quiet(rule_id: str) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """The decorated test returns findings (or rule ids) among which `rule_id` must not be."""
    return _expecting(rule_id, False)


def _expecting(rule_id: str, present: bool) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    def wrap(test: Callable[..., Any]) -> Callable[..., None]:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> None:
            found = test(*args, **kwargs)
            assert found is not None, f"{test.__name__} returned nothing to look in"
            ids = {f if isinstance(f, str) else f.rule for f in found}
            if present:
                assert rule_id in ids, f"{rule_id} did not fire: {sorted(ids)}"
            else:
                assert rule_id not in ids, f"{rule_id} fired: " + "; ".join(
                    f.message for f in found if not isinstance(f, str) and f.rule == rule_id)
        return run
    return wrap
