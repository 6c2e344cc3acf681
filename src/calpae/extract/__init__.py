"""Extraction: from a `SourceDocument` to the calpae-json facts, each with its evidence."""

from __future__ import annotations

import json
from typing import Any

from calpae.extract.actions import extract_actions
from calpae.extract.classify import ensure_calpae
from calpae.extract.document import extract_document
from calpae.extract.models import Extraction
from calpae.extract.summary import extract_financial_summary
from calpae.model import SourceDocument, to_tree


def extract(source: SourceDocument) -> Extraction:
    """All facts of one document; raises NotACalpaeDocument for other texts."""
    ensure_calpae(source)
    document = extract_document(source)
    actions = extract_actions(source, document)
    summary, matrix = extract_financial_summary(source, document, actions)
    return Extraction(source=source.file.name, document=document, actions=actions,
                      financial_summary=summary, indicator_matrix=matrix)


def to_calpae_json(extraction: Extraction, evidence: bool = False) -> dict[str, Any]:
    tree = to_tree(extraction, evidence)
    # calpae-json key order: format, source, document, actions, financial_summary
    order = ["format", "source", "document", "actions", "financial_summary"]
    return {k: tree[k] for k in order} | {k: v for k, v in tree.items() if k not in order}


def dumps(extraction: Extraction, evidence: bool = False) -> str:
    return json.dumps(to_calpae_json(extraction, evidence), ensure_ascii=False, indent=2)


__all__ = ["dumps", "extract", "to_calpae_json"]
