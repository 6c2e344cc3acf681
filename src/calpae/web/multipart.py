"""A multipart/form-data body read part after part, each part's bytes pulled as they arrive.

Starlette's `request.form()` copies every file of a request into a temporary file before the
page sees any of them, with no limit on a file's size: an upload would be kept whole before
it could be refused. Here python-multipart's streaming parser is fed one chunk of the body
at a time, only when a reader asks for more, so that a part's bytes go straight to
`accept_upload`, which stops reading as soon as a file is too large or of no known format.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from calpae.errors import UploadRefused

# A part's header line holds its file name: room for a long one (a browser sends the name as
# it is; `display_name` shortens it), far less than a body chunk.
MAX_HEADER_BYTES = 32 * 1024
MAX_HEADERS = 8


def malformed(reason_fr: str, reason_en: str) -> UploadRefused:
    return UploadRefused(None, f"envoi illisible : {reason_fr}", f"malformed upload: {reason_en}")


def boundary_of(content_type: str) -> bytes | None:
    """The boundary of a `multipart/form-data` Content-Type, None for any other type."""
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        return None
    boundary = options.get(b"boundary", b"")
    if not boundary or len(boundary) > 200:
        raise malformed("frontière multipart absente ou trop longue", "bad boundary")
    return boundary


def _browser_unescape(name: str) -> str:
    # browsers send `"`, CR and LF of a file name percent-encoded (HTML multipart encoding)
    return name.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


@dataclass
class Part:
    """One part: its form field, the client's file name (None for a plain field), and its
    bytes through `read(n)`, pulled from the body as they are asked for."""

    reader: MultipartReader
    field_name: str
    filename: str | None
    content_type: str | None
    _buffer: deque[bytes] = field(default_factory=deque)
    _ended: bool = False

    @property
    def is_file(self) -> bool:
        return self.filename is not None

    def read(self, size: int = -1, /) -> bytes:
        """Up to `size` bytes of the part (all that is left for -1); b"" at its end."""
        wanted = size if size >= 0 else float("inf")
        out, got = [], 0
        while got < wanted:
            if not self._buffer and not self._fill():
                break
            chunk = self._buffer.popleft()
            if got + len(chunk) > wanted:
                keep = int(wanted - got)
                self._buffer.appendleft(chunk[keep:])
                chunk = chunk[:keep]
            out.append(chunk)
            got += len(chunk)
        return b"".join(out)

    def is_empty(self) -> bool:
        """Whether the part holds no byte at all (what a browser sends for no file chosen)."""
        return not self._buffer and not self._fill()

    def drain(self) -> None:
        """Skip what is left of the part (read and dropped, a chunk at a time)."""
        while self._buffer or self._fill():
            self._buffer.clear()

    def _fill(self) -> bool:
        """Move the part's next bytes into the buffer; False at its end."""
        events = self.reader._events
        while not self._ended:
            if not events:
                if not self.reader._pump():
                    raise malformed("fin de l'envoi au milieu d'un fichier",
                                    "body ended mid-part")
                continue
            kind, value = events[0]
            if kind != "data":  # this part's end: the next part's events come after it
                if kind == "end":
                    events.popleft()
                self._ended = True
                return False
            events.popleft()
            if value:
                assert isinstance(value, bytes)
                self._buffer.append(value)
                return True
        return False


class MultipartReader:
    """The parts of a multipart/form-data body, read through `read_chunk()` (which returns
    the body's next bytes, b"" at its end); malformed bodies raise UploadRefused."""

    def __init__(self, boundary: bytes, read_chunk: Callable[[], bytes]) -> None:
        self._read_chunk = read_chunk
        self._events: deque[tuple[str, object]] = deque()
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._body_done = False
        self._complete = False
        self._current: Part | None = None
        callbacks = {
            "on_part_begin": self._on_part_begin,
            "on_header_field": lambda d, s, e: self._header_name.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self._header_value.extend(d[s:e]),
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_part_data": lambda d, s, e: self._events.append(("data", bytes(d[s:e]))),
            "on_part_end": lambda: self._events.append(("end", None)),
            "on_end": self._on_end,
        }
        try:
            self._parser = MultipartParser(boundary, callbacks,  # type: ignore[arg-type]
                                           max_header_count=MAX_HEADERS,
                                           max_header_size=MAX_HEADER_BYTES)
        except FormParserError as e:
            raise malformed("frontière multipart invalide", "bad boundary") from e

    def next_part(self) -> Part | None:
        """The next part (what is left of the current one is skipped), None at the end."""
        if self._current is not None:
            self._current.drain()
            self._current = None
        while True:
            while self._events:
                kind, value = self._events.popleft()
                if kind == "part":
                    assert isinstance(value, Part)
                    self._current = value
                    return value
            if self._complete:
                return None
            if not self._pump():
                if not self._complete:
                    raise malformed("fin de l'envoi avant la dernière frontière",
                                    "body ended before the closing boundary")
                return None

    def _pump(self) -> bool:
        """Feed the parser the body's next chunk; False once the body is over."""
        if self._body_done:
            return False
        chunk = self._read_chunk()
        if not chunk:
            self._body_done = True
            self._parser.finalize()
            return False
        try:
            self._parser.write(chunk)
        except FormParserError as e:
            raise malformed("corps multipart/form-data invalide", "bad multipart body") from e
        return True

    def _on_part_begin(self) -> None:
        self._headers = {}

    def _on_header_end(self) -> None:
        self._headers[bytes(self._header_name).strip().lower()] = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _on_headers_finished(self) -> None:
        disposition, options = parse_options_header(self._headers.get(b"content-disposition"))
        if disposition != b"form-data" or b"name" not in options:
            raise malformed("partie sans Content-Disposition: form-data; name=…",
                            "part without a form-data disposition")
        raw_name = options.get(b"filename")
        filename = None if raw_name is None else _browser_unescape(
            raw_name.decode("utf-8", errors="replace"))
        content_type = self._headers.get(b"content-type")
        self._events.append(("part", Part(
            self, options[b"name"].decode("utf-8", errors="replace"), filename,
            content_type.decode("latin-1") if content_type is not None else None)))

    def _on_end(self) -> None:
        self._complete = True
