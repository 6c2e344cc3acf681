"""OCR text of a scanned document (like seed 002 and the unseen Creuse and Haute-Saône
documents): the plain layout read back without accents, with `I'` for `l'`, `¢€`/`E` for `€`,
`O` for `0` inside amounts, an amount now and then split over two lines, running page
footers. The damage stays readable: every amount still reads as itself."""

from __future__ import annotations

import random
import re
import unicodedata

from calpae.demo.plan import AVENANT, REPORT, Document
from calpae.demo.render import Block, Line, Table
from calpae.demo.styles import plain

NAME = "ocr"
FORMATS = ("txt",)
_EURO = re.compile(r"(?<=\d) €")
_ZERO = re.compile(r"(?<![\d ])0 €|(?<=[:=] )0 €")
_GROUP = re.compile(r"(?<=\d )(\d{3})(?= |,|$)")
_APOSTROPHE_L = re.compile(r"(?<![A-Za-z])l'")


def layout(doc: Document, rng: random.Random) -> dict:
    shape = plain.layout(doc, rng)
    shape["damage"] = rng.randint(0, 2**31)
    shape["labels"] = "part"
    shape["zero"] = "- €"
    return shape


def strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'")
    return "".join(_base(ch) for ch in text)


def _base(char: str) -> str:
    """The letter under an accent (`é` → `e`), from the character's canonical decomposition."""
    parts = unicodedata.decomposition(char).split()
    if parts and not parts[0].startswith("<") and char.isalpha():
        return chr(int(parts[0], 16))
    return char


def damage(text: str, rng: random.Random) -> str:
    """One line as a careless OCR reads it."""
    text = strip_accents(text)
    text = _APOSTROPHE_L.sub(lambda m: "I'" if rng.random() < 0.7 else m.group(0), text)
    zeros = [m.start() for m in _ZERO.finditer(text)]
    text = _EURO.sub(lambda m: " €" if m.start() - 1 in zeros else
                     rng.choices((" €", " ¢€", " E", " e"), (70, 14, 9, 7))[0], text)
    text = _GROUP.sub(lambda m: m.group(1).replace("0", "O") if rng.random() < 0.06
                      else m.group(1), text)
    return text.replace("ceuvre", "ceuvre").replace("oeuvre", rng.choice(("oeuvre", "ceuvre")))


def _split(text: str, rng: random.Random) -> list[str]:
    """`Coût total : 75 500 €` now and then as `…: 75` / `500 €` (a line break in an amount)."""
    match = re.search(r"(: \d{1,3}) (\d{3} (?:€|¢€|E|e))$", text)
    if match and match.group(2).endswith(" €") and rng.random() < 0.08:
        return [text[:match.start(2) - 1], text[match.start(2):]]
    return [text]


def blocks(doc: Document) -> list[Block]:
    rng = random.Random(doc.layout["damage"])
    footer = (f"Avenant n°{doc.amendment_number} - CALPAE {doc.place.name} {doc.year}"
              if doc.kind == AVENANT else f"CALPAE {doc.place.name} {doc.year}")
    out: list[Block] = []
    count = 0
    for block in plain.blocks(doc):
        rows = [" ".join(x for x in row if x) for row in block.rows] \
            if isinstance(block, Table) else [block.text]
        for row in rows:
            for piece in _split(damage(row, rng), rng):
                out.append(Line(piece))
                count += 1
        if doc.kind != REPORT and count > 40 and isinstance(block, Line) and not block.text:
            out += [Line(f"{strip_accents(footer):<79}Page {len(out) // 40 + 1}"), Line("")]
            count = 0
    return out
