"""Readers: one module per input format, each producing a `SourceDocument`.

Importing this package registers every reader; `read_file` picks one from the bytes.
"""

from calpae.readers import docx, html, image, markdown, pdf, text  # noqa: F401  (registration)
from calpae.readers.base import Limits, choose_reader, read_bytes, read_file, readers

__all__ = ["Limits", "choose_reader", "read_bytes", "read_file", "readers"]
