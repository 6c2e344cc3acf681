"""`/constats`: the findings of the checks, filtered by severity, rule, territory and year,
each linked to the documents it cites with `?constat=` so that its values are marked."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from calpae.store.territory import resolve_territory
from calpae.web.deps import PageNumber, Region, SessionDep, Text, Year
from calpae.web.formatting import SEVERITY_LABELS
from calpae.web.queries import (
    finding_row,
    list_findings,
    region_name,
    regions_present,
    rules_present,
    territory_names,
    years_present,
)
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

PER_PAGE = 200


@pages("/constats", name="findings", summary="Constats des contrôles, avec leurs filtres")
def findings(session: SessionDep, gravite: Text = None, regle: Text = None,
             territoire: Text = None, annee: Year = None, region: Region = None,
             page: PageNumber = 1) -> Page:
    """Les constats (règle, gravité, territoire, exercice, message, explication, documents
    cités), 200 par page. Filtres : `gravite` (erreur, alerte, info), `regle` (identifiant),
    `territoire` (code, nom ou clé), `annee`, `region` (code INSEE), `page`."""
    if gravite and gravite not in SEVERITY_LABELS:
        raise HTTPException(400, f"Gravité inconnue : « {gravite} » (erreur, alerte ou info).")
    key = None
    if territoire:
        key = resolve_territory(session, territoire)
        if key is None:
            raise HTTPException(404, f"Territoire inconnu : « {territoire} ».")
    found = list_findings(session, gravite, regle, key, annee, region, limit=PER_PAGE,
                          offset=(page - 1) * PER_PAGE)
    names = territory_names(session)
    rows = [finding_row(f, found.documents[f.id], names) for f in found.findings]
    pages_count = max(1, -(-found.total // PER_PAGE))
    data = {"filters": {"severity": gravite, "rule": regle, "territory": key, "year": annee,
                        "region": region, "region_name": region_name(region)},
            "total": found.total, "page": page, "pages": pages_count, "per_page": PER_PAGE,
            "findings": rows}
    title = "Constats" + (f" — {names.get(key, key)}" if key else "") + (
        f" — {region_name(region) or region}" if region else "") + (
        f" — {annee}" if annee else "")
    return Page("findings.html", title, data, tables=("findings",),
                context={"rules": rules_present(session), "years": years_present(session),
                         "regions": regions_present(session),
                         "territories": sorted(names.items(), key=lambda t: t[1].casefold()),
                         "given_territory": territoire or ""},
                filename="constats")
