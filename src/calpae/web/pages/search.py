"""`/recherche?q=`: the fiches whose title or measure hold the words, and the documents whose
text does (SQLite FTS5 where available, else LIKE; PostgreSQL full text comes later)."""

from __future__ import annotations

from fastapi import APIRouter

from calpae.store.search import search as run_search
from calpae.web.deps import SessionDep, Text
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

LIMIT = 50


@pages("/recherche", name="search", summary="Recherche dans les fiches actions et les textes")
def search(session: SessionDep, q: Text = None) -> Page:
    """Les fiches actions (intitulé, mesure) et les documents (texte lu) qui contiennent tous
    les mots de `q` (chaque mot pris comme début de mot, accents ignorés sous SQLite) ; 50 de
    chaque au plus, les plus pertinents d'abord."""
    result = run_search(session, q or "", LIMIT)
    data = {"q": q or "", "words": result.words, "engine": result.engine,
            "actions_total": result.action_total, "documents_total": result.text_total,
            "actions": [a.to_json() for a in result.actions],
            "documents": [t.to_json() for t in result.texts]}
    title = f"Recherche : {q}" if q else "Recherche"
    return Page("search.html", title, data, tables=("actions", "documents"),
                context={"snippets": [t.snippet for t in result.texts]}, filename="recherche")
