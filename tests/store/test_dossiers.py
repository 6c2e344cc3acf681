"""After a document is stored: its copies linked, the documents in force marked, and the
territory's findings recomputed, each kept by its identity."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from calpae.pipeline import IngestStatus, ingest_paths
from calpae.process import extract_file
from calpae.store import open_store, save_extraction
from calpae.store.dossiers import link_copies, refresh_territory
from calpae.store.models import (
    Document,
    ExtractedValue,
    Finding,
    FindingDocument,
    SourceFile,
    SourceText,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/checks (importlib mode)

from checks.builders import Built, avenant, convention, fires, quiet, report

UNSEEN = Path(__file__).resolve().parents[1] / "unseen" / "docs"


def store(sessions: sessionmaker[Session], *built: Built) -> None:
    """Save each built document and refresh its territory, as an ingest does."""
    for b in built:
        with sessions.begin() as session:
            row = save_extraction(session, b.source, b.extraction)
            assert row.document is not None
            refresh_territory(session, row.document.territory_key)


def documents(session: Session) -> dict[str, Document]:
    return {d.source_file.name: d for d in session.scalars(select(Document))}


def findings_of(session: Session) -> dict[str, Finding]:
    return {f.identity: f for f in session.scalars(select(Finding))}


# --- documents in force ---------------------------------------------------------------------


def redacted_copy(name: str) -> Built:
    return convention(name=name, change={"document.redacted": True,
                                         "document.state_signatory.name": "Xxxxxxx XXXXXXX",
                                         "document.territory_signatory.name": "Xxxxxx XXXXXXXX"})


def effective_dossier() -> list[Built]:
    return [convention(), avenant(), report(),
            avenant(number=2, name="avenant_2_2020.txt"),
            redacted_copy("convention_2019_caviardee.txt"),
            convention(name="inconnu_2019.txt", change={"document.kind": None,
                                                        "document.convention_period": None})]


@pytest.mark.parametrize("order", ["ingested in order", "ingested backwards"])
def test_the_latest_avenant_of_a_year_else_the_convention_is_in_force(
        sessions: sessionmaker[Session], order):
    built = effective_dossier()
    store(sessions, *(built if order == "ingested in order" else reversed(built)))
    with sessions() as session:
        effective = {name: d.effective for name, d in documents(session).items()}
        copy = documents(session)["convention_2019_caviardee.txt"]
        original = documents(session)["convention_2019.txt"]
        assert copy.duplicate_of_id == original.id and original.duplicate_of_id is None
    assert effective == {
        "convention_2019.txt": True,  # no avenant for 2019
        "avenant_1_2020.txt": False,  # superseded by n°2 of the same year
        "avenant_2_2020.txt": True,
        "rapport_2019.txt": True,  # a report is in force for its year
        "convention_2019_caviardee.txt": False,  # a copy never is
        "inconnu_2019.txt": False,  # nor a document of unknown kind
    }


def test_each_territory_has_its_own_documents_in_force(sessions: sessionmaker[Session]):
    other = ("departement", "Cantal", "15")
    store(sessions, convention(), avenant(), convention(territory=other, name="cantal.txt"))
    with sessions() as session:
        effective = {name: d.effective for name, d in documents(session).items()}
    assert effective == {"convention_2019.txt": True, "avenant_1_2020.txt": True,
                         "cantal.txt": True}


# --- findings kept by their identity --------------------------------------------------------


OFF_TABLE = {"financial_summary.total.state": 634_720.45}


def test_findings_are_stored_with_their_documents_and_cited_values(
        sessions: sessionmaker[Session]):
    store(sessions, convention(change=OFF_TABLE), avenant())
    with sessions() as session:
        rows = findings_of(session)
        docs = documents(session)
        [article] = [f for f in rows.values() if f.rule == "articles.state_vs_table"]
        assert (article.severity, article.territory_key, article.year) == ("erreur", "85", 2019)
        assert [d.source_file.name for d in article.documents] == ["convention_2019.txt"]
        assert [c["key"] for c in article.cited] == ["document.state_funding.amount",
                                                     "financial_summary.total.state"]
        assert article.cited[1]["value"] == 634_720.45
        assert article.cited[1]["document"] == {"id": docs["convention_2019.txt"].id,
                                                "name": "convention_2019.txt"}
        [evidence] = article.cited[1]["evidence"]
        text = docs["convention_2019.txt"].source_file.text.text
        assert text[evidence["start"]:evidence["end"]] == evidence["text"] == "634 720,45 €"
        changed = [f for f in rows.values() if f.rule == "dossier.action_budget_changed"]
        assert len(changed) == 2 and all(len(f.documents) == 2 for f in changed)
        assert {f.year for f in changed} == {2020}


def test_a_finding_found_again_keeps_its_row_and_one_no_longer_found_goes(
        sessions: sessionmaker[Session]):
    store(sessions, convention(change=OFF_TABLE))
    with sessions() as session:
        before = {i: (f.id, f.first_seen_at, f.rule) for i, f in findings_of(session).items()}
    assert "articles.state_vs_table" in {rule for _id, _at, rule in before.values()}
    store(sessions, avenant(), report())
    with sessions() as session:
        after = findings_of(session)
        for identity, (id_, first_seen, _rule) in before.items():
            assert (after[identity].id, after[identity].first_seen_at) == (id_, first_seen)
        assert len(after) > len(before)
    with sessions.begin() as session:  # the table's total corrected in the store
        conv = documents(session)["convention_2019.txt"]
        session.execute(update(ExtractedValue).where(
            ExtractedValue.document_id == conv.id,
            ExtractedValue.path == "financial_summary.total.state").values(value=634_700.45))
        refresh_territory(session, "85")
    with sessions() as session:
        rules = {f.rule for f in findings_of(session).values()}
        assert "articles.state_vs_table" not in rules and "amounts.digits_disagree" not in rules
        linked = set(session.scalars(select(FindingDocument.finding_id)))
        assert linked <= {f.id for f in findings_of(session).values()}


def test_documents_without_territory_or_values_are_stored_and_checked(
        sessions: sessionmaker[Session]):
    store(sessions, avenant(territory=(None, None, None)),
          report(territory=(None, None, None), change={"document.exercise_year": None}))
    with sessions() as session:
        docs = documents(session)
        assert {d.territory_key for d in docs.values()} == {None}
        assert all(d.duplicate_of_id is None for d in docs.values())


def ingest(factory: sessionmaker[Session], *paths: Path) -> None:
    with factory() as session:
        results = list(ingest_paths(session, list(paths)))
    assert [r.status for r in results] == [IngestStatus.STORED] * len(paths), [
        r.error for r in results]


def test_ingesting_another_document_keeps_the_earlier_finding_rows(tmp_path: Path):
    original = UNSEEN / "b_avenant2_2021_bordeaux_metropole.txt"
    copy = UNSEEN / "f_avenant2_2021_bordeaux_metropole_redacted.txt"
    text = original.read_text(encoding="utf-8")
    next_year = tmp_path / "avenant3_2022.txt"  # the next avenant of the same territory
    next_year.write_text(re.sub(r"AVENANT N° 2", "AVENANT N° 3", text).replace(
        "Exercice 2021", "Exercice 2022").replace("l'année 2021", "l'année 2022"),
        encoding="utf-8")
    with open_store("sqlite:///" + str(tmp_path / "calpae.sqlite3")) as factory:
        ingest(factory, original, copy)
        with factory() as session:
            before = {i: (f.id, f.first_seen_at) for i, f in findings_of(session).items()}
            rules = {f.rule for f in findings_of(session).values()}
            territory = {d.territory_key for d in documents(session).values()}
        assert {"identity.duplicate", "dossier.orphan_amendment"} <= rules
        ingest(factory, next_year)
        with factory() as session:
            after = findings_of(session)
            assert {d.territory_key for d in documents(session).values()} == territory
            assert documents(session)["avenant3_2022.txt"].exercise_year == 2022
    assert set(before) <= set(after)
    assert {i: (after[i].id, after[i].first_seen_at) for i in before} == before
    assert len(after) > len(before)


# --- copies of one document ------------------------------------------------------------------


def masked(name: str) -> str:
    """`Jeanne DU-PONT` -> `Xxxxxx XX-XXXX`: how redaction masks a name."""
    return re.sub(r"[^\W\d_]+", lambda m: "X" * len(m.group()) if m.group().isupper()
                  else "X" + "x" * (len(m.group()) - 1), name)


def redacted_file(source: Path, folder: Path) -> Path:
    """The document with its signatories' names masked, written next to the test's store."""
    _src, extraction = extract_file(source)
    text = source.read_text(encoding="utf-8")
    for signatory in (extraction.document.state_signatory, extraction.document.territory_signatory):
        assert signatory.name is not None and signatory.name.value in text
        text = text.replace(signatory.name.value, masked(signatory.name.value))
    out = folder / f"{source.stem}_caviarde{source.suffix}"
    out.write_text(text, encoding="utf-8")
    return out


AVENANT = UNSEEN / "l_avenant1_2019_nievre.txt"


@fires("identity.duplicate")
@pytest.mark.parametrize("order", ["original first", "redacted first"])
def test_a_redacted_copy_is_linked_to_the_original_which_is_preferred(tmp_path: Path, order):
    copy = redacted_file(AVENANT, tmp_path)
    with open_store("sqlite:///" + str(tmp_path / "calpae.sqlite3")) as factory:
        ingest(factory, *([AVENANT, copy] if order == "original first" else [copy, AVENANT]))
        with factory() as session:
            docs = documents(session)
            original, redacted = docs[AVENANT.name], docs[copy.name]
            assert (original.redacted, redacted.redacted) == (False, True)
            assert redacted.duplicate_of_id == original.id
            assert original.duplicate_of_id is None
            assert (original.effective, redacted.effective) == (True, False)
            assert "l'une des copies est caviardée" in redacted.identity_note
            assert original.identity_note == "Copie retenue parmi 2 fichiers du même document."
            rows = list(session.scalars(select(Finding)))
            [duplicate] = [f for f in rows if f.rule == "identity.duplicate"]
            assert duplicate.severity == "info"
            assert duplicate.message.startswith(f"{copy.name} est une copie de {AVENANT.name}")
            assert {c["document"]["name"] for c in duplicate.cited} == {AVENANT.name, copy.name}
            assert len({c["key"] for c in duplicate.cited}) == 1
            assert len({c["value"] for c in duplicate.cited}) == 1
            assert all(c["evidence"] for c in duplicate.cited)
            assert {d.id for d in duplicate.documents} == {original.id, redacted.id}
            # the copy's own findings are not counted twice
            assert all(redacted.id not in {d.id for d in f.documents}
                       for f in rows if f.rule != "identity.duplicate")
    return rows


def text_export(markdown: str) -> str:
    """The Markdown document as a text export: no heading marks nor bold, tab tables."""
    out = []
    for line in markdown.splitlines():
        if re.match(r"^\s*\|?\s*:?-{3,}", line):
            continue
        if line.strip().startswith("|"):
            out.append("\t".join(c.strip() for c in line.strip().strip("|").split("|")))
        else:
            out.append(re.sub(r"^#+\s*", "", line).replace("**", ""))
    return "\n".join(out) + "\n"


@fires("identity.duplicate")
def test_a_markdown_document_and_its_text_export_are_one_document(tmp_path: Path):
    markdown = UNSEEN / "k_convention_2019_territoire_de_belfort.md"
    export = tmp_path / "convention_export.txt"
    export.write_text(text_export(markdown.read_text(encoding="utf-8")), encoding="utf-8")
    with open_store("sqlite:///" + str(tmp_path / "calpae.sqlite3")) as factory:
        ingest(factory, markdown, export)
        with factory() as session:
            docs = documents(session)
            linked = {docs[markdown.name].duplicate_of_id, docs[export.name].duplicate_of_id}
            assert linked in ({None, docs[markdown.name].id}, {None, docs[export.name].id})
            return list(session.scalars(select(Finding)))


def near_copies(folder: Path) -> dict[str, Path]:
    """The avenant with another territory, another year, or several other amounts."""
    text = AVENANT.read_text(encoding="utf-8")
    _src, extraction = extract_file(AVENANT)
    year = extraction.document.exercise_year.value
    territory = extraction.document.territory.name.value
    totals = [a.budget.total.evidence.text for a in extraction.actions
              if a.budget is not None and a.budget.total is not None][:3]
    amounts = text
    for printed in totals:  # each fiche total's first digit changed, everywhere it is printed
        amounts = amounts.replace(printed, str(int(printed[0]) % 9 + 1) + printed[1:])
    variants = {"territoire": text.replace(territory, "Cher"),
                "exercice": text.replace(str(year), str(year + 1)),
                "montants": amounts}
    paths = {}
    for what, variant in variants.items():
        assert variant != text
        paths[what] = folder / f"avenant_{what}.txt"
        paths[what].write_text(variant, encoding="utf-8")
    return paths


@quiet("identity.duplicate")
def test_near_identical_documents_of_another_territory_year_or_amounts_are_not_linked(
        tmp_path: Path):
    variants = near_copies(tmp_path)
    with open_store("sqlite:///" + str(tmp_path / "calpae.sqlite3")) as factory:
        ingest(factory, AVENANT, *variants.values())
        with factory() as session:
            docs = documents(session)
            assert docs[variants["territoire"].name].territory_key != docs[AVENANT.name] \
                .territory_key
            assert docs[variants["exercice"].name].exercise_year != docs[AVENANT.name] \
                .exercise_year
            assert [d.duplicate_of_id for d in docs.values()] == [None] * 4
            assert [d.identity_note for d in docs.values()] == [None] * 4
            return list(session.scalars(select(Finding)))


def transient(id: int, words: str, redacted: bool, values: int) -> Document:
    """A stored avenant as identity reads it (not in a session)."""
    amounts = [ExtractedValue(path=f"actions[{i}].budget.state", value=1_000.0 * (i + 1))
               for i in range(values)]
    source = SourceFile(name=f"copie_{id}.txt", format="text", reader_notes=[],
                        text=SourceText(text=words, line_count=1))
    return Document(id=id, kind="avenant", territory_key="85", exercise_year=2020,
                    amendment_number=1, redacted=redacted, values=amounts, source_file=source)


def test_copies_alike_to_a_third_but_not_to_each_other_are_linked_without_error():
    """B and C each share 85 % of their words with A but 70 % with each other; B is preferred:
    C is linked though the preferred copy alone would not match it."""
    common = [f"mot{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(100)]
    a = " ".join(common)
    b = " ".join(common[:85] + [f"autre{chr(97 + i)}" for i in range(15)])
    c = " ".join(common[15:] + [f"encore{chr(97 + i)}" for i in range(15)])
    docs = [transient(1, a, True, 5), transient(2, b, False, 5), transient(3, c, True, 5)]
    link_copies(docs)
    assert [d.duplicate_of_id for d in docs] == [2, None, 2]
    assert docs[2].identity_note.startswith("Même document que copie_2.txt (copie retenue)")
