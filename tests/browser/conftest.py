"""Browser fixtures: Debian's chromium driven by Playwright (Python), nothing downloaded.

`make test` installs the Debian package `chromium` and the `playwright` release whose bundled
Chromium has the same major version (`test_versions.py` checks it). Playwright's own browsers
are never installed (`playwright install` needs a download): the tests launch
`/usr/bin/chromium` (or `$CALPAE_CHROMIUM`) through `executable_path`. A missing chromium is a
failure, not a skip, since the test command installs it.

Fixtures:
- `browser` (session): headless chromium, `--no-sandbox` when running as root (CI).
- `page`: a fresh context (1280 × 800, fr-FR) whose requests may only reach this machine; the
  test fails if the page asked for another host or raised an uncaught JavaScript error.
- `screenshot(name)`: full-page PNGs at 1280 px and 375 px wide under
  `var/test-artifacts/screenshots/` (`NAME-1280.png`, `NAME-375.png`), returned as paths.
- `serve_directory(path)`: serves a folder with `http.server` on 127.0.0.1, returns its URL.
- `serve_app` (session): `with serve_app(app) as url:` runs an ASGI application under uvicorn
  on 127.0.0.1 (lifespan on) and stops it after the block; for module-scoped servers.
- `live_site(max_upload_bytes=None)`: calpae as `calpae serve` runs it (uvicorn on 127.0.0.1,
  the embedded queue worker) on the test's fresh SQLite database, queue and upload folder;
  returns its URL, stopped after the test.
- `upload_line(page, name)`: the line of the upload page (/deposer) showing the file `name`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright, Request, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ENV = "CALPAE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "test-artifacts" / "screenshots"
SCREENSHOT_WIDTHS = (1280, 375)
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_MS = 10_000
SERVER_START_SECONDS = 20
SERVER_STOP_SECONDS = 40  # the embedded worker finishes its file first
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder carries the `browser` marker (`pytest -m "not browser"`)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium; a clear failure (not a skip) when it is missing."""
    path = Path(os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM))
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium introuvable : {path}. `make test` installe le paquet Debian `chromium` "
            f"(ou : apt-get install chromium) ; ${CHROMIUM_ENV} peut désigner un autre binaire. / "
            f"Chromium not found at {path}: `make test` installs Debian's `chromium`.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright n'est pas installé : `make setup` (extras dev) / "
                    "playwright is missing: install the dev extras", pytrace=False)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_path: Path) -> Iterator[Browser]:
    root = os.geteuid() == 0
    launched = playwright_driver.chromium.launch(
        executable_path=str(chromium_path),
        headless=True,
        chromium_sandbox=not root,  # chromium refuses to start sandboxed as root
        args=[*(["--no-sandbox"] if root else []), *LAUNCH_ARGS],
        timeout=30_000,
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR", timezone_id="Europe/Paris")
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []

    def only_this_machine(route: Route, request: Request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            outside.append(request.url)
            route.abort("blockedbyclient")
        else:
            route.fallback()

    context.route("**/*", only_this_machine)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    problems = [*(f"adresse hors de la machine / outside request: {url}" for url in outside),
                *(f"erreur JavaScript non rattrapée / uncaught error: {e}" for e in errors)]
    assert problems == [], "\n".join(problems)


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], list[Path]]:
    """`screenshot("accueil")` → [`accueil-1280.png`, `accueil-375.png`] (full page)."""

    def take(name: str) -> list[Path]:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", name):
            raise ValueError(f"nom de capture invalide : {name!r}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        before = page.viewport_size or VIEWPORT
        paths = []
        try:
            for width in SCREENSHOT_WIDTHS:
                page.set_viewport_size({"width": width, "height": before["height"]})
                path = SCREENSHOTS / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True, animations="disabled")
                paths.append(path)
        finally:
            page.set_viewport_size(before)
        return paths

    return take


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator[Callable[[Path], str]]:
    """`serve_directory(folder)` → `http://127.0.0.1:PORT/`, stopped after the test."""
    servers: list[ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _serving(app: object) -> Iterator[str]:
    """The ASGI application under uvicorn on a free port of 127.0.0.1, until the block ends."""
    import uvicorn

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(SERVER_STOP_SECONDS)
        listener.close()


@pytest.fixture(scope="session")
def serve_app() -> Callable[[object], contextlib.AbstractContextManager[str]]:
    """`with serve_app(create_app(url)) as base:` → `http://127.0.0.1:PORT`."""
    return _serving


@pytest.fixture
def live_site(tmp_path: Path, database_url: str,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., str]]:
    """`live_site(max_upload_bytes=None)` → the URL of calpae served as `calpae serve` does:
    uvicorn on 127.0.0.1 with the embedded queue worker (one thread), over the test's fresh
    SQLite database (`database_url`), queue and upload folder; stopped after the test."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))  # tests/builders (importlib mode)
    from builders.queue import scratch_task_config
    from calpae.settings import MAX_UPLOAD_BYTES_ENV
    from calpae.tasks import runtime
    from calpae.web import create_app

    stack = contextlib.ExitStack()

    def start(max_upload_bytes: int | None = None) -> str:
        if max_upload_bytes is not None:
            monkeypatch.setenv(MAX_UPLOAD_BYTES_ENV, str(max_upload_bytes))
        config = scratch_task_config(tmp_path, monkeypatch)
        runtime.configure(config)
        stack.callback(runtime.dispose)
        stack.callback(runtime.configure, None)
        app = create_app(database_url, theme="neutre", queue_workers=1, tasks=config)
        return stack.enter_context(_serving(app))

    with stack:
        yield start


@pytest.fixture
def upload_line() -> Callable[[Page, str], Locator]:
    """`upload_line(page, "a.pdf")`: the line of /deposer's list showing that file."""

    def find(page: Page, name: str) -> Locator:
        return page.locator("#calpae-upload-list li").filter(
            has=page.locator(".calpae-upload__name", has_text=name))

    return find
