"""Saving an extraction: every extracted value with its evidence, and the source text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calpae.extract.models import Action, Budget, DocumentBlock, Extraction, Territory
from calpae.model import Extracted, ReadStatus
from calpae.readers import read_bytes
from calpae.store import ExtractedValue, SourceFile, find_source, list_documents, save_extraction

TEXT = "Avenant n°2 à la convention\nDépartement de Nulle-Part\nPart Etat : 1 000 €\n"


def small_extraction():
    source = read_bytes(TEXT.encode(), "avenant.txt")
    amount_at = source.text.index("1 000")
    place_at = source.text.index("Nulle-Part")
    document = DocumentBlock(
        kind=source.extracted("avenant", 0, 7),
        exercise_year=source.extracted(2020, 0, 7, ReadStatus.INFERRED),
        territory=Territory(name=source.extracted("Nulle-Part", place_at, place_at + 10)),
        base_convention_date=source.extracted(dt.date(2019, 6, 26), 0, 7),
    )
    actions = [Action(budget=Budget(state=source.extracted(1000.0, amount_at, amount_at + 7)))]
    return source, Extraction(source="avenant.txt", document=document, actions=actions)


def test_every_value_is_stored_with_its_evidence(sessions: sessionmaker[Session]):
    source, extraction = small_extraction()
    with sessions.begin() as session:
        save_extraction(session, source, extraction)
    with sessions() as session:
        values = {v.path: v for v in session.scalars(select(ExtractedValue))}
        stored = find_source(session, source.file.sha256)
        assert stored is not None
        assert stored.text.text == source.text
        assert stored.text.line_count == len(source.lines)
        [document] = list_documents(session)
    assert set(values) == {"document.kind", "document.exercise_year", "document.territory.name",
                           "document.base_convention_date", "actions[0].budget.state"}
    state = values["actions[0].budget.state"]
    assert (state.value, state.status, state.evidence_line) == (1000, "exact", 3)
    assert source.text[state.evidence_start:state.evidence_end] == "1 000 €"
    assert state.evidence_text == "1 000 €"
    assert values["document.exercise_year"].status == "inferred"
    assert values["document.base_convention_date"].value == "2019-06-26"
    assert (document.kind, document.exercise_year, document.territory_name) == (
        "avenant", 2020, "Nulle-Part")
    assert document.action_count == 1
    assert document.calpae_json["actions"][0]["budget"]["state"] == 1000


def test_deleting_a_source_file_deletes_what_hangs_from_it(sessions: sessionmaker[Session]):
    source, extraction = small_extraction()
    with sessions.begin() as session:
        save_extraction(session, source, extraction)
    with sessions.begin() as session:
        session.delete(session.scalars(select(SourceFile)).one())
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExtractedValue)) == 0
        assert list_documents(session) == []


def test_values_keep_their_stable_key_reason_and_parts(sessions: sessionmaker[Session]):
    source, extraction = small_extraction()
    at = source.text.index("1 000")
    part = Extracted.at(1000.0, at, at + 7, ReadStatus.REPAIRED, "symbole abîmé")
    total = source.anchor(Extracted.derived(2000.0, [part, part], "somme"))
    extraction.actions[0].ref = source.extracted("1.2", 0, 7)
    extraction.actions[0].budget.total = total
    with sessions.begin() as session:
        save_extraction(session, source, extraction)
    with sessions() as session:
        values = {v.key: v for v in session.scalars(select(ExtractedValue))}
    stored = values["actions[1.2].budget.total"]
    assert stored.path == "actions[0].budget.total"
    assert (stored.status, stored.reason) == ("inferred", "somme; symbole abîmé")
    assert [p["text"] for p in stored.parts] == ["1 000 €", "1 000 €"]
    assert values["actions[1.2].budget.state"].reason is None
