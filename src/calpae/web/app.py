"""The web application: FastAPI, pages rendered on the server in French, the same data as JSON
and CSV, strict security headers, French error pages."""

from __future__ import annotations

import http
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from calpae.store import open_store
from calpae.store.files import FileStore
from calpae.store.revision import current_revision
from calpae.tasks import TaskConfig, start_embedded_worker, stop_embedded_worker
from calpae.web.cache import PageCache, cache_bytes_from_env
from calpae.web.formatting import FILTERS, GLOBALS
from calpae.web.pages import router
from calpae.web.render import Format, FrenchJSONResponse, format_of, page_path
from calpae.web.theme import DSFR_CSS, DSFR_JS, STATIC_DIR, Theme, choose_theme
from calpae.web.uploads import UPLOAD_THREADS, RequestLimits

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# No inline script or style anywhere: scripts and style sheets are files of /static.
# SVG data URIs are allowed as images (the DSFR draws some icons so).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

WORKER_STOP_SECONDS = 30.0  # how long shutdown waits for the file being processed

ERROR_TITLES = {400: "Requête invalide", 404: "Page introuvable",
                405: "Méthode non autorisée", 500: "Erreur interne"}
ERROR_TEXTS = {
    400: "Les paramètres de la requête ne sont pas valides.",
    404: "La page demandée n'existe pas ou plus. Vérifiez l'adresse, ou repartez du "
         "tableau de bord.",
    405: "Cette adresse ne répond pas à cette méthode.",
    500: "Une erreur inattendue s'est produite. Réessayez plus tard.",
}


class SecurityHeaders:
    """Adds the security headers to every response (a pure ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"],
                                      *(h for h in SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def templates_environment(theme: Theme) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS, theme=theme.value, DSFR_CSS=f"/static/{DSFR_CSS}",
                       DSFR_JS=f"/static/{DSFR_JS}")
    return env


def error_response(request: Request, status: int, detail: Any = None) -> Response:
    """The error in the form asked for: a French HTML page, JSON `{"detail": …}` or text."""
    french = detail if isinstance(detail, str) and detail and not _is_english_phrase(
        detail, status) else ERROR_TEXTS.get(status, ERROR_TEXTS[500])
    fmt = format_of(request.url.path)
    if fmt is Format.JSON:
        return FrenchJSONResponse({"detail": french, "status": status}, status_code=status)
    if fmt is Format.CSV:
        return PlainTextResponse(french, status_code=status)
    title = ERROR_TITLES.get(status, "Erreur")
    html = request.app.state.templates.get_template("error.html").render(
        request=request, title=title, status=status, detail=french,
        formats={"html": page_path(request.url.path)})
    return HTMLResponse(html, status_code=status)


def _is_english_phrase(detail: str, status: int) -> bool:
    try:
        return detail == http.HTTPStatus(status).phrase
    except ValueError:
        return False


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(request, exc.status_code, exc.detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    """A bad path parameter (`/documents/abc`) is a page that does not exist; a bad query
    parameter a bad request, said in French."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("loc", ("",))[0] == "path" for e in errors):
        return error_response(request, 404)
    names = ", ".join(sorted({str(e["loc"][-1]) for e in errors if e.get("loc")}))
    return error_response(request, 400, f"Paramètre invalide : {names}.")


async def _server_error(request: Request, exc: Exception) -> Response:
    return error_response(request, 500)


def _revision(app: FastAPI) -> int:
    with app.state.sessions.kw["bind"].connect() as connection:
        return current_revision(connection)


def create_app(database_url: str | None = None, theme: str | None = None, *,
               queue_workers: int = 0, tasks: TaskConfig | None = None) -> FastAPI:
    """The application on the database at `database_url` (else CALPAE_DATABASE_URL, else the
    default file); its schema is brought up to date at start-up.

    Uploads go to the queue of `tasks` (default: `TaskConfig.from_env`). With
    `queue_workers` > 0, the embedded worker (that many threads) is started with the
    application and stopped with it; with 0, `calpae worker` processes the queue elsewhere.
    """
    chosen = choose_theme(theme)
    config = tasks or TaskConfig.from_env(database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with open_store(database_url) as sessions:
            app.state.sessions = sessions
            app.state.upload_limiter = anyio.CapacityLimiter(UPLOAD_THREADS)
            if queue_workers:
                await anyio.to_thread.run_sync(start_embedded_worker, queue_workers, config)
            try:
                yield
            finally:
                if queue_workers:
                    await anyio.to_thread.run_sync(stop_embedded_worker, WORKER_STOP_SECONDS)

    app = FastAPI(
        title="calpae", lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url="/openapi.json", version="0.1.0",
        description="Conventions d'appui à la lutte contre la pauvreté et d'accès à l'emploi "
                    "(CALPAE) : documents, valeurs extraites avec leur preuve, constats, "
                    "consolidation. Chaque page HTML a sa forme .json et .csv.")
    app.state.templates = templates_environment(chosen)
    app.state.files = FileStore.for_url(database_url)  # kept PDFs and images, by sha256
    app.state.theme = chosen
    app.state.tasks = config
    app.state.upload_limits = RequestLimits.from_config(config)
    app.add_middleware(PageCache, revision=lambda: _revision(app), max_bytes=cache_bytes_from_env())
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    return app


def app_from_environment() -> FastAPI:
    """The application on CALPAE_DATABASE_URL and CALPAE_THEME: what each uvicorn worker
    process builds when `calpae serve --workers N` runs several (without an embedded worker:
    the serving parent runs the one of the server)."""
    return create_app()
