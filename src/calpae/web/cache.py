"""Rendered pages kept in memory while the store has not changed.

The figures change only when a document is ingested or a finding recomputed, and then the
store revision rises (`calpae.store.revision`); between two changes the same address gives the
same bytes. So a page is rendered once per revision and served again from memory: one
one-row query per request instead of the page's dozen aggregate queries. That is what lets
twenty people read the dashboard at once on two cores (benchmarks/bench_web.py).

Only the responses a page function marks (`render.respond`) are kept: never the upload form,
the job statuses, static files or errors. Responses carry an ETag of the revision, so a browser
asking again gets a 304. The key holds the address and the revision only: when pages depend
on who asks (accounts and perimeters), the viewer's perimeter must join the key (`vary`).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from calpae.web.render import CACHEABLE_HEADER

CACHE_BYTES_ENV = "CALPAE_PAGE_CACHE_BYTES"
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
MAX_ENTRY_FRACTION = 8  # one page may take at most an eighth of the cache
MARK = CACHEABLE_HEADER.encode()  # set by render.respond, never sent to the client


def cache_bytes_from_env() -> int:
    raw = os.environ.get(CACHE_BYTES_ENV, "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_CACHE_BYTES
    except ValueError:
        return DEFAULT_CACHE_BYTES


@dataclass(frozen=True, slots=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class PageStore:
    """A byte-bounded LRU of rendered pages, shared by the threads of one process."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[object, ...], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[object, ...], entry: Entry) -> None:
        size = len(entry.body)
        if size > self.max_bytes // MAX_ENTRY_FRACTION:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        return self._bytes


def _etag(key: tuple[object, ...]) -> bytes:
    digest = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
    return f'W/"{digest}"'.encode()


def _not_modified(scope: Scope, etag: bytes) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"if-none-match":
            return etag in (v.strip() for v in value.split(b","))
    return False


class PageCache:
    """ASGI middleware: answer GET and HEAD from memory when the page of this address was
    rendered at the current revision; keep what a page function marked."""

    def __init__(self, app: ASGIApp, revision: Callable[[], int], max_bytes: int,
                 vary: Callable[[Scope], object] = lambda scope: None) -> None:
        self.app = app
        self.revision = revision
        self.vary = vary
        self.store = PageStore(max_bytes)
        self.enabled = max_bytes > 0
        # one rendering per address at a time: who asks meanwhile waits for it (a page just
        # made stale by an ingest, asked by twenty people, is rendered once, not twenty times)
        self._rendering: dict[tuple[object, ...], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (not self.enabled or scope["type"] != "http"
                or scope["method"] not in ("GET", "HEAD")):
            await self.app(scope, receive, self._unmarked(send))
            return
        # HEAD is answered from the GET of the same address
        key = (scope["path"], scope.get("query_string", b""), self.vary(scope),
               self.revision())
        entry = self.store.get(key)
        if entry is None and key in self._rendering:
            await self._rendering[key].wait()
            entry = self.store.get(key)
        if entry is not None:
            await self._replay(scope, send, entry)
            return
        if key in self._rendering:  # what the first one rendered was not kept (an error)
            await self.app(scope, receive, self._keeping(key, scope["method"], send))
            return
        done = self._rendering[key] = asyncio.Event()
        try:
            await self.app(scope, receive, self._keeping(key, scope["method"], send))
        finally:
            del self._rendering[key]
            done.set()

    @staticmethod
    async def _replay(scope: Scope, send: Send, entry: Entry) -> None:
        if _not_modified(scope, entry.etag):
            headers = [(k, v) for k, v in entry.headers if k in (b"etag", b"cache-control")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": entry.status,
                    "headers": entry.headers})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else entry.body})

    @staticmethod
    def _unmarked(send: Send) -> Send:
        async def strip(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0] != MARK]
            await send(message)
        return strip

    def _keeping(self, key: tuple[object, ...], method: str, send: Send) -> Send:
        state: dict[str, object] = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                marked = any(k == MARK for k, _ in headers)
                headers = [h for h in headers if h[0] != MARK]
                if marked and message["status"] == 200:
                    etag = _etag(key)
                    headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
                    state.update(status=200, headers=headers, etag=etag)
                message["headers"] = headers
            elif message["type"] == "http.response.body" and state:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and method == "GET":
                    self.store.put(key, Entry(200, state["headers"], b"".join(chunks),
                                              state["etag"]))  # type: ignore[arg-type]
            await send(message)
        return keep
