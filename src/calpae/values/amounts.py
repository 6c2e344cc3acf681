"""French amounts as printed in CALPAE documents (`1 132 187,89 €`, `3080¢€`, `- €`)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AmountMatch:
    start: int
    end: int
    value: float
    repaired: bool = False  # read through OCR or layout damage


_AMOUNT = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d{1,2}))?\s*(?:€|euros?\b)")


def parse_amount(text: str) -> float | None:
    """The amount a short text states, or None.  STUB: replaced by the values work."""
    m = _AMOUNT.search(text)
    if not m:
        return None
    whole = re.sub(r"[ .]", "", m.group(1))
    return float(whole) + (float("0." + m.group(2)) if m.group(2) else 0.0)


def find_amounts(text: str) -> list[AmountMatch]:
    """Every amount in text, in order.  STUB: replaced by the values work."""
    out = []
    for m in _AMOUNT.finditer(text):
        v = parse_amount(m.group(0))
        if v is not None:
            out.append(AmountMatch(m.start(), m.end(), v))
    return out
