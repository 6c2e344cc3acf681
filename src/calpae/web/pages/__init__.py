"""The pages, one module each; `router` holds them all (HTML, `.json` and `.csv` paths)."""

from __future__ import annotations

from fastapi import APIRouter

from calpae.web.pages import (
    api,
    dashboard,
    document,
    findings,
    jobs,
    search,
    territory,
    upload,
)

router = APIRouter()
for module in (dashboard, territory, document, findings, search, upload, jobs, api):
    router.include_router(module.router)
