"""How the pages write figures, kinds, severities and statuses in French (Jinja filters)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, urlencode

from calpae.checks.french import euros as _euros
from calpae.checks.french import percent as _percent
from calpae.checks.identity import is_amount

DASH = "—"

KIND_LABELS = {"convention": "Convention", "avenant": "Avenant",
               "rapport_execution": "Rapport d'exécution"}
SEVERITY_LABELS = {"erreur": "Erreur", "alerte": "Alerte", "info": "Info"}
SEVERITY_BADGES = {"erreur": "fr-badge--error", "alerte": "fr-badge--warning",
                   "info": "fr-badge--info"}
SEVERITY_ORDER = ("erreur", "alerte", "info")
STATUS_LABELS = {"exact": "lu tel quel", "repaired": "réparé", "inferred": "déduit"}
STATUS_BADGES = {"exact": "fr-badge--success", "repaired": "fr-badge--warning",
                 "inferred": "fr-badge--info"}
SECTION_LABELS = {"socle": "Socle", "initiative": "Initiatives du territoire"}
# an ingestion job's status (calpae.tasks.JobStatus values); calpae-upload.js has the same
JOB_STATUS_LABELS = {"en_attente": "en attente", "en_cours": "en cours",
                     "enregistré": "enregistré", "déjà présent": "déjà présent",
                     "échec": "échec"}
JOB_BADGES = {"en_attente": "fr-badge--new", "en_cours": "fr-badge--info",
              "enregistré": "fr-badge--success", "déjà présent": "fr-badge--success",
              "échec": "fr-badge--error"}


def euros(amount: float | None) -> str:
    """`12 345 €` with non-breaking spaces, a dash when unknown."""
    return DASH if amount is None else _euros(amount).replace(" ", "\u202f")


def percent(ratio: float | None) -> str:
    return DASH if ratio is None else _percent(ratio).replace(" ", "\u202f")


def number(value: Any) -> str:
    if value is None:
        return DASH
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def moment(iso: str | None) -> str:
    """An ISO time (UTC, as jobs give them) as `05/03/2025 14:02:07 UTC`."""
    if not iso:
        return DASH
    try:
        return dt.datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S UTC")
    except ValueError:
        return iso


def kind_label(kind: str | None, amendment: int | None = None) -> str:
    label = KIND_LABELS.get(kind or "", kind or "Document")
    return f"{label} n°{amendment}" if kind == "avenant" and amendment else label


def value_text(value: Any, path: str = "") -> str:
    """An extracted value as people read it (amounts by their path: `….budget.state`)."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "oui" if value else "non"
    if is_amount(path, value):
        return euros(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} : {value_text(v)}" for k, v in value.items())
    return str(value)


def territory_url(key: str | None) -> str:
    return f"/territoires/{quote(key or '', safe='')}"


def document_url(document_id: int, constat: int | None = None, line: int | None = None) -> str:
    url = f"/documents/{document_id}"
    if constat is not None:
        url += f"?{urlencode({'constat': constat})}"
    if line:
        url += f"#L{line}"
    return url


def query_url(path: str, **params: Any) -> str:
    """`path?a=1&b=2` with the empty parameters left out."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


# the spaces inside a French amount (`1 234 567 €`, `12 %`): a line never breaks there
_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=[€%])")


def keep_amounts(text: str | None) -> str:
    """`text` with the spaces of its amounts made non-breaking (escaped as usual after)."""
    return _AMOUNT_SPACE.sub("\u00a0", text or "")


FILTERS = {"euros": euros, "keep_amounts": keep_amounts, "percent": percent, "number": number,
           "value_text": value_text, "moment": moment}
GLOBALS = {"kind_label": kind_label, "territory_url": territory_url,
           "document_url": document_url, "query_url": query_url,
           "SEVERITY_LABELS": SEVERITY_LABELS, "SEVERITY_BADGES": SEVERITY_BADGES,
           "SEVERITY_ORDER": SEVERITY_ORDER, "STATUS_LABELS": STATUS_LABELS,
           "STATUS_BADGES": STATUS_BADGES, "SECTION_LABELS": SECTION_LABELS, "DASH": DASH,
           "JOB_STATUS_LABELS": JOB_STATUS_LABELS, "JOB_BADGES": JOB_BADGES}
