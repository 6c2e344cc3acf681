"""Decode bytes into text and normalise it so that every reader hands extraction the same forms."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

# Characters replaced one for one, so that the text length (and thus offsets) barely moves.
_SPACES = "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003\u2004\u2005\u2006\u205f\u3000"
_TRANSLATE = str.maketrans(
    {
        **{c: " " for c in _SPACES},
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
        "\r": None,
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first (with or without BOM), then the best guess among
    the encodings French documents come in; latin-1 as the last resort never fails."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman"])
    guess = best.best()
    encoding = guess.encoding if guess else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1"


def normalise(text: str) -> str:
    """NFC, one kind of space, apostrophe, quote and hyphen, LF line ends, no control characters.

    Form feeds are kept: they mark page breaks in text-layer exports. CR alone becomes LF.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _CONTROL.sub("", text)


def looks_binary(data: bytes) -> bool:
    """Whether the bytes are not text: NUL bytes or many control characters in the head."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05
