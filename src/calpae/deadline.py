"""A time budget per file: a deadline carried through reading and extraction (ADR 0006).

The budget lives in a context variable, so that each thread, asyncio task or queue worker
processing a file has its own. Readers and the core model call `check()` at their loop
points, and readers give more time with `allow()` as they learn a file's size in pages.
In the main thread an interval timer is armed as well: its signal handler ends the calls
that never reach a loop point, such as a regular expression (CPython's `re` checks for
signals while it matches), and ends them even in code that catches `Exception`.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from calpae.errors import TimeBudgetExceeded

BUDGET_ENVS = "CALPAE_TIME_BUDGET, CALPAE_TIME_PER_PAGE, CALPAE_TIME_PER_100KB"


class _Expired(BaseException):
    """Raised where the deadline is found passed; `time_budget` turns it into the user's error.

    A BaseException (as KeyboardInterrupt), so that no reader's `except Exception` takes it
    for a corrupt file."""


@dataclass(slots=True)
class TimeBudget:
    file: str
    seconds: float  # granted so far (grows with `allow`)
    started: float  # time.monotonic()

    @property
    def deadline(self) -> float:
        return self.started + self.seconds

    def error(self) -> TimeBudgetExceeded:
        elapsed = time.monotonic() - self.started
        return TimeBudgetExceeded(
            self.file,
            f"traitement arrêté après {elapsed:.1f} s : budget de temps du fichier dépassé "
            f"({self.seconds:.1f} s ; {BUDGET_ENVS}), rien n'est enregistré",
            "processing time budget exceeded, nothing stored")


_current: contextvars.ContextVar[TimeBudget | None] = contextvars.ContextVar(
    "calpae_time_budget", default=None)
_armed: TimeBudget | None = None  # the budget the main thread's interval timer watches


def check() -> None:
    """End the file's processing if its deadline has passed (a no-op without a budget)."""
    budget = _current.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise _Expired


def allow(seconds: float) -> None:
    """Give the current file more time (its pages, once known); a no-op without a budget."""
    budget = _current.get()
    if budget is None or seconds <= 0:
        return
    budget.seconds += seconds
    if _armed is budget:
        _set_timer(budget)


@contextmanager
def time_budget(file: str, seconds: float) -> Iterator[TimeBudget | None]:
    """Run the block within `seconds` (no limit when seconds <= 0), or raise
    TimeBudgetExceeded naming `file`."""
    if seconds <= 0:
        yield None
        return
    budget = TimeBudget(file, seconds, time.monotonic())
    token = _current.set(budget)
    previous = _arm(budget)
    try:
        yield budget
    except _Expired:
        raise budget.error() from None
    finally:
        _disarm(previous)
        _current.reset(token)


_NOT_ARMED = object()


def _arm(budget: TimeBudget) -> object:
    """Arm the interval timer for budget, in the main thread only and only where no one else
    uses SIGALRM; returns the handler to put back, or _NOT_ARMED."""
    global _armed
    if (not hasattr(signal, "setitimer") or _armed is not None
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)):
        return _NOT_ARMED
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _armed = budget
    _set_timer(budget)
    return previous


def _disarm(previous: object) -> None:
    global _armed
    if previous is _NOT_ARMED:
        return
    _armed = None  # first: a signal already on its way then finds nothing to end
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]


def _set_timer(budget: TimeBudget) -> None:
    signal.setitimer(signal.ITIMER_REAL, max(budget.deadline - time.monotonic(), 0.001))


def _on_alarm(_signum: int, _frame: object) -> None:
    budget = _armed
    if budget is None:
        return
    if time.monotonic() < budget.deadline:  # time was added since the timer was set
        _set_timer(budget)
        return
    raise _Expired
