"""Search the fiches (titles and measures) and the source texts.

On SQLite the FTS5 indexes of migration 0005 answer (ranked by BM25, accents folded, each word
a prefix); elsewhere, or where SQLite lacks FTS5, every word must appear (`LIKE`, unranked).
PostgreSQL full text is left for later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from calpae.store.models import ActionLine, Document, ExtractedValue, SourceFile, SourceText

MAX_WORDS = 12
# snippet() marks the matched words with these; they never occur in a normalised text
MATCH_START, MATCH_END = "\x02", "\x03"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fragment:
    text: str
    match: bool


@dataclass(frozen=True)
class ActionHit:
    document_id: int
    file: str
    territory_key: str | None
    territory_name: str | None
    year: int | None
    kind: str | None
    duplicate_of: int | None
    ref: str | None
    title: str | None
    measure: str | None
    line: int | None  # where the fiche's title was read

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class TextHit:
    document_id: int
    file: str
    territory_key: str | None
    territory_name: str | None
    year: int | None
    kind: str | None
    duplicate_of: int | None
    snippet: tuple[Fragment, ...]

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "snippet"}
        out["snippet"] = "".join(f.text for f in self.snippet)
        return out


@dataclass
class SearchResult:
    query: str
    words: list[str]
    engine: str  # "fts5" or "like"
    actions: list[ActionHit] = field(default_factory=list)
    texts: list[TextHit] = field(default_factory=list)
    action_total: int = 0
    text_total: int = 0


def words_of(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_WORDS]


def has_fts(session: Session) -> bool:
    if session.get_bind().dialect.name != "sqlite":
        return False
    found = session.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                 "AND name IN ('search_texts', 'search_actions')")).scalar()
    return found == 2


def fts_query(words: list[str]) -> str:
    """Every word, each as a quoted prefix: nothing the user types is FTS5 syntax."""
    return " ".join(f'"{w}"*' for w in words)


def search(session: Session, query: str, limit: int = 50) -> SearchResult:
    words = words_of(query)
    fts = has_fts(session)
    result = SearchResult(query, words, "fts5" if fts else "like")
    if not words:
        return result
    if fts:
        _fts_actions(session, result, limit)
        _fts_texts(session, result, limit)
    else:
        _like_actions(session, result, limit)
        _like_texts(session, result, limit)
    return result


_DOC_COLUMNS = (Document.id, SourceFile.name, Document.territory_key, Document.territory_name,
                Document.exercise_year, Document.kind, Document.duplicate_of_id)


def _action_details(session: Session, ids: list[int]) -> list[ActionHit]:
    title = ExtractedValue
    query = (select(ActionLine.id, *_DOC_COLUMNS, ActionLine.ref, ActionLine.title,
                    ActionLine.measure, title.evidence_line)
             .join(Document, Document.id == ActionLine.document_id)
             .join(SourceFile, SourceFile.id == Document.source_file_id)
             .outerjoin(title, and_(title.document_id == ActionLine.document_id,
                                    title.key == ActionLine.key + ".title"))
             .where(ActionLine.id.in_(ids)))
    rows = {r[0]: ActionHit(*r[1:]) for r in session.execute(query)}
    return [rows[i] for i in ids if i in rows]


def _text_details(session: Session, snippets: dict[int, tuple[Fragment, ...]]) -> list[TextHit]:
    query = (select(SourceFile.id, *_DOC_COLUMNS)
             .join(Document, Document.source_file_id == SourceFile.id)
             .where(SourceFile.id.in_(list(snippets))))
    rows = {r[0]: TextHit(*r[1:], snippet=snippets[r[0]]) for r in session.execute(query)}
    return [rows[i] for i in snippets if i in rows]


def _fts_actions(session: Session, result: SearchResult, limit: int) -> None:
    match = {"q": fts_query(result.words), "n": limit}
    result.action_total = session.execute(text(
        "SELECT count(*) FROM search_actions WHERE search_actions MATCH :q"), match).scalar() or 0
    ids = list(session.execute(text(
        "SELECT rowid FROM search_actions WHERE search_actions MATCH :q ORDER BY rank LIMIT :n"),
        match).scalars())
    result.actions = _action_details(session, ids)


def _fts_texts(session: Session, result: SearchResult, limit: int) -> None:
    match = {"q": fts_query(result.words), "n": limit, "a": MATCH_START, "b": MATCH_END}
    result.text_total = session.execute(text(
        "SELECT count(*) FROM search_texts WHERE search_texts MATCH :q"), match).scalar() or 0
    rows = session.execute(text(
        "SELECT rowid, snippet(search_texts, 0, :a, :b, '…', 24) FROM search_texts "
        "WHERE search_texts MATCH :q ORDER BY rank LIMIT :n"), match)
    result.texts = _text_details(session, {r[0]: fragments(r[1]) for r in rows})


def fragments(marked: str) -> tuple[Fragment, ...]:
    """`a \\x02b\\x03 c` → (a , False), (b, True), ( c, False)."""
    out = []
    for i, piece in enumerate(re.split(f"[{MATCH_START}{MATCH_END}]", marked)):
        if piece:
            out.append(Fragment(piece, i % 2 == 1))
    return tuple(out)


def _like(column: Any, word: str) -> Any:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _like_actions(session: Session, result: SearchResult, limit: int) -> None:
    where = and_(*(or_(_like(ActionLine.title, w), _like(ActionLine.measure, w))
                   for w in result.words))
    ids = list(session.scalars(select(ActionLine.id).where(where).order_by(ActionLine.id)))
    result.action_total = len(ids)
    result.actions = _action_details(session, ids[:limit])


def _like_texts(session: Session, result: SearchResult, limit: int) -> None:
    where = and_(*(_like(SourceText.text, w) for w in result.words))
    ids = list(session.scalars(select(SourceText.source_file_id).where(where)
                               .order_by(SourceText.source_file_id)))
    result.text_total = len(ids)
    texts = session.execute(select(SourceText.source_file_id, SourceText.text)
                            .where(SourceText.source_file_id.in_(ids[:limit])))
    found = {i: t for i, t in texts}
    result.texts = _text_details(session, {i: like_snippet(found[i], result.words)
                                           for i in ids[:limit] if i in found})


def like_snippet(source: str, words: list[str], around: int = 80) -> tuple[Fragment, ...]:
    """The text around the first word found, each word found in it marked."""
    folded = source.casefold()
    first = min((i for i in (folded.find(w.casefold()) for w in words) if i >= 0), default=0)
    start, end = max(0, first - around), min(len(source), first + around)
    window = source[start:end].replace("\n", " ")
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, at = [], 0
    for m in pattern.finditer(window):
        if m.start() > at:
            out.append(Fragment(window[at:m.start()], False))
        out.append(Fragment(m.group(), True))
        at = m.end()
    if at < len(window):
        out.append(Fragment(window[at:], False))
    prefix = [Fragment("…", False)] if start else []
    suffix = [Fragment("…", False)] if end < len(source) else []
    return (*prefix, *out, *suffix)
