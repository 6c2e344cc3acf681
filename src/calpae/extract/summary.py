"""The recapitulative financial table and the indicator matrix."""

from __future__ import annotations

from calpae.extract.models import Action, DocumentBlock, FinancialSummary, IndicatorRow
from calpae.model import SourceDocument


def extract_financial_summary(
    source: SourceDocument, document: DocumentBlock, actions: list[Action]
) -> tuple[FinancialSummary | None, list[IndicatorRow]]:
    return None, []
