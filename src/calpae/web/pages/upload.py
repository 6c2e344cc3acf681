"""`/deposer`: the upload form (a drop zone too, with `static/calpae-upload.js`), and its
`POST`, which hands each file to the queue (`web/uploads.py` reads the request).

With the script, each file is sent by itself to `/deposer.json` and its job polled through
`/taches.json?ids=`; without it, the form posts every file at once and is redirected (303) to
the list of their jobs, `/taches?ids=…`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.requests import ClientDisconnect

from calpae.errors import LimitExceeded, UploadRefused
from calpae.tasks import TaskConfig, display_name, get_queue
from calpae.tasks.upload import size_text, too_large
from calpae.web.multipart import boundary_of
from calpae.web.pages.jobs import job_row
from calpae.web.render import Format, FrenchJSONResponse, Page, Pages, format_of, respond
from calpae.web.uploads import (
    Received,
    RequestLimits,
    enqueue_all,
    interrupted,
    receive_files,
    request_too_large,
)

router = APIRouter()
pages = Pages(router)

FIELD = "fichiers"
FORMATS = ("PDF", "DOCX", "Markdown", "HTML", "texte", "image")
ACCEPT = (".pdf,.docx,.md,.markdown,.html,.htm,.txt,.png,.jpg,.jpeg,.tif,.tiff,"
          "application/pdf,text/plain,text/markdown,text/html,image/png,image/jpeg,image/tiff,"
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
READ_TIMEOUT_SECONDS = 60.0  # the longest wait for the body's next bytes
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": [FIELD], "properties": {FIELD: {
        "type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}


def upload_page(request: Request, files: list[dict[str, Any]] | None = None,
                error: str | None = None) -> Page:
    limits: RequestLimits = request.app.state.upload_limits
    data = {"limits": {"max_file_bytes": limits.file.max_bytes, "max_files": limits.max_files,
                       "max_request_bytes": limits.max_request_bytes},
            "formats": list(FORMATS), "field": FIELD, "upload_url": "/deposer.json",
            "jobs_url": "/taches.json", "files": files or [], "error": error}
    return Page("upload.html", "Déposer des documents", data,
                context={"accept": ACCEPT, "file_size": size_text(limits.file.max_bytes),
                         "too_large": too_large(None, limits.file.max_bytes).message},
                filename="deposer", cacheable=False)


@pages("/deposer", name="upload", summary="Déposer des documents : le formulaire et ses limites")
def upload(request: Request) -> Page:
    """Les limites d'un envoi (taille d'un fichier, nombre de fichiers, taille totale) et les
    formats lus. Pour déposer : `POST /deposer.json` (multipart/form-data, champ `fichiers`,
    un ou plusieurs fichiers ; `?nom=` donne le nom d'un fichier seul pour les messages
    d'erreur) ; la réponse donne pour chaque fichier son nom, sa tâche et son statut, ou
    l'erreur ; `/taches.json?ids=` suit les tâches."""
    return upload_page(request)


def file_row(r: Received) -> dict[str, Any]:
    """A file of the request: its job (which may be an earlier one, for the same bytes) or
    why it was refused; `name` is this file's, as sent."""
    if r.job is not None:
        row = job_row(r.job)
        job_id = row.pop("id")
        return {**row, "name": r.name, "job_id": job_id, "refused": False}
    message = r.error.message if r.error is not None else None
    return {"name": r.name, "job_id": None, "refused": True, "status": "échec",
            "status_label": "échec", "final": True, "step": None, "pages_done": None,
            "pages_total": None, "document_id": None, "document_url": None, "url": None,
            "error": message}


def _wants_json(request: Request) -> bool:
    if format_of(request.url.path) is Format.JSON:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _cross_site(request: Request) -> bool:
    """Whether a browser sent this form from another site (a page elsewhere must not fill the
    store through a visitor's browser); programs sending neither header are let through."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc.lower() != request.headers.get(
        "host", "").lower()


def _early_refusal(request: Request, limits: RequestLimits,
                   name: str | None) -> tuple[int, UploadRefused] | None:
    """What the headers alone refuse, before any byte of the body is read."""
    if _cross_site(request):
        return 403, UploadRefused(None, "envoi refusé : le formulaire vient d'un autre site",
                                  "cross-site upload refused")
    try:
        if boundary_of(request.headers.get("content-type", "")) is None:
            return 415, UploadRefused(None, "envoi attendu en multipart/form-data (un "
                                      "formulaire avec des fichiers)",
                                      "expected multipart/form-data")
    except UploadRefused as e:
        return 400, e
    length = request.headers.get("content-length")
    if length is not None:
        if not length.strip().isdigit():
            return 400, UploadRefused(None, "en-tête Content-Length invalide",
                                      "invalid Content-Length")
        if int(length) > limits.max_request_bytes:
            return 413, request_too_large(name, limits.max_request_bytes, int(length))
    return None


async def _receive(request: Request) -> list[Received]:
    """The request's files, read in a thread of their own (the copying and hashing must not
    hold the event loop) that pulls the body's chunks from the event loop one at a time."""
    state = request.app.state
    config: TaskConfig = state.tasks
    boundary = boundary_of(request.headers["content-type"])
    assert boundary is not None
    stream = request.stream()

    async def next_chunk() -> bytes:
        try:
            with anyio.fail_after(READ_TIMEOUT_SECONDS):
                return await stream.__anext__()
        except StopAsyncIteration:
            return b""
        except ClientDisconnect as e:
            raise interrupted() from e
        except TimeoutError as e:  # a client that stalls must not hold an upload slot
            raise interrupted(READ_TIMEOUT_SECONDS) from e

    def work() -> list[Received]:
        received = receive_files(lambda: anyio.from_thread.run(next_chunk), boundary,
                                 state.upload_limits, config.upload_dir)
        enqueue_all(received, state.sessions, get_queue(config.queue_url))
        return received

    return await anyio.to_thread.run_sync(work, limiter=state.upload_limiter)


def _refused(request: Request, status: int, error: UploadRefused, as_json: bool) -> Response:
    # past a size limit the rest of the body is not wanted: the connection is closed after
    # the answer instead of reading it through
    headers = {"Connection": "close"} if status == 413 else None
    if as_json:
        return FrenchJSONResponse({"detail": error.message, "status": status, "files": []},
                                  status_code=status, headers=headers)
    response = respond(request, upload_page(request, error=error.message), Format.HTML,
                       status_code=status)
    if headers:
        response.headers.update(headers)
    return response


@router.post("/deposer.json", name="upload_post.json", response_class=FrenchJSONResponse,
             summary="Déposer des fichiers (multipart/form-data, champ « fichiers »)",
             openapi_extra=UPLOAD_BODY)
@router.post("/deposer", name="upload_post", include_in_schema=False)
async def upload_post(request: Request) -> Response:
    """Chaque fichier est lu par morceaux et mis en file d'attente (mêmes octets : même tâche
    ou « déjà présent ») ; la réponse donne, par fichier, `name`, `job_id`, `status`, `step`,
    `document_id` ou `error`. 202 si au moins un fichier est en file, 413 (trop volumineux)
    ou 422 sinon ; un envoi refusé en entier ne garde aucun fichier (413 : plus de
    `CALPAE_MAX_REQUEST_BYTES` octets ou de `CALPAE_MAX_UPLOAD_FILES` fichiers)."""
    as_json = _wants_json(request)
    nom = request.query_params.get("nom")
    name = display_name(nom) if nom else None
    refusal = _early_refusal(request, request.app.state.upload_limits, name)
    if refusal is not None:
        return _refused(request, *refusal, as_json)
    try:
        received = await _receive(request)
    except UploadRefused as e:
        return _refused(request, 413 if isinstance(e, LimitExceeded) else 400, e, as_json)
    rows = [file_row(r) for r in received]
    job_ids = list(dict.fromkeys(r["job_id"] for r in rows if r["job_id"] is not None))
    jobs_url = f"/taches?ids={','.join(map(str, job_ids))}"
    if job_ids:
        status = 202
    elif any(isinstance(r.error, LimitExceeded) for r in received):
        status = 413
    else:
        status = 422
    if as_json:
        return FrenchJSONResponse({"files": rows, "jobs": job_ids, "jobs_url": jobs_url},
                                  status_code=status)
    if all(not r["refused"] for r in rows):
        return RedirectResponse(jobs_url, status_code=303)
    return respond(request, upload_page(request, files=rows), Format.HTML, status_code=status)
