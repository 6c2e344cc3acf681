"""The one lock of every PDFium call in a process.

PDFium is not thread-safe, not even across documents: two threads calling it at once can
crash the process. The web server renders page images in its request threads while queue
worker threads of the same process may be reading PDFs, so both hold this lock while they
call PDFium (and let it go during the slow work that needs no PDFium, such as OCR).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

PDFIUM = threading.Lock()


@contextmanager
def released(lock: threading.Lock = PDFIUM) -> Iterator[None]:
    """Let a lock this thread holds go for a while (it is held again afterwards)."""
    lock.release()
    try:
        yield
    finally:
        lock.acquire()
