"""The `calpae` command: ingest files into the store, extract one file, list what is stored."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from calpae.errors import CalpaeError
from calpae.extract import dumps
from calpae.process import extract_file
from calpae.settings import DATABASE_URL_ENV

# The database stack (SQLAlchemy, Alembic) is imported by the commands that use it, so that
# `calpae extract` starts without it.
if TYPE_CHECKING:
    from calpae.pipeline import IngestResult

app = typer.Typer(
    name="calpae",
    help="Lire, extraire et consolider les documents CALPAE (conventions, avenants, "
    "rapports d'exécution).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Click reads any argument that begins with "-" as an option, unless it comes after "--".
DASH_NAMES = "Un nom de fichier qui commence par « - » se donne après « -- »"

STATUS_STYLE = {"enregistré": "green", "déjà présent": "yellow", "échec": "red"}


class OutputFormat(StrEnum):
    CALPAE_JSON = "calpae-json"


# Width used when the output is a file or a pipe, where Rich would otherwise assume 80.
PIPE_WIDTH = 160


def console(stderr: bool = False) -> Console:
    made = Console(stderr=stderr, highlight=False)
    if not made.is_terminal:
        made.width = PIPE_WIDTH
    return made


def report_error(err: Console, error: CalpaeError) -> None:
    """One red line, never wrapped, never read as Rich markup (file names may hold brackets)."""
    err.print(Text(error.message, style="red"), soft_wrap=True)


@app.callback()
def main(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", "--db", envvar=DATABASE_URL_ENV,
                     help="Base de données (URL SQLAlchemy) ; par défaut var/calpae.sqlite3."),
    ] = None,
) -> None:
    """Lire, extraire et consolider les documents CALPAE."""
    ctx.obj = database_url


def cell(value: object) -> str:
    return "—" if value is None else str(value)


KIND_LABELS = {"convention": "Convention", "avenant": "Avenant",
               "rapport_execution": "Rapport d'exécution"}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(str(kind), cell(kind))


def results_table(results: list[IngestResult]) -> Table:
    table = Table(title="Ingestion")
    for header in ("Fichier", "Format", "Type", "Territoire", "Année", "Actions", "Statut"):
        table.add_column(header, overflow="fold")
    for r in results:
        table.add_row(r.path.name, cell(r.format), kind_label(r.kind), cell(r.territory),
                      cell(r.exercise_year), cell(r.actions),
                      Text(str(r.status), style=STATUS_STYLE[r.status]))
    return table


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help=f"Fichiers ou dossiers (parcourus récursivement). {DASH_NAMES} : "
        "calpae ingest -- -avenant.pdf")],
) -> None:
    """Enregistrer des fichiers dans la base (un fichier = une transaction)."""
    from calpae.pipeline import IngestStatus, collect_files, ingest_paths
    from calpae.store import open_store

    out, err = console(), console(stderr=True)
    files = list(collect_files(paths))
    if not files:
        err.print("Aucun fichier à enregistrer dans ces dossiers.", soft_wrap=True)
        raise typer.Exit(1)
    results: list[IngestResult] = []
    try:
        with open_store(ctx.obj) as sessions, sessions() as session, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
        ) as progress:
            task = progress.add_task("Ingestion", total=len(files))
            for result in ingest_paths(session, files):
                results.append(result)
                progress.update(task, advance=1, description=result.path.name)
    except CalpaeError as e:
        report_error(err, e)
        raise typer.Exit(2) from e
    out.print(results_table(results))
    failed = [r for r in results if r.error is not None]
    for r in failed:
        report_error(err, r.error)
    counts = {s: sum(1 for r in results if r.status is s) for s in IngestStatus}
    out.print(f"{counts[IngestStatus.STORED]} enregistré(s), "
              f"{counts[IngestStatus.DUPLICATE]} déjà présent(s), "
              f"{counts[IngestStatus.FAILED]} en échec.")
    if failed:
        raise typer.Exit(1)


@app.command("extract")
def extract_command(
    file: Annotated[Path, typer.Argument(
        help=f"Le fichier à lire. {DASH_NAMES} : calpae extract -- -avenant.pdf")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="Format de sortie.")]
    = OutputFormat.CALPAE_JSON,
    evidence: Annotated[bool, typer.Option("--evidence", help="Ajouter la preuve (position "
                                                              "dans le texte) de chaque valeur.")]
    = False,
) -> None:
    """Afficher l'extraction d'un fichier sans l'enregistrer."""
    try:
        _source, extraction = extract_file(file)
    except CalpaeError as e:
        report_error(console(stderr=True), e)
        raise typer.Exit(1) from e
    typer.echo(dumps(extraction, evidence=evidence))


@app.command("list")
def list_command(ctx: typer.Context) -> None:
    """Lister les documents enregistrés."""
    from calpae.store import list_documents, open_store

    out = console()
    try:
        with open_store(ctx.obj) as sessions, sessions() as session:
            documents = list_documents(session)
            table = Table(title="Documents enregistrés")
            for header in ("N°", "Fichier", "Format", "Type", "Avenant", "Territoire", "Année",
                           "Actions", "Enregistré le"):
                table.add_column(header, overflow="fold")
            for d in documents:
                f = d.source_file
                territory = " ".join(p for p in (d.territory_code, d.territory_name) if p)
                table.add_row(str(d.id), f.name, f.format, kind_label(d.kind),
                              cell(d.amendment_number), territory or "—",
                              cell(d.exercise_year), str(d.action_count),
                              f.ingested_at.strftime("%d/%m/%Y %H:%M"))
    except CalpaeError as e:
        report_error(console(stderr=True), e)
        raise typer.Exit(2) from e
    if not documents:
        out.print("Aucun document enregistré.")
        return
    out.print(table)
    out.print(f"{len(documents)} document(s).")


def parse_years(text: str) -> range:
    """`2019-2022` → range(2019, 2023)."""
    first, _, last = text.partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise typer.BadParameter("années attendues sous la forme 2019-2022") from None


@app.command("demo-corpus")
def demo_corpus(
    out_dir: Annotated[Path, typer.Argument(help="Dossier où écrire le corpus et son "
                                                 "manifest.json.")],
    territories: Annotated[int, typer.Option("--territories", min=1,
                                             help="Nombre de départements.")] = 3,
    years: Annotated[str, typer.Option("--years", help="Années couvertes, de 2019-2020 à "
                                                       "2019-2022.")] = "2019-2022",
    seed: Annotated[int, typer.Option("--seed", help="Graine : la même graine écrit les "
                                                     "mêmes fichiers.")] = 0,
    plant_rate: Annotated[float, typer.Option("--plant-rate", min=0.0, max=1.0,
                                              help="Probabilité d'introduire chaque "
                                              "incohérence là où elle peut l'être.")] = 0.1,
    scans: Annotated[int, typer.Option("--scans", min=0, help="Nombre de documents écrits en "
                                       "PDF scanné (image seule).")] = 0,
) -> None:
    """Écrire un corpus de démonstration : dossiers CALPAE pluriannuels cohérents de
    départements réels, incohérences introduites à un taux connu et listées dans le manifeste."""
    from calpae.demo.corpus import generate

    err = console(stderr=True)
    try:
        span = parse_years(years)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True,
                      disable=not err.is_terminal) as progress:
            task = progress.add_task("Écriture du corpus", total=None)
            data = generate(out_dir, territories, span, seed, plant_rate, scans,
                            advance=lambda n: progress.update(task, advance=n),
                            on_total=lambda n: progress.update(task, total=n))
    except ValueError as e:
        err.print(Text(str(e), style="red"), soft_wrap=True)
        raise typer.Exit(2) from e
    console().print(f"{len(data['documents'])} fichier(s) écrit(s) dans {out_dir}, "
                    f"{len(data['planted'])} incohérence(s) introduite(s) ; "
                    f"manifeste : {out_dir / 'manifest.json'}", soft_wrap=True)


# The checks, dossier and consolidation commands, and `serve`, live in their own modules;
# importing them registers them on `app`.
from calpae import cli_checks as _cli_checks  # noqa: E402, F401

# The ingestion queue's commands (worker, enqueue, jobs) likewise.
from calpae import cli_tasks as _cli_tasks  # noqa: E402, F401
from calpae import cli_web as _cli_web  # noqa: E402, F401
