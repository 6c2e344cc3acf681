"""The intermediate form of the recapitulative table: its lines as read, whatever the shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calpae.extract.summary import keywords as tb


@dataclass
class TableLine:
    """One line of the table as read: amounts keyed by column, label, printed action number."""

    start: int
    end: int
    amounts: dict[str, tb.Slot] = field(default_factory=dict)
    extra: list[tb.Slot] = field(default_factory=list)  # amounts beyond the known columns
    label: tuple[str, int, int] | None = None  # text, start, end
    number: str | None = None  # the action number the line prints
    texts: list[str] = field(default_factory=list)  # every text of the line, for keywords
    theme: str | None = None
    code: str | None = None
    context: str | None = None  # text lines printed since the previous table line


@dataclass
class TableRead:
    """A candidate recapitulative table: its lines and how much it looks like one."""

    lines: list[TableLine]
    keys: list[str]  # the amount keys its header names
    score: float
    scale: float = 1.0


# Words of a title above (or a context around) a recapitulative table.
TITLE = re.compile(
    r"maquette\s+financ|tableau\s+financ|tableau\s+recapitul|recapitulatif\s+financ"
    r"|annexe\s+financ|financements?\s+(?:19|20)\d{2}|plan\s+de\s+financement"
    r"|tableau\s+des\s+engagements|annexe\s+au\s+rapport|tableau\s+d'\s*execution")
