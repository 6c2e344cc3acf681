"""The corpus manifest (`OUT/manifest.json`): every file written with the calpae-json it
states, and every planted inconsistency with its rule id, files, French detail and values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calpae.demo.expected import expected
from calpae.demo.plan import Document
from calpae.demo.plant import Planted


def document_entry(doc: Document) -> dict[str, Any]:
    return {"file": doc.file, "territory_code": doc.place.code,
            "territory_name": doc.place.name, "kind": doc.kind, "year": doc.year,
            "amendment_number": doc.amendment_number, "style": doc.style,
            "format": doc.format, "duplicate_of": doc.layout.get("duplicate_of"),
            "expected": expected(doc)}


def planted_entry(found: Planted) -> dict[str, Any]:
    return {"rule": found.rule, "territory_code": found.territory_code,
            "files": [d.file for d in found.docs], "detail": found.detail,
            "values": found.values}


def manifest(seed: int, territories: list[str], years: range, rate: float,
             documents: list[Document], planted: list[Planted]) -> dict[str, Any]:
    return {"seed": seed, "territories": territories,
            "years": [years.start, years.stop - 1], "plant_rate": rate,
            "documents": [document_entry(d) for d in documents],
            "planted": [planted_entry(p) for p in planted]}


def write_manifest(out: Path, data: dict[str, Any]) -> Path:
    path = out / "manifest.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                    encoding="utf-8")
    return path
