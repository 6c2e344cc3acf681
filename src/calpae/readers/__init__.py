"""Readers: one module per input format, each producing a `SourceDocument`.

Importing this package registers every reader; `read_file` picks one from the bytes. The
readers of binary formats import their libraries only when they read (see `binary`).
"""

from calpae.readers import binary, html, markdown, text  # noqa: F401  (registration)
from calpae.readers.base import (
    Limits,
    choose_reader,
    load_file,
    read_bytes,
    read_file,
    readers,
)

__all__ = ["Limits", "choose_reader", "load_file", "read_bytes", "read_file", "readers"]
