"""`calpae serve`: the web interface on the store (FastAPI served by uvicorn)."""

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
) -> None:
    """Servir l'interface web : tableau de bord, dossiers des territoires, documents avec leurs
    preuves, constats, recherche ; chaque page aussi en .json et .csv."""
    import uvicorn

    from calpae.store import open_store
    from calpae.web import create_app
    from calpae.web.theme import THEME_ENV, choose_theme

    err = console(stderr=True)
    try:
        theme = choose_theme()
        with open_store(ctx.obj):  # reach and migrate the database now, to say why not here
            pass
        application = create_app(ctx.obj, theme.value)
    except (CalpaeError, ValueError) as e:
        if isinstance(e, CalpaeError):
            report_error(err, e)
        else:
            err.print(str(e), soft_wrap=True)
        raise typer.Exit(2) from e
    shown = f"[{host}]" if ":" in host else host
    console().print(f"calpae sert sur http://{shown}:{port}/ (thème {theme.value}) ; "
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
    uvicorn.run("calpae.web.app:app_from_environment", factory=True, workers=workers, **options)
