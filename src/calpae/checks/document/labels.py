"""French names of the values the rules cite."""

from __future__ import annotations

from calpae.extract.models import Action, SummaryRow

PARTS = {"state": "part État", "territory": "part du département", "other": "autres financeurs",
         "total": "budget global", "carryover": "report", "consumed": "montant réalisé",
         "engaged": "montant engagé", "carryover_requested": "report demandé"}


def action_name(action: Action) -> str:
    if action.ref is not None:
        return f"fiche {action.ref.value}"
    if action.title is not None:
        title = str(action.title.value)
        return f"fiche « {title[:60]}{'…' if len(title) > 60 else ''} »"
    return "fiche sans numéro"


def row_name(row: SummaryRow, index: int) -> str:
    label = row.label.value if row.label is not None else None
    if label:
        short = str(label)[:60]
        return f"ligne {index + 1} du tableau financier (« {short} »)"
    return f"ligne {index + 1} du tableau financier"
