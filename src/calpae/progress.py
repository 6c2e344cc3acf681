"""Progress of one file's processing, told to whoever asked: the readers say which page they
are on, `process` and `pipeline` which step (« lecture », « extraction », « enregistrement »).

Like the time budget (`calpae.deadline`), the listener lives in a context variable, so that
each thread or queue worker processing a file has its own, and the readers need no new
argument. Without a listener, `report` costs one lookup. A listener that fails is ignored:
progress never stops the processing of a file.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the processing of a file is: a step in French (« OCR page 3/30 »), and for the
    paged steps how many pages are done out of how many."""

    step: str
    done: int | None = None
    total: int | None = None


Listener = Callable[[Progress], None]

_listener: contextvars.ContextVar[Listener | None] = contextvars.ContextVar(
    "calpae_progress", default=None)


def report(step: str, done: int | None = None, total: int | None = None) -> None:
    """Tell the current listener, if any, where the processing is."""
    listener = _listener.get()
    if listener is None:
        return
    with suppress(Exception):  # a progress display must never fail a file
        listener(Progress(step, done, total))


def page(method: str, number: int, total: int | None) -> None:
    """Page `number` (1-based) of `total` is being read by `method` (« lecture », « OCR »)."""
    report(f"{method} page {number}/{total}" if total else f"{method} page {number}",
           number - 1, total)


@contextmanager
def reporting_to(listener: Listener | None) -> Iterator[None]:
    """Send the progress of the block to listener (no-op for None)."""
    if listener is None:
        yield
        return
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
