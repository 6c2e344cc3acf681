"""The document page: the text as read, every stored value marked at its evidence, the text
always escaped, and `?constat=` marking exactly the values a finding compares."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calpae.store.models import Document, ExtractedValue, Finding, SourceFile, SourceText

from .conftest import SCRIPT_LINE
from .pagecheck import parse


def stored_spans(db: Session, document_id: int) -> dict[int, tuple[str, int, int]]:
    rows = db.execute(select(ExtractedValue.id, ExtractedValue.key, ExtractedValue.evidence_start,
                             ExtractedValue.evidence_end)
                      .where(ExtractedValue.document_id == document_id,
                             ExtractedValue.evidence_start.is_not(None)))
    return {i: (k, s, e) for i, k, s, e in rows}


def text_of(db: Session, document_id: int) -> str:
    return db.scalar(select(SourceText.text).join(
        Document, Document.source_file_id == SourceText.source_file_id)
        .where(Document.id == document_id))


def documents_with_values(db: Session) -> list[int]:
    return list(db.scalars(select(ExtractedValue.document_id).distinct()
                           .order_by(ExtractedValue.document_id)))


def test_every_stored_value_is_marked_where_it_was_read(client, db: Session):
    checked = 0
    for document_id in documents_with_values(db):
        text = text_of(db, document_id)
        page = parse(client.get(f"/documents/{document_id}").text)
        covered: dict[int, set[int]] = {}
        for mark in page.marks:
            assert text[mark.start:mark.start + len(mark.text)] == mark.text
            assert mark.attrs["data-status"] in {"exact", "repaired", "inferred"}
            for value_id in mark.values:
                covered.setdefault(value_id, set()).update(
                    range(mark.start, mark.start + len(mark.text)))
        for value_id, (key, start, end) in stored_spans(db, document_id).items():
            expected = {i for i in range(start, end) if text[i] != "\n"}
            assert covered.get(value_id, set()) == expected, (document_id, key)
            checked += 1
        keys = {m.attrs["data-key"] for m in page.marks}
        assert keys <= {k for k, _, _ in stored_spans(db, document_id).values()}
    assert checked > 1000


def test_the_text_is_shown_line_by_line_with_numbers(client, db: Session):
    document_id = documents_with_values(db)[0]
    text = text_of(db, document_id)
    page = parse(client.get(f"/documents/{document_id}").text)
    rows = [a["id"] for a in page.with_tag("tr") if a.get("id", "").startswith("L")]
    assert rows == [f"L{n}" for n in range(1, text.count("\n") + 2)]


def test_a_document_holding_html_shows_it_as_text(client, db: Session,
                                                  script_document_id: int):
    assert SCRIPT_LINE in text_of(db, script_document_id)  # stored as read
    response = client.get(f"/documents/{script_document_id}")
    assert response.status_code == 200
    html = response.text
    assert SCRIPT_LINE not in html
    assert "<b>gras</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;" in html
    page = parse(html)
    assert SCRIPT_LINE in page.text  # shown, as text
    assert all(attrs.get("src") and not body.strip() for attrs, body in page.scripts)
    assert not page.with_tag("b")
    data = client.get(f"/documents/{script_document_id}.json").json()
    assert SCRIPT_LINE in data["text"]


def _finding_with_values(db: Session) -> tuple[Finding, int, set[str]]:
    for finding in db.scalars(select(Finding).order_by(Finding.id)):
        by_document: dict[int, set[str]] = {}
        for cited in finding.cited:
            by_document.setdefault(cited["document"]["id"], set()).add(cited["key"])
        for document_id, keys in sorted(by_document.items()):
            if len(keys) >= 2:
                return finding, document_id, keys
    raise AssertionError("no finding compares two values of one document")


def test_constat_marks_exactly_the_values_it_compares(client, db: Session):
    finding, document_id, keys = _finding_with_values(db)
    page = parse(client.get(f"/documents/{document_id}?constat={finding.id}").text)
    ids = {i: k for i, (k, _, _) in stored_spans(db, document_id).items()}
    marked = {ids[i] for m in page.marks if "calpae-mark--cited" in m.classes
              for i in m.values if ids.get(i) in keys}
    assert marked == {k for k in keys if k in ids.values()}
    cited_marks = [m for m in page.marks if "calpae-mark--cited" in m.classes]
    assert all(any(ids[i] in keys for i in m.values) for m in cited_marks)
    rows = {a["data-key"] for a in page.with_tag("tr") if "calpae-value--cited" in a.get(
        "class", "")}
    assert rows == keys
    data = client.get(f"/documents/{document_id}.json?constat={finding.id}").json()
    assert {v["key"] for v in data["values"] if v["cited"]} == keys
    assert data["finding"]["id"] == finding.id
    assert " ".join(finding.message.split()) in page.text
    plain = parse(client.get(f"/documents/{document_id}").text)
    assert not [m for m in plain.marks if "calpae-mark--cited" in m.classes]


def test_the_values_panel_lists_every_value(client, db: Session):
    document_id = documents_with_values(db)[0]
    page = parse(client.get(f"/documents/{document_id}").text)
    listed = {a["data-key"] for a in page.with_tag("tr") if "data-key" in a}
    stored = set(db.scalars(select(ExtractedValue.key).where(
        ExtractedValue.document_id == document_id)))
    assert listed == stored
    buttons = [a for a in page.with_tag("button") if "data-select" in a]
    assert len(buttons) == len(stored)


def test_a_copy_links_to_the_copy_kept(client, db: Session):
    copy_id, kept_id = db.execute(select(Document.id, Document.duplicate_of_id).where(
        Document.duplicate_of_id.is_not(None)).limit(1)).one()
    page = parse(client.get(f"/documents/{copy_id}").text)
    assert f"/documents/{kept_id}" in {a.get("href") for a in page.with_tag("a")}
    kept = client.get(f"/documents/{kept_id}.json").json()
    assert copy_id in {c["id"] for c in kept["copies"]}


@pytest.mark.parametrize("url", ["/documents/999999", "/documents/999999.json",
                                 "/documents/abc", "/documents/1?constat=999999"])
def test_unknown_document_or_finding_is_404(client, url: str):
    assert client.get(url).status_code == 404


def test_document_count_matches(client, db: Session):
    assert db.scalar(select(func.count(SourceFile.id))) == db.scalar(
        select(func.count(Document.id)))


def test_each_value_says_which_findings_compare_it_and_whether_it_is_counted(client, db):
    checked = 0
    for finding in db.scalars(select(Finding).order_by(Finding.id)):
        for cited in finding.cited or ():
            doc = (cited.get("document") or {}).get("id")
            if doc is None:
                continue
            data = client.get(f"/documents/{doc}.json").json()
            rows = [v for v in data["values"] if v["key"] == cited["key"]]
            assert rows, (finding.id, cited["key"])
            assert all(finding.id in v["used_by"] for v in rows)
            page = client.get(f"/documents/{doc}").text
            assert f'id="c-{finding.id}"' in page
            row = next(r for r in parse(page).with_tag("tr")
                       if r.get("id") == f"v-{rows[0]['id']}")
            assert str(finding.id) in row["data-uses"].split()
            checked += 1
    assert checked >= 5
    unused = [v for v in client.get(f"/documents/{doc}.json").json()["values"]
              if not v["used_by"]]
    assert unused  # not every value is compared by a finding


def test_a_copy_says_it_is_not_counted_twice(client, db):
    copies = list(db.scalars(select(Document).where(Document.duplicate_of_id.is_not(None))))
    originals = list(db.scalars(select(Document).where(Document.duplicate_of_id.is_(None),
                                                       Document.effective.is_(True))))
    assert originals
    for d in copies:
        doc = client.get(f"/documents/{d.id}.json").json()["document"]
        assert doc["counted"] is False and "copie" in doc["counted_note"]
    for d in originals[:3]:
        doc = client.get(f"/documents/{d.id}.json").json()["document"]
        assert doc["counted"] is True
        assert doc["counted_note"] in client.get(f"/documents/{d.id}").text
