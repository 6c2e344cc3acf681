"""`calpae serve`: the web interface on the store (FastAPI served by uvicorn), and by default
the queue's embedded worker, so that uploaded files are processed without a `calpae worker`.

With `--workers N` the uvicorn processes build their own applications without a worker; the
serving parent, which only watches them, runs the one embedded worker of the server.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from calpae.cli import app, console, report_error
from calpae.errors import CalpaeError
from calpae.settings import DATABASE_URL_ENV


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Adresse d'écoute (127.0.0.1 : cette "
                                                     "machine seulement).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processus servant les "
                                         "requêtes (plus d'un pour de nombreux utilisateurs "
                                         "simultanés).")] = 1,
    no_worker: Annotated[bool, typer.Option("--no-worker", help="Ne pas traiter la file "
                                            "d'attente des documents déposés dans ce serveur "
                                            "(calpae worker la traite ailleurs).")] = False,
) -> None:
    """Servir l'interface web : tableau de bord, dossiers des territoires, documents avec leurs
    preuves, constats, recherche, dépôt de documents ; chaque page aussi en .json et .csv.
    Les documents déposés sont traités dans ce serveur (un fil), sauf avec --no-worker."""
    import uvicorn

    from calpae.store import open_store
    from calpae.tasks import TaskConfig, get_queue, start_embedded_worker, stop_embedded_worker
    from calpae.web import create_app
    from calpae.web.theme import THEME_ENV, choose_theme

    err = console(stderr=True)
    in_app = 0 if no_worker or workers > 1 else 1
    try:
        theme = choose_theme()
        with open_store(ctx.obj):  # reach and migrate the database now, to say why not here
            pass
        tasks = TaskConfig.from_env(database_url=ctx.obj)
        get_queue(tasks.queue_url)  # an unusable CALPAE_QUEUE_URL is said here too
        application = create_app(ctx.obj, theme.value, queue_workers=in_app, tasks=tasks)
    except (CalpaeError, ValueError) as e:
        if isinstance(e, CalpaeError):
            report_error(err, e)
        else:
            err.print(str(e), soft_wrap=True)
        raise typer.Exit(2) from e
    shown = f"[{host}]" if ":" in host else host
    queue = ("les documents déposés sont traités par calpae worker (--no-worker)" if no_worker
             else "les documents déposés sont traités ici")
    console().print(f"calpae sert sur http://{shown}:{port}/ (thème {theme.value} ; {queue}) ; "
                    "Ctrl+C pour arrêter.", soft_wrap=True, markup=False)
    options = {"host": host, "port": port, "log_level": "warning", "proxy_headers": False,
               "server_header": False}
    if workers == 1:
        uvicorn.run(application, **options)
        return
    # each worker process builds its own application from the environment
    if ctx.obj:
        os.environ[DATABASE_URL_ENV] = ctx.obj
    os.environ[THEME_ENV] = theme.value
    if not no_worker:  # the children are spawned, not forked: this thread stays here
        start_embedded_worker(1, tasks)
    try:
        uvicorn.run("calpae.web.app:app_from_environment", factory=True, workers=workers,
                    **options)
    finally:
        if not no_worker:
            stop_embedded_worker()
