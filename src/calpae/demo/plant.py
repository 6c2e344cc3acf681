"""Plant inconsistencies in a clean dossier, each recorded with the rule id its check uses.

Every rule has its opportunities (a document, or the dossier) visited in a fixed order; each is
taken with probability `rate` from a generator seeded by the corpus seed and the territory, so
that the same seed plants the same findings. A plant changes what the documents state (never the
clean plan's other figures), and `values["implies"]` lists the rules that fire with it by
necessity (changing a table's total makes it differ from the rows *or* from the articles).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from calpae.demo.dossier import round_money, totals_of
from calpae.demo.plan import AVENANT, REPORT, Action, Document, Dossier
from calpae.demo.styles.common import euros, long_date

RULES = (
    "cofinancing.overall", "cofinancing.action", "articles.state_vs_table",
    "articles.carryover_vs_table", "action.sum", "table.row_vs_action", "table.total_vs_rows",
    "actions.state_vs_articles", "execution.consumed_vs_engaged", "execution.engaged_vs_planned",
    "execution.carryover_requested", "dates.deliberation_after_signature", "dates.report_late",
    "dates.amendment_year", "dossier.carryover_vs_report", "dossier.missing_report",
    "dossier.amendment_numbering", "identity.duplicate",
)


@dataclass(slots=True)
class Planted:
    rule: str
    territory_code: str
    docs: list[Document]
    detail: str
    values: dict = field(default_factory=dict)


def _delta(rng: random.Random, base: float) -> float:
    """A difference a reader would notice: 1 to 8 % of base, at least 500 €, now and then with
    cents (a conversion slip)."""
    d = max(500.0, round(base * rng.uniform(0.01, 0.08) / 100) * 100)
    return round_money(d + (rng.choice((0.0, 0.0, 0.96, 0.04)) if rng.random() < 0.3 else 0))


def _table(doc: Document, column: str) -> bool:
    return column in (doc.layout.get("table") or ())


def _free(doc: Document, rng: random.Random, ok=lambda a: True) -> Action | None:
    touched = doc.layout.setdefault("touched", [])
    candidates = [a for a in doc.actions if a.ref not in touched and ok(a)]
    if not candidates:
        return None
    chosen = rng.choice(candidates)
    touched.append(chosen.ref)
    return chosen


def _row(doc: Document, action: Action):
    return next(r for r in doc.rows if r.ref == action.ref)


def _retotal(doc: Document) -> None:
    doc.table_total = totals_of(doc.rows)


class Planter:
    def __init__(self, dossier: Dossier, rng: random.Random) -> None:
        self.dossier, self.rng = dossier, rng
        self.code = dossier.place.code
        self.found: list[Planted] = []

    def note(self, rule: str, docs: list[Document], detail: str, **values) -> None:
        self.found.append(Planted(rule, self.code, docs, detail, values))

    # ------------------------------------------------------------ one document
    def cofinancing_overall(self, doc: Document) -> None:
        for a in (a for a in doc.actions if a.territory):
            a.territory = float(round(a.state * self.rng.uniform(0.6, 0.9) / 100) * 100)
            a.fix_total()
            row = _row(doc, a)
            row.territory, row.total = a.territory, a.total
        _retotal(doc)
        self.note("cofinancing.overall", [doc], "La part du Département "
                  f"({euros(doc.table_total.territory)}) est inférieure à celle de l'État "
                  f"({euros(doc.table_total.state)}).", territory=doc.table_total.territory,
                  state=doc.table_total.state)

    def cofinancing_action(self, doc: Document) -> None:
        spare = doc.table_total.territory - doc.table_total.state
        a = _free(doc, self.rng, lambda a: a.territory <= spare)
        if a is None:
            return
        a.territory = 0.0
        a.fix_total()
        row = _row(doc, a)
        row.territory, row.total = 0.0, a.total
        _retotal(doc)
        self.note("cofinancing.action", [doc], f"L'action {a.ref} est financée à 100 % par "
                  "l'État.", ref=a.ref, state=a.state, total=a.total)

    def articles_state_vs_table(self, doc: Document) -> None:
        d = _delta(self.rng, doc.state_amount) * self.rng.choice((1, -1))
        doc.state_amount = round_money(doc.state_amount + d)
        self.note("articles.state_vs_table", [doc], f"Les articles fixent la part de l'État à "
                  f"{euros(doc.state_amount)}, le tableau financier à "
                  f"{euros(doc.table_total.state)}.", articles=doc.state_amount,
                  table=doc.table_total.state, implies=["actions.state_vs_articles"])

    def articles_carryover_vs_table(self, doc: Document) -> None:
        d = _delta(self.rng, doc.carryover or 0)
        row = max(doc.rows, key=lambda r: r.carryover)
        row.carryover = round_money(row.carryover + d)
        _retotal(doc)
        self.note("articles.carryover_vs_table", [doc], f"Les articles reportent "
                  f"{euros(doc.carryover or 0)}, la colonne de report du tableau totalise "
                  f"{euros(doc.table_total.carryover)}.", articles=doc.carryover,
                  table=doc.table_total.carryover)

    def action_sum(self, doc: Document) -> None:
        a = _free(doc, self.rng)
        if a is None:
            return
        right = a.total
        a.total = round_money(a.total + _delta(self.rng, a.total) * self.rng.choice((1, -1)))
        self.note("action.sum", [doc], f"Fiche {a.ref} : État + Département + autres = "
                  f"{euros(right)}, la fiche annonce un budget global de {euros(a.total)}.",
                  ref=a.ref, state=a.state, territory=a.territory, other=a.other,
                  total=a.total)

    def table_row_vs_action(self, doc: Document) -> None:
        for section in ("socle", "initiative"):
            part = [a for a in doc.actions if a.section == section
                    and a.ref not in doc.layout.get("touched", []) and a.territory > 0]
            if len(part) >= 2:
                break
        else:
            return
        first, second = self.rng.sample(part, 2)
        doc.layout.setdefault("touched", []).extend([first.ref, second.ref])
        d = min(_delta(self.rng, min(first.state, second.state)),
                round(min(first.state, second.state) * 0.05) or 1)
        for action, sign in ((first, 1), (second, -1)):
            row = _row(doc, action)
            row.state = round_money(row.state + sign * d)
            row.territory = round_money(row.territory - sign * d)
        self.note("table.row_vs_action", [doc], f"Les lignes du tableau des actions {first.ref} "
                  f"et {second.ref} n'ont pas la part de l'État de leurs fiches (écart de "
                  f"{euros(d)}).", refs=[first.ref, second.ref],
                  fiche_state=[first.state, second.state],
                  row_state=[_row(doc, first).state, _row(doc, second).state])

    def table_total_vs_rows(self, doc: Document) -> None:
        rows = round_money(sum(r.state for r in doc.rows))
        doc.table_total.state = round_money(doc.table_total.state + _delta(self.rng, rows))
        self.note("table.total_vs_rows", [doc], f"Le total État du tableau "
                  f"({euros(doc.table_total.state)}) n'est pas la somme des lignes "
                  f"({euros(rows)}).", total=doc.table_total.state, rows=rows,
                  implies=["articles.state_vs_table"])

    def actions_state_vs_articles(self, doc: Document) -> None:
        a = _free(doc, self.rng, lambda a: a.territory > 0)
        if a is None:
            return
        d = min(_delta(self.rng, a.state), round(a.territory * 0.05) or 1)
        a.state, a.territory = round_money(a.state + d), round_money(a.territory - d)
        fiches = round_money(sum(x.state for x in doc.actions))
        self.note("actions.state_vs_articles", [doc], f"Les fiches totalisent "
                  f"{euros(fiches)} de part État, les articles {euros(doc.state_amount)}.",
                  fiches=fiches, articles=doc.state_amount, ref=a.ref,
                  implies=["table.row_vs_action"] if _table(doc, "state") else [])

    def consumed_vs_engaged(self, doc: Document) -> None:
        a = _free(doc, self.rng, lambda a: (a.consumed or 0) > 10_000)
        if a is None:
            return
        a.engaged = round_money((a.consumed or 0) - _delta(self.rng, a.consumed or 0))
        self.note("execution.consumed_vs_engaged", [doc], f"Action {a.ref} : "
                  f"{euros(a.consumed)} consommés pour {euros(a.engaged)} engagés.",
                  ref=a.ref, engaged=a.engaged, consumed=a.consumed)

    def engaged_vs_planned(self, doc: Document) -> None:
        a = _free(doc, self.rng)
        if a is None:
            return
        a.engaged = round_money(a.total + _delta(self.rng, a.total))
        self.note("execution.engaged_vs_planned", [doc], f"Action {a.ref} : {euros(a.engaged)} "
                  f"engagés pour un budget prévu de {euros(a.total)}.", ref=a.ref,
                  engaged=a.engaged, planned=a.total)

    def carryover_requested(self, doc: Document) -> None:
        a = _free(doc, self.rng)
        if a is None:
            return
        d = _delta(self.rng, a.total)
        a.carryover_requested = round_money((a.carryover_requested or 0) + d)
        row = _row(doc, a)
        row.carryover = a.carryover_requested
        _retotal(doc)
        doc.unconsumed = doc.table_total.carryover
        self._carry_forward(doc.year + 1, d)
        self.note("execution.carryover_requested", [doc], f"Action {a.ref} : report demandé "
                  f"de {euros(a.carryover_requested)} au lieu de "
                  f"{euros(round_money(a.total - (a.consumed or 0)))} (prévu − consommé).",
                  ref=a.ref, planned=a.total, consumed=a.consumed,
                  carryover_requested=a.carryover_requested)

    def _carry_forward(self, year: int, d: float) -> None:
        """The avenant of `year` (and the report on it) carry d more, as the report asks."""
        for doc in self.dossier.documents:
            if doc.year == year and doc.kind == AVENANT:
                doc.carryover = round_money((doc.carryover or 0) + d)
                row = max(doc.rows, key=lambda r: r.carryover)
                row.carryover = round_money(row.carryover + d)
                next(a for a in doc.actions if a.ref == row.ref).carryover = row.carryover
                _retotal(doc)
            elif doc.year == year and doc.kind == REPORT and doc.carryover is not None:
                doc.carryover = round_money(doc.carryover + d)

    def deliberation_after_signature(self, doc: Document) -> None:
        latest = date(doc.signature_date.year, 12, 31)
        days = min(self.rng.randint(3, 20), (latest - doc.signature_date).days)
        if days <= 0:
            return
        doc.deliberation_date = doc.signature_date + timedelta(days=days)
        for basis in doc.legal_bases:
            if basis.kind == "deliberation":
                basis.date = doc.deliberation_date
        self.note("dates.deliberation_after_signature", [doc], "La délibération "
                  f"({long_date(doc.deliberation_date)}) est postérieure à la signature "
                  f"({long_date(doc.signature_date)}).",
                  deliberation=doc.deliberation_date.isoformat(),
                  signature=doc.signature_date.isoformat())

    def report_late(self, doc: Document) -> None:
        deadline = doc.deadline
        assert deadline is not None
        doc.signature_date = deadline + timedelta(days=self.rng.randint(5, 60))
        doc.deliberation_date = doc.signature_date - timedelta(days=self.rng.randint(2, 10))
        self.note("dates.report_late", [doc], f"Le rapport sur {doc.year} est signé le "
                  f"{long_date(doc.signature_date)}, après l'échéance du "
                  f"{long_date(deadline)}.", signature=doc.signature_date.isoformat(),
                  deadline=deadline.isoformat())

    def amendment_year(self, doc: Document) -> None:
        doc.signature_date = date(doc.year + 1, self.rng.randint(1, 2), self.rng.randint(1, 28))
        for other in self.dossier.documents:
            for basis in other.legal_bases:
                if basis.kind == "avenant" and basis.number == doc.amendment_number:
                    basis.date = doc.signature_date
        self.note("dates.amendment_year", [doc], f"L'avenant {doc.year} est signé le "
                  f"{long_date(doc.signature_date)}.", year=doc.year,
                  signature=doc.signature_date.isoformat())

    # ------------------------------------------------------------ the dossier
    def carryover_vs_report(self, doc: Document, report: Document) -> None:
        d = _delta(self.rng, doc.carryover or doc.state_amount) * self.rng.choice((1, -1))
        if (doc.carryover or 0) + d < 0:
            d = -d
        self._carry_forward(doc.year, d)
        self.note("dossier.carryover_vs_report", [doc, report], f"L'avenant {doc.year} reporte "
                  f"{euros(doc.carryover or 0)}, le rapport sur {report.year} fait état de "
                  f"{euros(report.unconsumed or 0)} non consommés.", avenant=doc.carryover,
                  report=report.unconsumed)

    def amendment_numbering(self, doc: Document) -> None:
        doc.amendment_number = 3
        self.note("dossier.amendment_numbering", [doc], f"L'avenant {doc.year} est numéroté "
                  "n°3 au lieu de n°2.", year=doc.year, number=3, expected_number=2)
