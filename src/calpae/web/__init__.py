"""The web interface: server-rendered French pages over the store, each also as JSON and CSV
(`calpae serve`). `create_app(database_url)` builds the FastAPI application."""

from __future__ import annotations

from calpae.web.app import create_app

__all__ = ["create_app"]
