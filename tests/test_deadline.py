"""The time budget of one file (`deadline.py`): a deadline checked at loop points, and a
timer in the main thread for the calls that never reach one."""

from __future__ import annotations

import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from calpae import deadline, process
from calpae.errors import TimeBudgetExceeded


def test_no_budget_checks_nothing():
    deadline.check()
    deadline.allow(5)
    with deadline.time_budget("f.txt", 0) as granted:
        assert granted is None
        deadline.check()


def test_a_loop_with_checks_is_ended_in_a_worker_thread():
    """Threads (a web server's, a task queue's) get no signal: the checks end the file."""

    def runaway() -> None:
        with deadline.time_budget("fil.txt", 0.05):
            while True:
                deadline.check()
                time.sleep(0.002)

    with ThreadPoolExecutor(1) as pool, pytest.raises(TimeBudgetExceeded) as raised:
        pool.submit(runaway).result(timeout=30)
    assert raised.value.file == "fil.txt"
    assert "budget de temps" in raised.value.message and " / " in raised.value.message


def test_the_timer_ends_a_regular_expression_and_is_put_back():
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeBudgetExceeded), deadline.time_budget("regex.txt", 0.1):
        re.match(r"(a*)*b", "a" * 27)  # seconds of backtracking in one C call
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_allow_gives_more_time():
    with deadline.time_budget("pages.pdf", 0.05) as granted:
        deadline.allow(30)
        time.sleep(0.1)
        deadline.check()  # still within the budget
        assert granted is not None and granted.seconds == pytest.approx(30.05)


def test_a_budget_error_is_reported_by_extract_bytes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CALPAE_TIME_BUDGET", "0.05")
    monkeypatch.setenv("CALPAE_TIME_PER_100KB", "0")
    monkeypatch.setattr(process, "extract", lambda source: re.match(r"(a*)*b", "a" * 27))
    with pytest.raises(TimeBudgetExceeded, match=r"lent\.txt : traitement arrêté"):
        process.extract_bytes(b"Convention d'appui", "lent.txt")
