"""The page layout computed per page with numpy gives what the word-by-word definition gives."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from calpae.readers.layout import Grid, PageWords, PWord, blocks, group_lines
from calpae.readers.pdf import _token_spans
from calpae.readers.text_layer import text_layer_problem


def reference_blocks(words: list[PWord], grids: list[Grid]) -> list:
    """Blocks as the word-by-word definition reads: a word goes to the first grid holding its
    centre, prose and each cell are grouped into lines by `group_lines`."""
    in_grid: list[list[PWord]] = [[] for _ in grids]
    prose = []
    for w in words:
        cx = (w.x0 + w.x1) / 2
        for k, g in enumerate(grids):
            if g.xs[0] <= cx <= g.xs[-1] and g.ys[0] <= w.cy <= g.ys[-1]:
                in_grid[k].append(w)
                break
        else:
            prose.append(w)
    out = [(line[0].top, [[(w.text, w.bbox) for w in line]]) for line in group_lines(prose)]
    for g, ws in zip(grids, in_grid, strict=True):
        rows: dict[int, list[list[PWord]]] = {}
        for w in ws:
            cx = (w.x0 + w.x1) / 2
            r = min(max(int(np.searchsorted(g.ys, w.cy, "right")) - 1, 0), len(g.ys) - 2)
            c = min(max(int(np.searchsorted(g.xs, cx, "right")) - 1, 0), len(g.xs) - 2)
            rows.setdefault(r, [[] for _ in range(len(g.xs) - 1)])[c].append(w)
        if rows:
            out.append((g.ys[0], [[[(w.text, w.bbox) for line in group_lines(cell)
                                    for w in line] for cell in rows[r]] for r in sorted(rows)]))
    return [items for _, items in sorted(out, key=lambda b: b[0])]


def as_items(words: PageWords, page_blocks) -> list:
    def word(i):
        return (words.texts[i], words.boxes[i])

    out = []
    for b in page_blocks:
        if b.lines is not None:
            out.append([[word(i) for i in line] for line in b.lines])
        else:
            out.append([[[word(i) for i in cell] for cell in row] for row in b.rows])
    return out


# Words on a coarse lattice, so that equal tops, touching boxes and shared bands are frequent.
_word = st.builds(
    lambda x, y, w, h, text: (text, x * 0.5, y * 3.0, x * 0.5 + w * 0.5, y * 3.0 + h * 2.5),
    st.integers(0, 240), st.integers(0, 12), st.integers(1, 32), st.integers(1, 6),
    st.text("abé1", min_size=1, max_size=3))
_grid = st.builds(
    lambda x, y, cols, rows: Grid([x * 4.0 + 30.0 * i for i in range(cols + 1)],
                                  [y * 3.0 + 12.0 * j for j in range(rows + 1)]),
    st.integers(0, 40), st.integers(0, 40), st.integers(1, 3), st.integers(1, 3))


@settings(max_examples=400, deadline=None)
@given(st.lists(_word, max_size=60), st.lists(_grid, max_size=2))
def test_page_blocks_match_the_word_by_word_definition(raw, grids):
    pwords = [PWord(*w) for w in raw]
    array = np.array([w[1:] for w in raw], dtype=np.float64).reshape(-1, 4)
    words = PageWords.of([w[0] for w in raw], array)
    assert as_items(words, blocks(words, grids)) == reference_blocks(pwords, grids)


def test_touching_pieces_of_a_word_are_joined():
    raw = [("Mon", 10.0, 100.0, 28.0, 110.0), ("tant", 28.2, 100.0, 50.0, 110.0),
           ("total", 55.0, 100.0, 80.0, 110.0)]
    words = PageWords.of([w[0] for w in raw], np.array([w[1:] for w in raw]))
    (block,) = blocks(words, [])
    assert [words.texts[i] for i in block.lines[0]] == ["Montant", "total"]


_SPACES = st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u202f", "\u2009", "\u3000",
                           "\x1c", "\x85"])


@given(st.lists(st.one_of(st.text(min_size=1, max_size=4), _SPACES), max_size=30))
def test_token_spans_are_the_runs_of_non_space_characters(pieces):
    text = "".join(pieces)
    starts, ends = _token_spans(text)
    expected = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected
    assert [text[s:e] for s, e in expected] == text.split()


def reference_problem(text: str) -> str | None:
    """The text-layer check as first written, one regular expression per measure."""
    visible = len(text) - len(re.findall(r"\s", text))
    if visible < 10:
        return "pas de couche texte"
    letters = len(re.findall(r"[^\W\d_]", text))
    broken = len(re.findall(r"\(cid:\d+\)", text)) * 6 + \
        len(re.findall("[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]", text))
    if broken / visible > 0.05:
        return "codage de police cassé"
    if letters / visible < 0.25:
        return "trop peu de lettres"
    from calpae.readers.text_layer import _FRENCH

    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", text)]
    if len(words) >= 30 and sum(w in _FRENCH for w in words) / len(words) < 0.08:
        return "trop peu de mots français"
    return None


_FRENCHISH = st.lists(st.sampled_from(["de", "la", "Convention", "l'État", "à", "12", "€",
                                       "(cid:3)", "\ue001", "xqz", "Wkh", "_", "²", " ", "\n"]),
                      max_size=120).map(" ".join)


@settings(max_examples=300)
@given(st.one_of(_FRENCHISH, st.text(max_size=80)))
def test_text_layer_check_matches_its_definition(text):
    assert text_layer_problem(text) == reference_problem(text)


@given(st.lists(st.one_of(st.text(max_size=6), _SPACES,
                          st.sampled_from(["é", "e\u0301", "’", "ﬁ", "\u00ad", "\r\n"])),
                max_size=20))
def test_a_page_found_clean_has_only_clean_tokens(pieces):
    from calpae.readers.pdf import _clean, _clean_already

    text = "".join(pieces)
    if _clean_already(text):
        assert [_clean(t) for t in text.split()] == text.split()


def test_curly_apostrophes_and_ligatures_are_cleaned():
    from calpae.readers.pdf import _clean, _clean_already

    text = "l’État\r\nﬁnancement"
    assert not _clean_already(text)
    assert [_clean(t) for t in text.split()] == ["l'État", "financement"]


def reference_crossings(horizontal, vertical):
    t = 2.0
    return [(i, j) for i, h in enumerate(horizontal) for j, v in enumerate(vertical)
            if h.lo - t <= v.at <= h.hi + t and v.lo - t <= h.at <= v.hi + t]


_rule = st.builds(lambda at, lo, n: (at * 1.5, lo * 1.5, lo * 1.5 + n * 1.5),
                  st.integers(0, 60), st.integers(0, 60), st.integers(1, 40))


@given(st.lists(_rule, max_size=12), st.lists(_rule, max_size=12))
def test_rule_crossings_match_the_pairwise_test(hs, vs):
    from calpae.readers.layout import Rule, _crossings

    horizontal = [Rule(True, *r) for r in hs]
    vertical = [Rule(False, *r) for r in vs]
    assert _crossings(horizontal, vertical) == reference_crossings(horizontal, vertical)
