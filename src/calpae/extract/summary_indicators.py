"""The indicator matrix (annexe A): socle measures, their national indicators and results."""

from __future__ import annotations

from calpae.extract.models import IndicatorRow
from calpae.model import SourceDocument


def extract_indicator_matrix(source: SourceDocument) -> list[IndicatorRow]:
    return []
