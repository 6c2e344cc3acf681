"""`calpae checks`, `calpae dossier` and `calpae consolidate`: findings, a territory's dossier,
national and regional totals."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from calpae.checks.french import euros, percent
from calpae.cli import DASH_NAMES, app, cell, console, kind_label, report_error
from calpae.errors import CalpaeError

SEVERITY_STYLE = {"erreur": "red", "alerte": "yellow", "info": "cyan"}


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


class TableFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def _print_findings(findings: list[dict[str, Any]], output: Format) -> None:
    out = console()
    if output is Format.JSON:
        typer.echo(json.dumps(findings, ensure_ascii=False, indent=2))
        return
    if not findings:
        out.print("Aucune anomalie.")
        return
    for f in findings:
        files = ", ".join(d["name"] for d in f["documents"])
        out.print(Text.assemble((f"[{f['severity']}] ", SEVERITY_STYLE.get(f["severity"], "")),
                                (f["rule"], "bold"), f" — {files}"), soft_wrap=True)
        out.print(Text(f"  {f['message']}"), soft_wrap=True)
        for v in f["values"]:
            where = "; ".join(f"ligne {e['line']}" + (f", page {e['page']}" if e.get("page")
                                                       else "") + f" : « {e['text']} »"
                              for e in v["evidence"][:3])
            out.print(Text(f"    · {v['label']} ({v['status']}) — {where}"), soft_wrap=True)
        out.print(Text(f"  Pourquoi : {f['explanation']}", style="dim"), soft_wrap=True)
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITY_STYLE}
    out.print(f"{len(findings)} constat(s) : {counts['erreur']} erreur(s), "
              f"{counts['alerte']} alerte(s), {counts['info']} info(s).")


@app.command("checks")
def checks_command(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help=f"Fichiers à contrôler sans les enregistrer. {DASH_NAMES}.")] = None,
    all_stored: Annotated[bool, typer.Option("--all", help="Les constats de la base.")] = False,
    territory: Annotated[str | None, typer.Option(
        "--territory", help="Code, nom ou clé du territoire.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Exercice.")] = None,
    output: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.TEXT,
) -> None:
    """Contrôler des documents : sommes, articles et tableau, cofinancement, exécution, dates,
    complétude, copies, et d'une année sur l'autre."""
    err = console(stderr=True)
    if paths and all_stored:
        err.print("Donner des fichiers ou --all, pas les deux.")
        raise typer.Exit(2)
    if not paths and not all_stored and territory is None:
        err.print("Donner des fichiers, --all ou --territory.")
        raise typer.Exit(2)
    try:
        findings = (_check_files(paths) if paths
                    else _stored_findings(ctx.obj, territory, year))
    except CalpaeError as e:
        report_error(err, e)
        raise typer.Exit(2) from e
    if year is not None and paths:  # a finding about no particular year is kept
        findings = [f for f in findings if not f["years"] or year in f["years"]]
    _print_findings(findings, output)


def _check_files(paths: list[Path]) -> list[dict[str, Any]]:
    from calpae.checks import CheckedDocument, DocumentRef, check_documents
    from calpae.checks.identity import copy_of, distinct
    from calpae.pipeline import collect_files
    from calpae.process import extract_file

    docs, copies = [], []
    for path in collect_files(paths):
        source, extraction = extract_file(path)
        doc = CheckedDocument(DocumentRef(path.name), extraction)
        docs.append(doc)
        ocr = any(p.method == "ocr" for p in source.pages)
        copies.append(copy_of(doc, source.text, source.file.format, ocr))
    years = {d.ref.name: d.year for d in docs}
    kept, duplicates = distinct(docs, copies)
    out = []
    for f in [*check_documents(kept), *duplicates]:
        item = f.to_json()
        item["years"] = sorted({years[d.name] for d in f.all_documents if years.get(d.name)})
        out.append(item)
    return out


def _stored_findings(url: str | None, territory: str | None,
                     year: int | None) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from calpae.store import open_store
    from calpae.store.models import Finding
    from calpae.store.territory import resolve_territory

    with open_store(url) as sessions, sessions() as session:
        query = select(Finding)
        if territory is not None:
            key = resolve_territory(session, territory)
            if key is None:
                raise CalpaeError(None, f"territoire inconnu : {territory}", "unknown territory")
            query = query.where(Finding.territory_key == key)
        if year is not None:
            query = query.where(Finding.year == year)
        order = {"erreur": 0, "alerte": 1, "info": 2}
        rows = sorted(session.scalars(query), key=lambda f: (
            order.get(f.severity, 3), f.territory_key or "", f.year or 0, f.rule, f.id))
        return [{"id": f.identity, "rule": f.rule, "severity": f.severity,
                 "territory": f.territory_key, "year": f.year, "message": f.message,
                 "explanation": f.explanation,
                 "documents": [{"id": d.id, "name": d.source_file.name} for d in f.documents],
                 "values": f.cited} for f in rows]


@app.command("dossier")
def dossier_command(
    ctx: typer.Context,
    territory: Annotated[str, typer.Argument(
        help="Code, nom ou clé du territoire (29, Finistère).")],
    year: Annotated[int | None, typer.Option("--year", help="Un seul exercice.")] = None,
    output: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.TEXT,
) -> None:
    """Le dossier d'un territoire : ses documents, les actions et crédits en vigueur chaque
    année, l'exécution, les reports et les constats."""
    from calpae.store import open_store
    from calpae.store.territory import resolve_territory, territory_dossier

    err = console(stderr=True)
    try:
        with open_store(ctx.obj) as sessions, sessions() as session:
            key = resolve_territory(session, territory)
            dossier = territory_dossier(session, key, year) if key else None
            if dossier is None:
                err.print(Text(f"Aucun document pour le territoire « {territory} »."))
                raise typer.Exit(1)
            data = dossier.to_json()
    except CalpaeError as e:
        report_error(err, e)
        raise typer.Exit(2) from e
    if output is Format.JSON:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _print_dossier(data)


def _print_dossier(data: dict[str, Any]) -> None:
    out = console()
    t = data["territory"]
    out.print(Text(f"Dossier {t['name'] or t['key']} ({t['key']})", style="bold"))
    docs = Table(title="Documents")
    for header in ("N°", "Fichier", "Type", "Année", "En vigueur", "Identité"):
        docs.add_column(header, overflow="fold")
    for d in data["documents"]:
        label = kind_label(d["kind"]) + (f" n°{d['amendment_number']}"
                                         if d["amendment_number"] else "")
        identity = d["identity"] or ""
        docs.add_row(str(d["id"]), d["file"], label, cell(d["year"]),
                     "oui" if d["in_force"] else "non", identity)
    out.print(docs)
    for y in data["years"]:
        table = Table(title=f"Exercice {y['year']} — crédits État {euros(y['state_credits'])}"
                      + (f", report {euros(y['carryover'])}" if y["carryover"] else ""))
        for header in ("Fiche", "Mesure", "Part État", "Part département", "Autres",
                       "Budget", "Engagé", "Réalisé", "Report demandé"):
            table.add_column(header, overflow="fold")
        executed = {a["ref"]: a for a in y["execution"] if a["ref"]}
        for a in y["actions"] or y["execution"]:
            e = executed.get(a["ref"], a if not y["actions"] else {})
            table.add_row(cell(a["ref"]), cell(a["theme"]), *(
                euros(a[k]) if a[k] is not None else "—"
                for k in ("state", "territory", "other", "total")), *(
                euros(e.get(k)) if e.get(k) is not None else "—"
                for k in ("engaged", "consumed", "carryover_requested")))
        out.print(table)
    _print_findings([{**f, "documents": [], "values": []} for f in data["findings"]],
                    Format.TEXT)


class By(StrEnum):
    """`store.consolidation.GroupBy`, spelled again so that loading the CLI does not load
    SQLAlchemy (`calpae extract` starts without the database stack)."""

    MEASURE = "measure"
    SECTION = "section"
    TERRITORY = "territory"
    REGION = "region"
    YEAR = "year"
    NATION = "nation"


_COLUMNS = (("documents", "Documents"), ("state_credits", "Crédits État (articles)"),
            ("carryover", "Reports"), ("state", "Part État"), ("territory", "Part département"),
            ("other", "Autres financeurs"), ("total", "Budget"), ("engaged", "Engagé"),
            ("consumed", "Réalisé"), ("carryover_requested", "Report demandé"),
            ("execution_rate", "Taux d'exécution"))


@app.command("consolidate")
def consolidate_command(
    ctx: typer.Context,
    by: Annotated[By, typer.Option("--by", help="Regrouper par.")] = By.NATION,
    year: Annotated[int | None, typer.Option("--year", help="Un seul exercice.")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Code INSEE de la région.")]
    = None,
    output: Annotated[TableFormat, typer.Option("--format", help="Format de sortie.")]
    = TableFormat.TEXT,
) -> None:
    """Totaux par mesure, section, territoire, région ou année : crédits État et département,
    autres financeurs, engagé, réalisé, taux d'exécution, reports (chaque copie comptée une
    fois)."""
    from calpae.store import open_store
    from calpae.store.consolidation import GroupBy, consolidate

    try:
        with open_store(ctx.obj) as sessions, sessions() as session:
            rows = [r.to_json() for r in consolidate(session, GroupBy(by.value), year, region)]
    except CalpaeError as e:
        report_error(console(stderr=True), e)
        raise typer.Exit(2) from e
    if output is TableFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output is TableFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["groupe", "libelle", *(k for k, _ in _COLUMNS)])
        for r in rows:
            writer.writerow([r["group"], r["label"], *("" if r[k] is None else r[k]
                                                      for k, _ in _COLUMNS)])
        typer.echo(buffer.getvalue(), nl=False)
    else:
        table = Table(title="Consolidation")
        table.add_column("Groupe", overflow="fold")
        for _k, header in _COLUMNS:
            table.add_column(header, justify="right")
        for r in rows:
            table.add_row(r["label"], str(r["documents"]), *(
                (percent(r[k]) if k == "execution_rate" else euros(r[k]))
                if r[k] is not None else "—" for k, _ in _COLUMNS[1:]))
        console().print(table)
