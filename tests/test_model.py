"""The core model: evidence from offsets, word boxes, calpae-json trees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from calpae.model import (
    Extracted,
    FileInfo,
    ReadStatus,
    SourceDocument,
    Word,
    build_lines,
    iter_extracted,
    to_tree,
)


def doc(text: str, words=()) -> SourceDocument:
    return SourceDocument(FileInfo("f.txt", "0" * 64, len(text), "text"), text,
                          build_lines(text), words=tuple(words))


def test_evidence_unions_word_boxes_on_one_page():
    text = "Montant : 1 201 409 €"
    words = [Word(10, 11, 1, (100, 50, 110, 60)), Word(12, 15, 1, (112, 50, 130, 61)),
             Word(16, 19, 1, (132, 49, 150, 60)), Word(20, 21, 1, (152, 50, 158, 60))]
    ev = doc(text, words).evidence(10, 21)
    assert ev.text == "1 201 409 €"
    assert ev.bbox == (100, 49, 158, 61)


def test_evidence_without_words_has_no_box():
    ev = doc("a\nb c").evidence(4, 5)
    assert (ev.line, ev.text, ev.bbox) == (2, "c", None)


@dataclass
class Inner:
    when: Extracted[dt.date] | None = None


@dataclass
class Outer:
    amount: Extracted[float] | None = None
    inner: Inner = field(default_factory=Inner)
    hidden: str = field(default="x", metadata={"internal": True})


def test_to_tree_plain_and_with_evidence():
    d = doc("le 28 juin 2019 : 1 200,50 €")
    obj = Outer(d.extracted(1200.5, 18, 28), Inner(d.extracted(dt.date(2019, 6, 28), 3, 15)))
    assert to_tree(obj) == {"amount": 1200.5, "inner": {"when": "2019-06-28"}}
    tree = to_tree(obj, evidence=True)
    assert tree["amount_evidence"] == {"start": 18, "end": 28, "line": 1, "text": "1 200,50 €",
                                       "status": "exact"}
    assert tree["inner"]["when_evidence"]["text"] == "28 juin 2019"


def test_to_tree_writes_whole_floats_as_integers():
    assert to_tree(Outer(Extracted(72000.0))) == {"amount": 72000, "inner": {"when": None}}


def test_iter_extracted_paths():
    d = doc("abc")
    obj = Outer(d.extracted(1.0, 0, 1, ReadStatus.REPAIRED), Inner(d.extracted(None, 1, 2)))
    paths = [p for p, _k, _v in iter_extracted(obj)]
    assert paths == ["amount", "inner.when"]


def test_lines_between_starts_at_the_line_holding_start():
    d = doc("alpha\nbeta\ngamma\ndelta")
    got = [t for _, t in d.lines_between(d.text.index("eta"), d.text.index("delta"))]
    assert got == ["beta", "gamma"]


def test_a_derived_value_keeps_every_span_it_came_from():
    d = doc("Etat : 1 000 € + 500 € en 2020")
    parts = [Extracted.at(1000.0, 7, 14), Extracted.at(500.0, 17, 22, ReadStatus.REPAIRED,
                                                        "symbole abîmé")]
    total = d.anchor(Extracted.derived(1500.0, parts, "somme"))
    assert total.status is ReadStatus.INFERRED and total.reason == "somme; symbole abîmé"
    assert total.spans == ((7, 14), (17, 22))
    assert [p.text for p in total.parts] == ["1 000 €", "500 €"]
    assert total.evidence.text == "1 000 € + 500 €"
    assert total.evidence_json()["parts"][1]["text"] == "500 €"


def test_spans_shift_and_anchor_keeps_status_and_reason():
    d = doc("xx 12 5OO € yy")
    found = Extracted.at(12500.0, 0, 8, ReadStatus.REPAIRED, "OCR").shifted(3)
    anchored = d.anchor(found)
    assert (anchored.evidence.text, anchored.status, anchored.reason) == (
        "12 5OO €", ReadStatus.REPAIRED, "OCR")
    assert anchored.evidence_json() == {"start": 3, "end": 11, "line": 1, "text": "12 5OO €",
                                        "status": "repaired", "reason": "OCR"}
    assert not anchored.parts
