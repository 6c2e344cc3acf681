"""Fiches actions: ref, section, title, the year's budget and, in reports, the execution."""

from __future__ import annotations

from calpae.extract.actions import details as details
from calpae.extract.actions.blocks import Block, build_blocks, implicit_first_block
from calpae.extract.actions.budget import budget_section, read_budget, to_budget
from calpae.extract.actions.carryover import share_carryovers
from calpae.extract.actions.execution import planned_amount, read_execution
from calpae.extract.actions.fields import clean_title
from calpae.extract.actions.headings import find_headings, title_below, title_text
from calpae.extract.actions.years import choose_year, mode_year, section_years, single_years
from calpae.extract.models import Action, DocumentBlock
from calpae.extract.text import folded_span
from calpae.model import Extracted, ReadStatus, SourceDocument

REPORT = "rapport_execution"


_SECTION_REASON = "section non indiquée : le socle par défaut"


def extract_actions(source: SourceDocument, document: DocumentBlock) -> list[Action]:
    """Every fiche action of the document, in document order."""
    blocks = build_blocks(source, find_headings(source))
    implicit = implicit_first_block(source, blocks)
    if implicit is not None:
        blocks.insert(0, implicit)
    report = is_report(source, document)
    hint = _year_hint(source, document, blocks)
    actions = [_action(source, b, report, hint) for b in blocks]
    return _unique_refs(actions)


def is_report(source: SourceDocument, document: DocumentBlock) -> bool:
    if document.kind is not None:
        return document.kind.value == REPORT
    head = folded_span(source, 0, 1500)
    return "rapport d'execution" in head or "rapport de suivi" in head


def _year_hint(source: SourceDocument, document: DocumentBlock, blocks: list[Block]) -> int | None:
    if document.exercise_year is not None:
        return document.exercise_year.value
    years = []
    for b in blocks:
        years.extend(single_years(section_years(source, b.start, b.end)))
    return mode_year(years)


def _action(source: SourceDocument, block: Block, report: bool, hint: int | None) -> Action:
    h = block.heading
    if h.form == "implicit":
        action = Action(ref=Extracted(h.ref, status=ReadStatus.INFERRED,
                                       reason="fiche sans numéro imprimé : numérotée par son rang"))
    else:
        action = Action(ref=source.extracted(h.ref, h.line.start, h.line.end))
    section = block.section or "socle"
    where = block.section_offset
    if block.section and where is not None:
        action.section = source.extracted(section, where, source.line_at(where).end)
    elif where is not None:
        action.section = source.extracted(section, where, source.line_at(where).end,
                                          ReadStatus.INFERRED, _SECTION_REASON)
    else:
        action.section = Extracted(section, status=ReadStatus.INFERRED, reason=_SECTION_REASON)
    action.title = _title(source, block)
    if h.form != "implicit":
        heading_text, _ = clean_title(source.line_text(h.line))
        action.heading = source.extracted(heading_text, h.line.start, h.line.end)
    action.budget = _budget(source, block, report, hint)
    if report:
        action.execution = read_execution(source, block.start, block.end)
        _planned_total(source, block, action, hint)
    _details(source, block, action)
    return action


def _title(source: SourceDocument, block: Block) -> Extracted[str] | None:
    span = title_text(source, block.heading)
    title = details.cleaned(source, *span) if span is not None else None
    if title is not None or block.heading.form == "implicit":
        return title
    found = (details.intitule(source, block.start, block.end)
             or details.measure_title(source, block.start, block.end))
    if found is not None:
        return found
    below = title_below(source, block.heading)
    return details.cleaned(source, *below) if below is not None else None


def _budget(source: SourceDocument, block: Block, report: bool, hint: int | None):
    section = budget_section(source, block.start, block.end)
    area = section or (block.start, block.end)
    year = choose_year(section_years(source, *area), hint)
    values = read_budget(source, *area, year.value if year else hint)
    if report and not values and year is None:
        return None
    budget = to_budget(source, values, year, hint)
    carried = share_carryovers(source, *area)
    budget.state_carryover = carried.get("state")
    budget.territory_carryover = carried.get("territory")
    return budget


def _planned_total(source: SourceDocument, block: Block, action: Action,
                   hint: int | None) -> None:
    """A report's fiche without a stated total: the planned figure of its execution table."""
    if action.budget is not None and action.budget.total is not None:
        return
    planned = planned_amount(source, block.start, block.end)
    if planned is None:
        return
    if action.budget is None:
        action.budget = to_budget(source, {}, None, hint)
    action.budget.total = source.anchor(planned)


def _details(source: SourceDocument, block: Block, action: Action) -> None:
    s, e = block.start, block.end
    action.measure = details.measure(source, s, e)
    action.description = details.part_text(source, s, e, "description")
    action.start_date = details.part_text(source, s, e, "date", limit=300)
    action.duration = details.part_text(source, s, e, "duree", limit=300)
    partners = details.part_text(source, s, e, "partenaires", limit=500)
    action.partners = [partners] if partners else []
    action.fapi = details.fapi(source, s, e)
    action.cofinancers = details.cofinancers(source, s, e)
    action.indicators = details.indicators(source, s, e)


def _unique_refs(actions: list[Action]) -> list[Action]:
    """Prefix initiative refs with "I-" where the document reuses socle numbers, then make any
    remaining duplicate unique."""
    def ref(a: Action) -> str:
        return a.ref.value if a.ref else ""

    def section(a: Action) -> str:
        return a.section.value if a.section else ""

    socle = {ref(a) for a in actions if section(a) != "initiative"}
    if any(ref(a) in socle for a in actions if section(a) == "initiative"):
        for a in actions:
            if section(a) == "initiative" and a.ref is not None:
                a.ref = a.ref.but(value="I-" + a.ref.value, status=ReadStatus.INFERRED,
                                  reason="préfixe I- : le document réutilise les numéros du socle")
    seen: dict[str, int] = {}
    for a in actions:
        if a.ref is None:
            continue
        n = seen.get(a.ref.value, 0)
        seen[a.ref.value] = n + 1
        if n:
            a.ref = a.ref.but(value=f"{a.ref.value}-{n + 1}", status=ReadStatus.INFERRED,
                              reason="numéro déjà pris par une autre fiche : suffixe ajouté")
    return actions
