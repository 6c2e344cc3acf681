"""An `Extraction` rebuilt from the values stored for a document, for the checks.

The stored values (with their status, reason and evidence) are the truth the checks and,
later, the reviewers' corrections work on; rebuilding the typed tree from their positional
paths lets every rule run the same on a fresh extraction and on the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

from calpae.extract.models import DocumentBlock, Extraction
from calpae.model import Evidence, Extracted, ReadStatus
from calpae.store.models import Document, ExtractedValue

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def extraction_of(document: Document, name: str) -> Extraction:
    """The document's extraction as stored (values in path order)."""
    root = Extraction(source=name, document=DocumentBlock())
    for row in document.values:
        _place(root, _steps(row.path), _extracted(row))
    return root


def _steps(path: str) -> list[str | int]:
    return [int(i) if i else n for n, i in _STEP.findall(path)]


def _extracted(row: ExtractedValue) -> Extracted[Any]:
    evidence = None
    if row.evidence_start is not None and row.evidence_end is not None:
        bbox = (row.bbox_x0, row.bbox_y0, row.bbox_x1, row.bbox_y1)
        evidence = Evidence(row.evidence_start, row.evidence_end, row.evidence_line or 0,
                            row.evidence_text or "", row.evidence_page,
                            bbox if None not in bbox else None)  # type: ignore[arg-type]
    parts = tuple(Evidence(p["start"], p["end"], p["line"], p["text"], p.get("page"),
                           tuple(p["bbox"]) if p.get("bbox") else None)
                  for p in row.parts or ())
    spans = tuple((p.start, p.end) for p in parts) or (
        ((evidence.start, evidence.end),) if evidence else ())
    return Extracted(row.value, spans, ReadStatus(row.status), row.reason, evidence, parts)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _place(obj: Any, steps: list[str | int], found: Extracted[Any]) -> None:
    """Set found at the path below obj, creating the dataclasses and list items on the way."""
    hint: Any = type(obj)
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(step, int):
            item_hint = typing.get_args(hint)[0]
            while len(obj) <= step:
                obj.append(_empty(item_hint))
            if last:
                obj[step] = _typed(found, item_hint)
                return
            obj, hint = obj[step], item_hint
        elif isinstance(obj, dict):
            value_hint = typing.get_args(hint)[1]
            if last:
                obj[step] = _typed(found, value_hint)
                return
            obj, hint = obj.setdefault(step, _empty(value_hint)), value_hint
        else:
            field_hint = _hints(type(obj))[step]
            if last:
                setattr(obj, step, _typed(found, field_hint))
                return
            child = getattr(obj, step)
            if child is None:
                child = _empty(field_hint)
                setattr(obj, step, child)
            obj, hint = child, field_hint


def _unoptional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0]
    return hint


def _empty(hint: Any) -> Any:
    hint = _unoptional(hint)
    origin = typing.get_origin(hint) or hint
    if origin is Extracted:
        return None  # a list item set by a later row
    if origin is list:
        return []
    if origin is dict:
        return {}
    return hint()


def _typed(found: Extracted[Any], hint: Any) -> Extracted[Any]:
    """The stored JSON value back in the type the model declares (dates, enums, floats)."""
    hint = _unoptional(hint)
    if typing.get_origin(hint) is not Extracted:
        return found
    inner = typing.get_args(hint)[0]
    value = found.value
    if value is None:
        return found
    if inner is dt.date:
        value = dt.date.fromisoformat(value)
    elif inner is float:
        value = float(value)
    elif isinstance(inner, type) and issubclass(inner, Enum):
        value = inner(value)
    return dataclasses.replace(found, value=value)
