"""Binary formats (PDF, DOCX, page images), registered cheaply: each is recognised from its
first bytes, and its libraries (pypdfium2, python-docx, Pillow, numpy, Tesseract) are only
imported when a file of that format is read, so that reading a text file does not pay them.
"""

from __future__ import annotations

from calpae.model import FileInfo, SourceDocument
from calpae.readers.base import Limits, register

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files are OLE containers
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@register
class DocxReader:
    format = "docx"

    def score(self, head: bytes, name: str) -> float:
        if head.startswith(ZIP_MAGIC):
            if b"word/" in head:
                return 0.95
            return 0.6 if name.lower().endswith((".docx", ".docm")) else 0.2
        if head.startswith(OLE_MAGIC) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in head:
            return 0.9
        return 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        from calpae.readers import docx

        return docx.read(data, info, limits)


@register
class ImageReader:
    format = "image"

    def score(self, head: bytes, name: str) -> float:
        return 1.0 if head.startswith(IMAGE_MAGIC) else 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        from calpae.readers import image

        return image.read(data, info, limits)


@register
class PdfReader:
    format = "pdf"

    def score(self, head: bytes, name: str) -> float:
        return 1.0 if b"%PDF-" in head[:1024] else 0.0

    def read(self, data: bytes, info: FileInfo, limits: Limits) -> SourceDocument:
        from calpae.readers import pdf

        return pdf.read(data, info, limits)
