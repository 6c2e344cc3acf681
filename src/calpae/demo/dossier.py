"""Build one territory's clean dossier (`plan.Dossier`): the fiches of each year, the tables,
the execution of each year and the dates, all coherent (rules in `calpae.demo.plan`)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from calpae.demo.plan import (
    AVENANT,
    CONVENTION,
    REPORT,
    Action,
    Document,
    Dossier,
    LegalBasis,
    Row,
    Totals,
    _day,
    _refs,
    first_actions,
    next_actions,
    person,
    report_deadline,
)
from calpae.demo.territories import Place

# The "Vu …" texts of each exercise: law of finances and instruction (number, date).
LAWS = {2019: ("2018-1317", date(2018, 12, 28)), 2020: ("2019-1479", date(2019, 12, 28)),
        2021: ("2020-1721", date(2020, 12, 29)), 2022: ("2021-1900", date(2021, 12, 30))}
INSTRUCTIONS = {2019: ("DGCS/SD1/2019/24", date(2019, 2, 4)),
                2020: ("DGCS/SD1B/DIPLP/DGEFP/SDPAE/2020/28", date(2020, 2, 12)),
                2021: ("DIPLP/DGCS/SD1B/DGEFP/SDPAE/DPE/2021/23", date(2021, 3, 19)),
                2022: ("DGCS/SD1B/DIPLP/DGEFP/2022/19", date(2022, 1, 19))}
BODIES = ("Commission permanente", "Commission permanente", "Conseil départemental")
NUMBERINGS = ("seq", "seq", "measure", "measure", "restart")


def round_money(value: float) -> float:
    return round(value, 2)


def table_of(doc: Document) -> None:
    """The financial table agreeing with the fiches: one row per fiche, the total row summing."""
    doc.rows = [Row(a.ref, a.label, a.section, a.total, a.state, a.territory, a.carryover,
                    a.other, a.consumed) for a in doc.actions]
    doc.table_total = totals_of(doc.rows)


def totals_of(rows: list[Row]) -> Totals:
    consumed = [r.consumed for r in rows if r.consumed is not None]
    return Totals(
        total=round_money(sum(r.total for r in rows)),
        state=round_money(sum(r.state for r in rows)),
        territory=round_money(sum(r.territory for r in rows)),
        carryover=round_money(sum(r.carryover for r in rows)),
        other=round_money(sum(r.other for r in rows)),
        consumed=round_money(sum(consumed)) if consumed else None)


def _spread(rng: random.Random, actions: list[Action], amount: float) -> None:
    """Put a carried-over amount on one to three actions (the table's carryover column)."""
    if amount <= 0:
        return
    chosen = rng.sample(actions, min(len(actions), rng.randint(1, 3)))
    left = amount
    for n, action in enumerate(chosen):
        share = left if n == len(chosen) - 1 else round_money(
            round(amount * rng.uniform(0.2, 0.5) / 10) * 10)
        share = min(share, left)
        action.carryover = round_money(share)
        left = round_money(left - share)


def _execute(rng: random.Random, action: Action) -> None:
    planned = action.total
    engaged = planned if rng.random() < 0.5 else round(planned * rng.uniform(0.8, 0.99))
    if rng.random() < 0.4:
        consumed = engaged
    elif rng.random() < 0.2:
        consumed = round_money(engaged * rng.uniform(0.6, 0.99))
    else:
        consumed = float(round(engaged * rng.uniform(0.6, 0.99)))
    action.engaged, action.consumed = float(engaged), min(consumed, float(engaged))
    action.carryover_requested = round_money(planned - action.consumed)


class _Builder:
    def __init__(self, place: Place, rng: random.Random) -> None:
        self.place, self.rng = place, rng
        self.prefect, self.president = person(rng), person(rng)
        self.numbering = rng.choice(NUMBERINGS)
        self.body = rng.choice(BODIES)
        self.scale = rng.choice((0.4, 0.7, 1.0, 1.5, 2.5, 4.0)) * 1_000_000 * rng.uniform(0.8, 1.2)

    def _doc(self, kind: str, year: int, number: int | None, period: tuple[int, int],
             actions: list[Action], bases: list[LegalBasis], delib: date, signed: date,
             base: date | None, carryover: float | None) -> Document:
        _refs(actions, self.numbering)
        doc = Document(self.place, kind, year, number, period, self.prefect, self.president,
                       bases, base, self.body, delib, signed,
                       round_money(sum(a.state for a in actions)), carryover, actions,
                       numbering=self.numbering)
        table_of(doc)
        return doc

    def _bases(self, year: int, delib: date, extra: list[LegalBasis]) -> list[LegalBasis]:
        law, instruction = LAWS[year], INSTRUCTIONS[year]
        return [LegalBasis("loi", law[0], law[1]),
                LegalBasis("instruction", instruction[0], instruction[1]),
                *extra, LegalBasis("deliberation", None, delib)]

    def convention(self, year: int, actions: list[Action], first: Document | None) -> Document:
        rng = self.rng
        if year == 2019:
            delib = _day(rng, date(2019, 5, 13), date(2019, 7, 5))
        else:
            delib = _day(rng, date(year, 4, 4), date(year, 6, 20))
        signed = delib + timedelta(days=rng.randint(4, 30))
        extra = [LegalBasis("convention", None, first.signature_date)] if first else []
        period = (2019, 2021) if year == 2019 else (year, year)
        return self._doc(CONVENTION, year, None, period, actions, self._bases(year, delib, extra),
                         delib, signed, first.signature_date if first else None, None)

    def avenant(self, year: int, number: int, actions: list[Action], first: Document,
                previous: list[Document], carryover: float) -> Document:
        rng = self.rng
        delib = _day(rng, date(year, 7, 2), date(year, 10, 25))
        signed = min(delib + timedelta(days=rng.randint(5, 40)), date(year, 12, 20))
        extra = [LegalBasis("convention", None, first.signature_date)]
        extra += [LegalBasis("avenant", None, p.signature_date, p.amendment_number)
                  for p in previous]
        _spread(rng, actions, carryover)
        return self._doc(AVENANT, year, number, (2019, 2021), actions,
                         self._bases(year, delib, extra), delib, signed, first.signature_date,
                         carryover)

    def report(self, plan: Document) -> Document:
        rng, year = self.rng, plan.year
        actions = [replace(a) for a in plan.actions]
        for action in actions:
            action.carryover = 0.0
            _execute(rng, action)
        deadline = report_deadline(year)
        delib = _day(rng, deadline - timedelta(days=100), deadline - timedelta(days=20))
        signed = delib + timedelta(days=rng.randint(2, 15))
        doc = Document(self.place, REPORT, year, None, plan.period, self.prefect,
                       self.president, [], None, "Conseil départemental", delib, signed,
                       plan.state_amount, plan.carryover, actions, numbering=plan.numbering)
        for action in doc.actions:
            action.carryover = action.carryover_requested or 0.0
        table_of(doc)
        doc.unconsumed = doc.table_total.carryover
        return doc


def build_dossier(place: Place, rng: random.Random, years: range) -> Dossier:
    """The clean dossier of a territory for the given years (within 2019-2022)."""
    b = _Builder(place, rng)
    documents: list[Document] = []
    actions = first_actions(rng, b.scale)
    first = b.convention(2019, actions, None)
    documents.append(first)
    avenants: list[Document] = []
    plans = {2019: first}
    for number, year in enumerate((2020, 2021), 1):
        if year not in years:
            break
        report = b.report(plans[year - 1])
        documents.append(report)
        actions = next_actions(rng, plans[year - 1].actions, b.scale)
        avenant = b.avenant(year, number, actions, first, avenants, report.unconsumed or 0.0)
        avenants.append(avenant)
        documents.append(avenant)
        plans[year] = avenant
    documents.append(b.report(plans[max(plans)]))
    if 2022 in years and 2021 in plans:
        documents.append(b.convention(2022, next_actions(rng, plans[2021].actions, b.scale,
                                                         drop=True), first))
    documents.sort(key=lambda d: (d.year, d.kind == REPORT))
    return Dossier(place, documents)
