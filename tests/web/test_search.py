"""Search: a word of a fiche title finds the fiche, accents aside (FTS5), and the LIKE fallback
finds it too; what is searched is shown escaped."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from calpae.store import search as store_search
from calpae.store.models import ActionLine

from .pagecheck import parse


def a_title_word(db: Session) -> tuple[str, str]:
    """A long word of a fiche title, and the title."""
    for title in db.scalars(select(ActionLine.title).where(ActionLine.title.is_not(None))
                            .order_by(ActionLine.id)):
        words = [w for w in re.findall(r"\w+", title) if len(w) >= 8]
        if words:
            return max(words, key=len), title
    raise AssertionError("no fiche title")


def test_search_finds_a_word_of_a_fiche_title(client, db: Session):
    word, title = a_title_word(db)
    data = client.get(f"/recherche.json?q={word}").json()
    assert data["engine"] == "fts5"
    assert title in [a["title"] for a in data["actions"]]
    assert data["actions_total"] >= 1
    page = parse(client.get(f"/recherche?q={word}").text)
    assert " ".join(title.split()) in page.text


def test_search_ignores_accents_and_case(client, db: Session):
    title = db.scalar(select(ActionLine.title).where(ActionLine.title.like("%é%"))
                      .order_by(ActionLine.id).limit(1))
    word = next(w for w in re.findall(r"\w+", title) if "é" in w)
    plain = word.replace("é", "e").upper()
    data = client.get(f"/recherche.json?q={plain}").json()
    assert title in [a["title"] for a in data["actions"]]


def test_search_finds_words_of_the_texts_with_a_snippet(client):
    data = client.get("/recherche.json?q=pauvreté").json()
    assert data["documents"]
    assert all("pauvret" in d["snippet"].lower() for d in data["documents"])
    page = parse(client.get("/recherche?q=pauvreté").text)
    assert any("pauvret" in m.text.lower() for m in page.marks) or "<mark>" in client.get(
        "/recherche?q=pauvreté").text


def test_like_fallback_finds_the_same_fiche(db: Session, monkeypatch: pytest.MonkeyPatch):
    word, title = a_title_word(db)
    monkeypatch.setattr(store_search, "has_fts", lambda session: False)
    result = store_search.search(db, word)
    assert result.engine == "like"
    assert title in [a.title for a in result.actions]
    assert result.texts and all(any(f.match for f in t.snippet) for t in result.texts)


def test_what_is_searched_is_escaped(client):
    html = client.get("/recherche?q=<script>alert(1)</script>").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_empty_search_is_a_form(client):
    response = client.get("/recherche?q=")
    assert response.status_code == 200
    assert client.get("/recherche.json").json()["actions"] == []


def test_fts_query_quotes_every_word():
    assert store_search.fts_query(store_search.words_of('a" OR b* NEAR(')) == '"a"* "OR"* "b"* ' \
        '"NEAR"*'
