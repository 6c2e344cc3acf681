"""`/`: the territories × years matrix, the totals by measure, section and year, the execution
rates and the findings by severity, filtered by région and year."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from calpae.store.consolidation import GroupBy, consolidate
from calpae.web.charts import Bar, bar_chart
from calpae.web.deps import Region, SessionDep, Year
from calpae.web.formatting import SEVERITY_LABELS, euros, percent
from calpae.web.queries import matrix, region_name, regions_present, severity_counts, years_present
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

SEVERITY_TONES = {"erreur": "error", "alerte": "warning", "info": "info"}


@pages("/", name="dashboard",
       summary="Tableau de bord : territoires × exercices, totaux, taux d'exécution, constats")
def dashboard(session: SessionDep, annee: Year = None, region: Region = None) -> Page:
    """Les documents en vigueur et les crédits de l'État par territoire et par exercice ; les
    totaux par mesure du socle, par section et par exercice (chaque copie comptée une fois) ;
    les constats par gravité. Filtres : `annee`, `region` (code INSEE)."""
    by_measure = consolidate(session, GroupBy.MEASURE, annee, region)
    by_section = consolidate(session, GroupBy.SECTION, annee, region)
    by_year = consolidate(session, GroupBy.YEAR, annee, region)
    nation = consolidate(session, GroupBy.NATION, annee, region)
    severities = severity_counts(session, annee, region)
    rows = matrix(session, annee, region)
    data: dict[str, Any] = {
        "filters": {"year": annee, "region": region, "region_name": region_name(region)},
        "national": nation[0].to_json() if nation else None,
        "matrix": rows,
        "by_measure": [a.to_json() for a in by_measure],
        "by_section": [a.to_json() for a in by_section],
        "by_year": [a.to_json() for a in by_year],
        "findings_by_severity": severities,
    }
    years = sorted({r["year"] for r in rows})
    territories: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = territories.setdefault(r["territory_key"] or "", {
            "key": r["territory_key"], "name": r["territory_name"], "region": r["region"],
            "years": {}})
        entry["years"][r["year"]] = r
    charts = {
        "credits": bar_chart("graphique-credits", "Crédits de l'État par exercice (articles)",
                             [Bar(str(a.group), a.state_credits or 0.0, euros(a.state_credits))
                              for a in by_year if a.state_credits is not None]),
        "execution": bar_chart("graphique-execution", "Taux d'exécution par mesure (réalisé / "
                               "budget prévu des rapports)",
                               [Bar(a.label, a.execution_rate, percent(a.execution_rate))
                                for a in by_measure if a.execution_rate is not None],
                               maximum=1.0),
        "severity": bar_chart("graphique-constats", "Constats par gravité",
                              [Bar(SEVERITY_LABELS[s["severity"]], s["findings"],
                                   str(s["findings"]), SEVERITY_TONES[s["severity"]])
                               for s in severities]),
    }
    title = "Tableau de bord" + (f" — {annee}" if annee else "") + (
        f" — {region_name(region) or region}" if region else "")
    return Page("dashboard.html", title, data,
                tables=("matrix", "by_measure", "by_section", "by_year",
                        "findings_by_severity"),
                context={"years": years, "territories": list(territories.values()),
                         "charts": charts, "regions": regions_present(session),
                         "all_years": years_present(session)},
                filename="tableau-de-bord")
