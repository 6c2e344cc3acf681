"""The original bytes of paged files (PDF, page images), kept by content for the page images.

`<root>/ab/abcdef….pdf`: the SHA-256 of the bytes names the file, so that a copy is kept once,
writing it again is a no-op and a path never comes from a user. The database stores nothing
about it: a source file's sha256 and format find it. Files are written to a temporary name
and renamed, so that a reader never sees half a file; `<root>/cache/` holds what is derived
from them (rendered pages) and can be removed at any time.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from calpae.errors import StoreError
from calpae.settings import FILES_DIR_ENV
from calpae.store.session import data_dir, database_url

KEPT_FORMATS = frozenset({"pdf", "image"})  # the formats whose pages can be shown
CACHE = "cache"

# A suffix only so that the kept file opens in a viewer; the sha256 alone identifies it.
_SUFFIXES = {"pdf": (".pdf",), "image": (".png", ".jpg", ".tif")}
_IMAGE_MAGIC = ((b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"II*\x00", ".tif"),
                (b"MM\x00*", ".tif"))
_SHA256 = re.compile(r"[0-9a-f]{64}")


def files_dir(url: str | None = None) -> Path:
    """CALPAE_FILES_DIR, else `files/` beside the SQLite database (`var/files/` by default)."""
    chosen = os.environ.get(FILES_DIR_ENV)
    folder = Path(chosen) if chosen else data_dir(database_url(url)) / "files"
    return folder.expanduser().resolve()


def _suffix(fmt: str, data: bytes) -> str:
    if fmt == "image":
        return next((s for magic, s in _IMAGE_MAGIC if data.startswith(magic)), ".tif")
    return _SUFFIXES[fmt][0]


@dataclass(frozen=True, slots=True)
class FileStore:
    root: Path

    @classmethod
    def for_url(cls, url: str | None = None) -> FileStore:
        return cls(files_dir(url))

    @classmethod
    def for_session(cls, session: Session) -> FileStore:
        """The store beside the session's database (unless CALPAE_FILES_DIR says)."""
        return cls.for_url(session.get_bind().url.render_as_string(hide_password=False))

    def _folder(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2]

    def find(self, sha256: str, fmt: str) -> Path | None:
        """The kept file of these bytes, if there is one."""
        if fmt not in KEPT_FORMATS:
            return None
        folder = self._folder(sha256)
        for suffix in _SUFFIXES[fmt]:
            path = folder / f"{sha256}{suffix}"
            if path.is_file():
                return path
        return None

    def put(self, data: bytes, sha256: str, fmt: str,
            name: str | None = None) -> tuple[Path, bool]:
        """Keep the bytes (whose SHA-256 the caller computed; `name` is the file's, for the
        error); return the path and whether this call wrote it (False: it was there)."""
        if fmt not in KEPT_FORMATS:
            raise ValueError(f"pages of format {fmt!r} are not kept")
        found = self.find(sha256, fmt)
        if found is not None and found.stat().st_size == len(data):
            return found, False
        path = self._folder(sha256) / f"{sha256}{_suffix(fmt, data)}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        except OSError as e:
            raise StoreError(name, f"impossible de conserver le fichier d'origine dans "
                             f"{self.root} ({e.strerror or e})",
                             "cannot keep the original file") from e
        return path, True

    def remove(self, sha256: str, fmt: str) -> None:
        """Remove the kept file and what was derived from it (its cached pages)."""
        found = self.find(sha256, fmt)
        if found is not None:
            found.unlink(missing_ok=True)
        cached = self.cache_dir(sha256)
        if cached.is_dir():
            for page in cached.glob(f"{sha256}-*"):
                page.unlink(missing_ok=True)

    def cache_dir(self, sha256: str) -> Path:
        return self.root / CACHE / self._folder(sha256).name


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file of the same folder, then rename it over `path`: readers see
    the old file or the whole new one, never a part."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
