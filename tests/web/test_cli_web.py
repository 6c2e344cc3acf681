"""`calpae serve` prints its address and serves the application with uvicorn."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from calpae import cli


def test_serve_prints_the_address_and_runs_uvicorn(database_url: str,
                                                   monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli.app, ["serve", "--port", "8123", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8123/" in result.stdout
    [(app, kwargs)] = calls
    assert kwargs["host"] == "0.0.0.0" and kwargs["port"] == 8123
    assert app.title == "calpae"


def test_serve_defaults_to_this_machine(database_url: str, monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    assert "http://127.0.0.1:8000/" in result.stdout


def test_serve_with_an_unusable_database_says_why(monkeypatch: pytest.MonkeyPatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: pytest.fail("must not serve"))
    result = CliRunner().invoke(cli.app, ["--db", "pas une url", "serve"])
    assert result.exit_code == 2
    assert "invalide" in result.stderr


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `serve` did with the embedded worker, in order (`uvicorn` when it served)."""
    import uvicorn

    from calpae import tasks

    events: list[str] = []
    monkeypatch.setattr(tasks, "start_embedded_worker",
                        lambda workers, config: events.append(f"start {workers}"))
    monkeypatch.setattr(tasks, "stop_embedded_worker", lambda: events.append("stop"))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: events.append("uvicorn"))
    return events


def test_serve_with_workers_hands_uvicorn_a_factory(database_url: str,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    embedded: list[str]):
    import os

    import uvicorn

    from calpae.settings import DATABASE_URL_ENV
    from calpae.web.app import app_from_environment
    from calpae.web.theme import THEME_ENV

    monkeypatch.setenv(THEME_ENV, "neutre")
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: (calls.append((app, kw)),
                                                           embedded.append("uvicorn")))
    result = CliRunner().invoke(cli.app, ["--db", database_url, "serve", "--workers", "3"])
    assert result.exit_code == 0, result.output
    [(target, kwargs)] = calls
    assert target == "calpae.web.app:app_from_environment"
    assert kwargs["factory"] is True and kwargs["workers"] == 3
    assert os.environ[DATABASE_URL_ENV] == database_url
    assert app_from_environment().title == "calpae"
    assert embedded == ["start 1", "uvicorn", "stop"]  # one worker, in the serving parent


def test_serve_processes_the_queue_in_the_application_by_default(
        database_url: str, monkeypatch: pytest.MonkeyPatch, embedded: list[str]):
    import uvicorn

    from calpae import web

    made: list[dict[str, Any]] = []
    real = web.create_app
    monkeypatch.setattr(web, "create_app", lambda *a, **kw: (made.append(kw), real(*a, **kw))[1])
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 0, result.output
    assert made[0]["queue_workers"] == 1 and "documents déposés sont traités ici" in result.stdout
    assert made[0]["tasks"].database_url == database_url
    assert served and embedded == []  # started by the application's lifespan, not here
    result = CliRunner().invoke(cli.app, ["serve", "--no-worker"])
    assert result.exit_code == 0 and made[1]["queue_workers"] == 0
    assert "traités par calpae worker" in result.stdout


def test_serve_with_workers_and_no_worker_starts_none(database_url: str, embedded: list[str]):
    result = CliRunner().invoke(cli.app, ["serve", "--workers", "2", "--no-worker"])
    assert result.exit_code == 0, result.output
    assert embedded == ["uvicorn"]


def test_serve_with_an_unusable_queue_says_why(database_url: str,
                                              monkeypatch: pytest.MonkeyPatch,
                                              embedded: list[str]):
    monkeypatch.setenv("CALPAE_QUEUE_URL", "ftp://ailleurs/file")
    result = CliRunner().invoke(cli.app, ["serve"])
    assert result.exit_code == 2 and "file d'attente inutilisable" in result.stderr
    assert embedded == []
