"""The vendored DSFR (ADR 0010): present, complete, unmodified, self-contained and shipped.

`tools/vendor_dsfr.sh` records the version, the tarball's integrity and the version of the
terms of use it accepted; it writes `vendor/dsfr.sha256`, the sha256 of every file it copied.
These tests need neither npm nor the network.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "vendor_dsfr.sh"
PACKAGE_DIR = ROOT / "src" / "calpae"
VENDOR = PACKAGE_DIR / "web" / "static" / "vendor"
DSFR = VENDOR / "dsfr"
MANIFEST = VENDOR / "dsfr.sha256"

# What the web templates link (relative to /static/vendor/dsfr/) and the licence files.
REQUIRED = [
    "dsfr.min.css",
    "dsfr.module.min.js",
    "dsfr.nomodule.min.js",
    "utility/icons/icons.min.css",
    "fonts/Marianne-Regular.woff2",
    "icons/system/close-line.svg",
    "favicon/favicon.svg",
    "favicon/apple-touch-icon.png",
    "favicon/manifest.webmanifest",
    "artwork/pictograms/system/technical-error.svg",
    "LICENSE.md",
    "doc/legal/cgu.md",
    "package.json",
]

URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")


def recorded(name: str) -> str:
    """A `NAME=value` line of the vendoring script."""
    match = re.search(rf"^{name}=(\S+)$", SCRIPT.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{SCRIPT.name} records no {name}"
    return match.group(1)


def manifest() -> dict[str, str]:
    entries = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        entries[path] = digest
    return entries


def vendored_files() -> list[str]:
    return sorted(p.relative_to(DSFR).as_posix() for p in DSFR.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", REQUIRED)
def test_the_files_the_templates_link_are_vendored(path: str):
    assert (DSFR / path).is_file(), f"missing {path}: run `make vendor-dsfr`"


def test_the_recorded_version_is_the_vendored_one():
    version = recorded("VERSION")
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", recorded("INTEGRITY"))
    package = json.loads((DSFR / "package.json").read_text(encoding="utf-8"))
    assert (package["name"], package["version"]) == ("@gouvfr/dsfr", version)
    for bundle in ("dsfr.min.css", "dsfr.module.min.js", "dsfr.nomodule.min.js"):
        head = (DSFR / bundle).read_text(encoding="utf-8")[:400]
        assert f"DSFR v{version}" in head, bundle


def test_the_terms_of_use_are_the_ones_accepted():
    """A new `cguVersion` must be read again and ADR 0010 updated before it is vendored."""
    cgu = (DSFR / "doc" / "legal" / "cgu.md").read_text(encoding="utf-8")
    assert f"cguVersion: '{recorded('CGU_VERSION')}'" in cgu
    adr = (ROOT / "docs" / "adr" / "0010-dsfr-and-neutral-theme.md").read_text(encoding="utf-8")
    assert recorded("CGU_VERSION") in adr and recorded("VERSION") in adr


def test_every_file_is_the_packaged_one_and_none_is_added():
    """Byte for byte what `npm pack` gave (the terms forbid modifying the DSFR)."""
    expected = manifest()
    assert vendored_files() == sorted(expected)
    changed = [path for path, digest in expected.items()
               if hashlib.sha256((DSFR / path).read_bytes()).hexdigest() != digest]
    assert changed == []


def test_no_source_map_and_no_unminified_bundle():
    files = vendored_files()
    assert [f for f in files if f.endswith(".map")] == []
    assert [f for f in files if f.endswith((".css", ".js")) and ".min." not in f] == []


def relative_urls(css: Path) -> set[str]:
    text = css.read_text(encoding="utf-8")
    matches = list(URL.finditer(text))
    assert len(matches) == text.count("url("), f"a url(...) of {css.name} was not understood"
    urls = set()
    for match in matches:
        url = next(group for group in match.groups() if group is not None)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
            continue  # data:, absolute and fragment-only references point at no file
        urls.add(unquote(parts.path))
    return urls


@pytest.mark.parametrize("css", ["dsfr.min.css", "utility/icons/icons.min.css"])
def test_every_relative_url_of_the_css_is_vendored(css: str):
    stylesheet = DSFR / css
    urls = relative_urls(stylesheet)
    assert len(urls) > 50, "the stylesheet should name its icons and fonts"
    root = DSFR.resolve()
    unresolved = []
    for url in sorted(urls):
        target = (stylesheet.parent / url).resolve()
        if not (target.is_file() and target.is_relative_to(root)):
            unresolved.append(url)
    assert unresolved == []


def test_the_web_manifest_names_vendored_icons():
    webmanifest = json.loads((DSFR / "favicon" / "manifest.webmanifest").read_text("utf-8"))
    icons = [icon["src"] for icon in webmanifest["icons"]]
    missing = [src for src in icons if not (DSFR / "favicon" / src).is_file()]
    assert missing == []


def test_the_vendored_files_ship_in_the_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["calpae"]
    files = [p.relative_to(PACKAGE_DIR).as_posix() for p in VENDOR.rglob("*") if p.is_file()]
    unshipped = [f for f in files if not any(package_data_match(f, p) for p in patterns)]
    assert unshipped == []


def package_data_match(path: str, pattern: str) -> bool:
    """setuptools' package-data glob: `*` stays within a folder, `**/` spans any number of them."""
    regex = re.escape(pattern).replace(r"\*\*/", "(?:[^/]+/)*").replace(r"\*", "[^/]*")
    return re.fullmatch(regex, path) is not None
