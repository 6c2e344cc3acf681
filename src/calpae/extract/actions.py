"""Fiches actions: ref, section, title, the year's budget and, in reports, the execution."""

from __future__ import annotations

from calpae.extract.models import Action, DocumentBlock
from calpae.model import SourceDocument


def extract_actions(source: SourceDocument, document: DocumentBlock) -> list[Action]:
    return []
