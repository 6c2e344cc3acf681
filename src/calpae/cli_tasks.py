"""`calpae worker`, `calpae enqueue` and `calpae jobs`: the ingestion queue from the command
line (ADR 0009)."""

from __future__ import annotations

import json
import logging
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from calpae.cli import DASH_NAMES, STATUS_STYLE, app, cell, console, report_error
from calpae.errors import CalpaeError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from calpae.store.models import IngestJob
    from calpae.tasks import Upload, UploadLimits

JOB_STYLE = {**STATUS_STYLE, "en_attente": "cyan", "en_cours": "blue"}


class WorkerType(StrEnum):
    PROCESS = "process"
    THREAD = "thread"


class JobsFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command("worker")
def worker_command(
    ctx: typer.Context,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1,
                                         help="Nombre de fichiers traités en parallèle.")] = 1,
    worker_type: Annotated[WorkerType, typer.Option(
        "--type", help="Processus (par défaut) ou fils d'exécution.")] = WorkerType.PROCESS,
    queue_url: Annotated[str | None, typer.Option(
        "--queue", help="File d'attente (sqlite:///… ou redis://…) ; par défaut "
        "CALPAE_QUEUE_URL, sinon queue.sqlite3 à côté de la base.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="N'afficher que les "
                                        "erreurs.")] = False,
) -> None:
    """Traiter les fichiers mis en file d'attente (calpae enqueue, envoi web), jusqu'à Ctrl-C."""
    from calpae.tasks import TaskConfig, run_worker

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(processName)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the schema check at each start
    try:
        config = TaskConfig.from_env(database_url=ctx.obj, queue_url=queue_url)
        console(stderr=True).print(
            f"Traitement de la file {config.queue_url} vers la base {config.database_url} "
            f"({workers} {worker_type.value}(s)) ; Ctrl-C pour arrêter.", soft_wrap=True)
        run_worker(config, workers, worker_type.value)
    except CalpaeError as e:
        report_error(console(stderr=True), e)
        raise typer.Exit(2) from e


def progress_cell(job: IngestJob) -> str:
    if job.pages_total and job.status == "en_cours":
        return f"{job.step} ({job.pages_done or 0}/{job.pages_total})"
    return cell(job.step)


def jobs_table(rows: list[IngestJob], title: str = "Tâches d'ingestion") -> Table:
    table = Table(title=title)
    for header in ("N°", "Fichier", "Statut", "Étape", "Document", "Essais", "Créée le",
                   "Erreur"):
        table.add_column(header, overflow="fold")
    for job in rows:
        table.add_row(str(job.id), job.display_name,
                      Text(job.status, style=JOB_STYLE.get(job.status, "")),
                      progress_cell(job), cell(job.document_id), str(job.attempts),
                      job.created_at.strftime("%d/%m/%Y %H:%M:%S"), cell(job.error))
    return table


@app.command("enqueue")
def enqueue_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        help=f"Fichiers ou dossiers (parcourus récursivement). {DASH_NAMES}.")],
    wait: Annotated[bool, typer.Option("--wait", help="Attendre que chaque fichier soit "
                                       "traité (par un calpae worker).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Attente maximale avec --wait "
                                           "(secondes).")] = 3600.0,
    queue_url: Annotated[str | None, typer.Option("--queue", help="File d'attente.")] = None,
) -> None:
    """Mettre des fichiers en file d'attente : ils sont copiés dans le dossier des envois et
    traités par calpae worker (un fichier déjà enregistré est « déjà présent » aussitôt)."""
    from calpae.pipeline import collect_files
    from calpae.tasks import TaskConfig, UploadLimits, enqueue, get_queue, runtime

    out, err = console(), console(stderr=True)
    files = list(collect_files(paths))
    if not files:
        err.print("Aucun fichier à mettre en file d'attente dans ces dossiers.", soft_wrap=True)
        raise typer.Exit(1)
    refused = 0
    job_ids: list[int] = []
    try:
        config = TaskConfig.from_env(database_url=ctx.obj, queue_url=queue_url)
        runtime.configure(config)
        queue, limits = get_queue(config.queue_url), UploadLimits.from_config(config)
        with runtime.sessions()() as session:
            for path in files:
                try:
                    upload = _accept(path, limits, config.upload_dir)
                    job_ids.append(enqueue(session, upload, queue).id)
                except CalpaeError as e:
                    refused += 1
                    report_error(err, e)
            rows = _wait(session, job_ids, timeout) if wait else _jobs(session, job_ids)
    except CalpaeError as e:
        report_error(err, e)
        raise typer.Exit(2) from e
    out.print(jobs_table(rows, "Fichiers mis en file d'attente"))
    failed = sum(1 for j in rows if j.status == "échec")
    waiting = sum(1 for j in rows if j.status in ("en_attente", "en_cours"))
    out.print(f"{len(rows)} tâche(s) : {waiting} en attente ou en cours, "
              f"{sum(1 for j in rows if j.status == 'enregistré')} enregistrée(s), "
              f"{sum(1 for j in rows if j.status == 'déjà présent')} déjà présente(s), "
              f"{failed} en échec ; {refused} fichier(s) refusé(s).")
    if refused or failed or (wait and waiting):
        raise typer.Exit(1)


def _accept(path: Path, limits: UploadLimits, folder: Path) -> Upload:
    from calpae.tasks import accept_upload

    try:
        with path.open("rb") as stream:
            return accept_upload(stream, path.name, limits, folder)
    except FileNotFoundError as e:
        raise CalpaeError(str(path), "fichier introuvable", "file not found") from e
    except IsADirectoryError as e:
        raise CalpaeError(str(path), "c'est un dossier, pas un fichier", "is a directory") from e
    except PermissionError as e:
        raise CalpaeError(str(path), "lecture refusée (droits)", "permission denied") from e


def _jobs(session: Session, job_ids: list[int]) -> list[IngestJob]:
    from calpae.tasks import get_job

    seen: dict[int, IngestJob] = {}
    for job_id in job_ids:  # a file given twice is one job: listed once
        job = get_job(session, job_id)
        if job is not None:
            seen[job_id] = job
    return list(seen.values())


def _wait(session: Session, job_ids: list[int], timeout: float) -> list[IngestJob]:
    from calpae.tasks.jobs import FINAL

    end = time.monotonic() + timeout
    while True:
        rows = _jobs(session, job_ids)
        session.rollback()  # the next read sees the workers' commits
        if all(j.status in FINAL for j in rows) or time.monotonic() > end:
            return rows
        time.sleep(0.5)


@app.command("jobs")
def jobs_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Nombre de tâches (les plus "
                                       "récentes).")] = 50,
    status: Annotated[str | None, typer.Option(
        "--status", help="en_attente, en_cours, enregistré, déjà présent ou échec.")] = None,
    output: Annotated[JobsFormat, typer.Option("--format", help="Format de sortie.")]
    = JobsFormat.TEXT,
) -> None:
    """Lister les tâches d'ingestion : statut, étape (« OCR page 3/30 »), document, erreur."""
    from calpae.tasks import JobStatus, TaskConfig, describe, list_jobs, runtime

    err = console(stderr=True)
    try:
        wanted = JobStatus(status) if status else None
    except ValueError:
        err.print(f"Statut inconnu : {status} (en_attente, en_cours, enregistré, déjà présent, "
                  "échec).", soft_wrap=True)
        raise typer.Exit(2) from None
    try:
        config = TaskConfig.from_env(database_url=ctx.obj)
        with runtime.sessions(config.database_url)() as session:
            rows = list_jobs(session, limit, wanted)
    except CalpaeError as e:
        report_error(err, e)
        raise typer.Exit(2) from e
    if output is JobsFormat.JSON:
        typer.echo(json.dumps([describe(j) for j in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        console().print("Aucune tâche.")
        return
    console().print(jobs_table(rows))
