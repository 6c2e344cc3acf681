"""Bar charts drawn on the server as SVG: no JavaScript, no inline style (CSP), readable at
375 px (labels above their bars), and described in words for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 400
ROW = 42  # label line + bar + gap
BAR = 14
LABEL_CHARS = 58


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as people read it (`12 345 €`, `87 %`)
    tone: str = ""  # a CSS modifier: error, warning, info…


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar],
              maximum: float | None = None) -> Markup:
    """Horizontal bars scaled to `maximum` (the largest value by default)."""
    if not bars:
        return Markup('<p class="calpae-chart-empty">Aucune donnée à représenter.</p>')
    top = max(maximum or 0.0, *(b.value for b in bars)) or 1.0
    height = ROW * len(bars) + 4
    ident = escape(chart_id)
    described = "; ".join(f"{b.label} : {b.text}" for b in bars)
    parts = [f'<svg class="calpae-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{ident}-titre {ident}-desc" focusable="false" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-titre">{escape(title)}</title>',
             f'<desc id="{ident}-desc">{escape(described)}</desc>']
    usable = WIDTH - 110  # room for the value after the longest bar
    for i, b in enumerate(bars):
        y = i * ROW
        width = max(1.0, usable * max(b.value, 0.0) / top)
        tone = f" calpae-bar--{escape(b.tone)}" if b.tone else ""
        parts.append(
            f'<g class="calpae-chart__row"><title>{escape(b.label)} : {escape(b.text)}</title>'
            f'<text class="calpae-chart__label" x="0" y="{y + 14}">{escape(_short(b.label))}'
            f'</text><rect class="calpae-bar{tone}" x="0" y="{y + 20}" width="{width:.1f}" '
            f'height="{BAR}" rx="2"></rect><text class="calpae-chart__value" '
            f'x="{width + 6:.1f}" y="{y + 32}">{escape(b.text)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
