"""Running the queue: `calpae worker` (a Huey consumer of worker processes, in the foreground)
and the embedded worker the web server starts in its own process (worker threads).

Both first send again what dead workers left (`Queue.recover`), then every minute.
Process workers are the default of `calpae worker`: extraction is CPU-bound Python, and in a
process's main thread the time budget's timer also stops a runaway regular expression
(ADR 0006); a thread worker is stopped at loop points only.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from huey.consumer import Consumer

from calpae.tasks import runtime
from calpae.tasks.config import TaskConfig
from calpae.tasks.queue import Queue, get_queue

log = logging.getLogger("calpae.tasks")

POLL_SECONDS = 1.0  # the longest wait of an idle worker before it looks at the queue again


def _consumer_options(workers: int, worker_type: str) -> dict[str, object]:
    return {"workers": workers, "worker_type": worker_type, "periodic": True,
            "initial_delay": 0.1, "backoff": 1.5, "max_delay": POLL_SECONDS,
            "check_worker_health": True, "health_check_interval": 5}


def recover_now(queue: Queue) -> list[int]:
    """Send again at once what dead workers left; an unreachable base or queue is logged."""
    try:
        return queue.recover()
    except Exception:
        log.exception("recovery failed; it runs again every minute")
        return []


def run_worker(config: TaskConfig, workers: int = 1, worker_type: str = "process") -> None:
    """Consume the queue in the foreground until SIGINT (finish the running files) or SIGTERM
    (stop them: their jobs wait again)."""
    runtime.configure(config)
    queue = get_queue(config.queue_url)
    recover_now(queue)
    runtime.dispose()  # no database connection may cross the fork of the workers
    consumer = queue.huey.create_consumer(**_consumer_options(workers, worker_type))
    consumer.run()


class _EmbeddedConsumer(Consumer):
    """A consumer that leaves the host's signal handlers alone (the web server owns them)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.started = threading.Event()  # its worker threads exist: they can be joined

    def start(self) -> None:
        try:
            super().start()
        finally:
            self.started.set()

    def _set_signal_handlers(self) -> None:
        pass


@dataclass
class EmbeddedWorker:
    """Worker threads consuming the queue inside the current process."""

    consumer: _EmbeddedConsumer
    queue: Queue
    thread: threading.Thread

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop taking jobs and wait up to `timeout` seconds for the running ones; a job still
        running then is run again after its lease (by this or another worker)."""
        self.consumer.started.wait(timeout)  # stopped at once after its start, it has no threads
        self.consumer.shutdown_timeout = timeout
        self.consumer.stop(graceful=True)
        self.thread.join(timeout)


_embedded: EmbeddedWorker | None = None
_embedded_lock = threading.Lock()


def start_embedded_worker(workers: int = 1, config: TaskConfig | None = None) -> EmbeddedWorker:
    """Start consuming the configured queue in this process with `workers` threads (once: a
    second call returns the running worker); stop it with `stop_embedded_worker()`."""
    global _embedded
    with _embedded_lock:
        if _embedded is not None:
            return _embedded
        config = config or runtime.current_config()
        runtime.configure(config)
        queue = get_queue(config.queue_url)
        recover_now(queue)
        consumer = _EmbeddedConsumer(queue.huey, **_consumer_options(workers, "thread"))
        thread = threading.Thread(target=consumer.run, name="calpae-queue", daemon=True)
        thread.start()
        _embedded = EmbeddedWorker(consumer, queue, thread)
        return _embedded


def stop_embedded_worker(timeout: float | None = 30.0) -> None:
    """Stop the embedded worker, if one runs."""
    global _embedded
    with _embedded_lock:
        if _embedded is not None:
            _embedded.stop(timeout)
            _embedded = None
