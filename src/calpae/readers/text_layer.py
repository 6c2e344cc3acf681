"""Whether a PDF page's text layer can be trusted, or the page must be OCR'd instead."""

from __future__ import annotations

import re


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CID = re.compile(r"\(cid:\d+\)")
_LETTERS = re.compile(r"[^\W\d_]+")
_BROKEN = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")
# The most frequent French words: a page of real French text is full of them, a page whose
# font encoding is broken (shifted or substituted glyphs) has almost none.
_FRENCH = _wordset(
    "de la le les des du et en à au aux un une pour par sur dans est sont avec que qui ce "
    "cette ces se sa son ses il elle ils ne pas plus ou leur leurs d l n s qu été être "
    "convention département état action actions article montant crédits "
    "année social sociale mise œuvre auprès entre lutte contre pauvreté")
_FRENCH_WORDS = frozenset(w for w in _FRENCH if len(w) > 1)
_MIN_VISIBLE = 10


def text_layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be trusted (French reason), or None if it is usable."""
    visible, broken = _visible_and_broken(text)
    if visible < _MIN_VISIBLE:
        return "pas de couche texte"
    if broken / visible > 0.05:
        return "codage de police cassé"
    lowered = text.lower()
    one_to_one = len(lowered) == len(text)  # lowering keeps every character a (non-)letter
    runs = _LETTERS.findall(lowered if one_to_one else text)
    sizes = list(map(len, runs))
    if sum(sizes) / visible < 0.25:
        return "trop peu de lettres"
    words = len(runs) - sizes.count(1)  # words: runs of two letters or more
    if one_to_one:
        french = sum(map(_FRENCH_WORDS.__contains__, runs))
    else:
        french = sum(run.lower() in _FRENCH_WORDS for run in runs)
    if words >= 30 and french / words < 0.08:
        return "trop peu de mots français"
    return None


def _visible_and_broken(text: str) -> tuple[int, int]:
    """Non-space characters, and the weight of broken glyphs (a CID code counts for six)."""
    cids = len(_CID.findall(text)) * 6 if "(cid:" in text else 0
    if text.isprintable():  # no whitespace but U+0020, no control or private-use character
        return len(text) - text.count(" "), cids + text.count("\ufffd")
    return len("".join(text.split())), cids + len(_BROKEN.findall(text))
