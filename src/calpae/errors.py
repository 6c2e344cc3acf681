"""One hierarchy of errors, each with a message a user can act on (French, then English)."""

from __future__ import annotations


class CalpaeError(Exception):
    """Base of every error calpae reports to a user instead of a traceback."""

    def __init__(self, file: str | None, reason_fr: str, reason_en: str = "") -> None:
        self.file = file
        self.reason_fr = reason_fr
        self.reason_en = reason_en
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.file} : " if self.file else ""
        english = f" / {self.reason_en}" if self.reason_en else ""
        return f"{where}{self.reason_fr}{english}"


class UnreadableFile(CalpaeError):
    """The bytes cannot be read as any supported format (missing, empty, binary, corrupt)."""


class UnsupportedFormat(UnreadableFile):
    """The file is readable but of a format calpae does not handle."""


class EncryptedFile(UnreadableFile):
    """The file is password-protected."""


class LimitExceeded(CalpaeError):
    """The file is larger than a configured limit (size, pages, pixels, archive ratio)."""


class UploadRefused(CalpaeError):
    """An upload request refused as a whole, none of its files kept: not a form with files,
    malformed, interrupted, or from another site."""


class UploadTooLarge(UploadRefused, LimitExceeded):
    """An upload request over its size or file-count limit (`CALPAE_MAX_REQUEST_BYTES`,
    `CALPAE_MAX_UPLOAD_FILES`)."""


class NotACalpaeDocument(CalpaeError):
    """The text was read but is not a CALPAE convention, avenant or execution report."""


class StoreError(CalpaeError):
    """The database cannot be reached, created or brought up to date."""


class TimeBudgetExceeded(LimitExceeded):
    """Reading and extracting the file took longer than its time budget."""
