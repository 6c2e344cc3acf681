"""Playwright drives a chromium it was not built with: the majors must agree.

Playwright pins one Chromium per release (`driver/package/browsers.json` in the installed
package; "use at your own risk" with another). Debian updates chromium across majors within
bookworm, so when this fails, pin `playwright` in `pyproject.toml` to the release whose
`browsers.json` names Debian's major.
"""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def playwright_chromium() -> str:
    """The Chromium version the installed Playwright release was built and tested with."""
    import playwright

    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entries = json.loads(browsers.read_text(encoding="utf-8"))["browsers"]
    return next(entry["browserVersion"] for entry in entries if entry["name"] == "chromium")


def chromium_version(path: Path) -> str:
    result = subprocess.run([str(path), "--version"], capture_output=True, text=True,
                            timeout=30, check=True)
    match = re.search(r"\b(\d+\.\d+\.\d+\.\d+)\b", result.stdout)
    assert match, f"`{path} --version` printed no version: {result.stdout!r}"
    return match.group(1)


def major(version: str) -> int:
    return int(version.split(".", 1)[0])


def test_playwright_expects_the_chromium_major_debian_ships(chromium_path: Path):
    expected, found = playwright_chromium(), chromium_version(chromium_path)
    assert major(expected) == major(found), (
        f"playwright {metadata.version('playwright')} attend Chromium {expected}, "
        f"{chromium_path} est {found} : épingler dans pyproject.toml la version de playwright "
        f"dont browsers.json donne Chromium {major(found)} / re-pin playwright to the release "
        f"bundling Chromium {major(found)}"
    )


def test_the_browser_launched_is_debians(browser, chromium_path: Path):
    assert browser.version == chromium_version(chromium_path)
