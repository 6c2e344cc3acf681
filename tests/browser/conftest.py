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
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Request, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ENV = "CALPAE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "test-artifacts" / "screenshots"
SCREENSHOT_WIDTHS = (1280, 375)
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_MS = 10_000
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
