"""An action whose budget changes from the convention to an avenant, with both figures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from calpae.checks.document.labels import PARTS, action_name
from calpae.checks.dossier.years import name, of_kind, year_of
from calpae.checks.french import euros, sentence
from calpae.checks.model import CheckedDocument, Finding, Severity, present
from calpae.checks.registry import Context, rule


@rule("dossier.action_budget_changed", Severity.INFO, "Budget d'une action modifié",
      "Un avenant a changé le budget de l'action : vérifier que la modification est voulue et "
      "que le tableau financier la reprend.", scope="dossier")
def action_budget_changed(docs: Sequence[CheckedDocument], ctx: Context) -> Iterator[Finding]:
    chain = [*of_kind(docs, "convention"), *of_kind(docs, "avenant")]
    chain.sort(key=lambda d: ((year_of(d) or 0), 0 if d.kind == "convention" else 1))
    for before, after in pairwise(chain):
        earlier = {str(a.ref.value): a for a in before.extraction.actions
                   if a.ref is not None and a.budget is not None}
        for action in after.extraction.actions:
            old = earlier.get(str(action.ref.value)) if action.ref is not None else None
            if old is None or action.budget is None or old.budget is None:
                continue
            for part in ("state", "total"):
                a, b = getattr(old.budget, part), getattr(action.budget, part)
                if present(a, b) and ctx.differ(float(a.value), float(b.value)):
                    cited = (before.cite(a, f"{PARTS[part]} ({name(before)})"),
                             after.cite(b, f"{PARTS[part]} ({name(after)})"))
                    yield ctx.finding(
                        "dossier.action_budget_changed",
                        f"{sentence(action_name(action))} : {PARTS[part]} de "
                        f"{euros(a.value)} ({name(before)}) à {euros(b.value)} "
                        f"({name(after)}).", cited)
                    break
