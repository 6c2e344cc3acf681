"""`/taches` and `/taches/{id}`: the ingestion jobs of the queue (an uploaded file's status,
step « OCR page 3/30 », its document or why it failed), as they are when the page is read.

`/taches.json?ids=3,4` is what the upload page polls.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BeforeValidator, Field

from calpae.tasks import JobStatus, describe, get_job, list_jobs
from calpae.web.deps import SessionDep, Text, blank_is_none
from calpae.web.formatting import JOB_STATUS_LABELS, document_url
from calpae.web.render import Page, Pages

router = APIRouter()
pages = Pages(router)

LIMIT = 200
MAX_IDS = 500

Ids = Annotated[Annotated[str, Field(max_length=10 * MAX_IDS)] | None,
                BeforeValidator(blank_is_none),
                Query(description="Numéros de tâches séparés par des virgules, par exemple "
                                  "3,4,5 (les tâches d'un envoi).")]


def job_row(job: dict[str, Any]) -> dict[str, Any]:
    """A job as `describe` gives it, with its status in words and its links."""
    return {**job, "status_label": JOB_STATUS_LABELS.get(job["status"], job["status"]),
            "url": f"/taches/{job['id']}",
            "document_url": document_url(job["document_id"]) if job["document_id"] else None}


def _ids(text: str) -> list[int]:
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise HTTPException(400, "Paramètre invalide : ids (des numéros de tâches séparés par "
                                 "des virgules).") from None
    if len(ids) > MAX_IDS or any(i < 1 for i in ids):
        raise HTTPException(400, f"Paramètre invalide : ids (au plus {MAX_IDS} numéros "
                                 "positifs).")
    return list(dict.fromkeys(ids))


@pages("/taches", name="jobs", summary="Tâches d'ingestion : fichiers déposés et leur état")
def jobs(session: SessionDep, ids: Ids = None, statut: Text = None) -> Page:
    """Les tâches d'ingestion, les plus récentes d'abord (200 au plus) : fichier, statut
    (en_attente, en_cours, enregistré, déjà présent, échec), étape (« OCR page 3/30 »), pages
    faites et total, document enregistré, erreur. Filtres : `ids` (numéros séparés par des
    virgules, dans cet ordre), `statut`."""
    status = None
    if statut:
        try:
            status = JobStatus(statut)
        except ValueError:
            raise HTTPException(400, f"Statut inconnu : « {statut} » (en_attente, en_cours, "
                                     "enregistré, déjà présent ou échec).") from None
    wanted = _ids(ids) if ids else None
    found = list_jobs(session, LIMIT if wanted is None else None, status, wanted)
    if wanted is not None:
        order = {job_id: i for i, job_id in enumerate(wanted)}
        found.sort(key=lambda j: order[j.id])
    rows = [job_row(describe(j)) for j in found]
    title = "Fichiers déposés" if wanted is not None else "Tâches d'ingestion"
    return Page("jobs.html", title, {"filters": {"ids": wanted, "status": status},
                                     "total": len(rows), "jobs": rows},
                tables=("jobs",), context={"statuses": JOB_STATUS_LABELS}, filename="taches",
                cacheable=False)  # a job's progress does not raise the store revision


@pages("/taches/{job_id}", name="job", summary="Une tâche d'ingestion : statut, étape, document")
def job(job_id: int, session: SessionDep) -> Page:
    """Une tâche : fichier (nom affiché, taille, format, SHA-256), statut, étape, pages faites
    et total, essais, dates, document enregistré (ou déjà présent) ou erreur."""
    found = get_job(session, job_id)
    if found is None:
        raise HTTPException(404, f"Aucune tâche n° {job_id}.")
    row = job_row(describe(found))
    return Page("job.html", f"Tâche n° {job_id} — {row['name']}", {"job": row},
                filename=f"tache-{job_id}", cacheable=False)
