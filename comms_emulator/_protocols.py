"""uvicorn's HTTP protocols, with what uvicorn has no setting for.

- **A header deadline.** uvicorn's keep-alive timeout runs only between requests: a client that
  opens a connection and never finishes its request line and headers (slowloris) would hold it
  forever. A connection whose headers are not complete `header_timeout` seconds after it opened
  or its next request began is closed. (The body has its own deadline, in the app.)
- **Bounded heads.** The request line and headers together may hold `max_head_bytes`, the target
  `max_target_bytes`, the headers `max_header_fields` fields: 431 / 414 beyond them, so parsing
  a head costs a bounded, linear amount whatever a client sends.
- **Fair admission.** At most `concurrency` connections. At the limit a new connection closes the
  one that has waited longest without a request in flight (idle, or trickling its headers or its
  body), so a flood of idle or slow connections cannot lock real requests out; a request that
  arrives while every connection has one being applied or answered is answered 503.
- **A write timeout.** A client that stops reading its answers fills the server's send buffer;
  after `write_timeout` seconds without progress the connection is dropped.
- **Truthful pipelining.** When a request on a connection is malformed, the requests before it on
  the same connection are answered first (with what was done to them), then the error, then the
  connection closes: a client matching answers to requests in order never reads a 400 for a
  request that was applied. (h11 parses one request at a time and already behaves so.)
- **Strict framing.** Only HTTP/1.0 and 1.1, with one `Host` (HTTP/1.0: at most one); a
  `Transfer-Encoding` other than exactly `chunked`, or given with a `Content-Length`, is
  refused; so is a `Content-Length` that is not one plain decimal number, and a target that is
  not a path (absolute-form, `*`, a `#fragment`); a request with `Expect: 100-continue`
  answered before its body was read closes the connection (its body may still follow).
- **A lingering close.** An answer that closes the connection while its request's body is still
  arriving (a body over the limit) ends the server's side after the answer, then drops what
  still arrives up to `max_linger_bytes` and the header timeout: closing at once reset the
  connection under a client still writing, which then never read the answer.
- **The API's error shape** for every refusal, and one log line per refusal only at debug level.

The fast protocol (httptools) is used where installed, h11 elsewhere; both get all of the above.
"""

from __future__ import annotations

import asyncio
import http
import importlib.util
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from comms_emulator._h11_strict import (
    NO_TRAILERS,
    head_problem,
    strict_chunked_reader,
    tidy_idle,
    unfinished_head_problem,
)
from comms_emulator._limits import DISCARDED_CHUNK_COST, ConnectionLimits
from comms_emulator._one_write import OneWrite

if TYPE_CHECKING:
    from uvicorn.protocols.http.flow_control import FlowControl

# (status, message) -> the body of an error in the API's shape, encoded.
Render = Callable[[int, str], bytes]

log = logging.getLogger("comms_emulator.connections")

# What uvicorn itself logs at warning level for a refused request; each is a debug line here.
_UVICORN_REFUSALS = frozenset(
    {
        "Invalid HTTP request received.",
        "Unsupported upgrade request.",
        "Exceeded concurrency limit.",
    }
)
_ALLOWED_VERSIONS = frozenset({"1.1", "1.0"})
_ALL_BUSY = "Service unavailable: every connection has a request in flight"


class RefusalsAtDebug(logging.Filter):
    """uvicorn's per-request warnings for refused requests, demoted to debug: a supervisor that
    does not drain stderr must not be blocked by a client sending junk."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg in _UVICORN_REFUSALS:
            if not logging.getLogger(record.name).isEnabledFor(logging.DEBUG):
                return False
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def raw_response(status: int, body: bytes) -> bytes:
    """A whole HTTP/1.1 response that closes the connection, for refusals written by the
    protocol itself (before, or instead of, a request reaching the app)."""
    phrase = http.HTTPStatus(status).phrase
    head = (
        f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Guard:
    """The limits, mixed in before a uvicorn protocol, which provides `loop`, `transport`,
    `connections`, `tasks`, `cycle`, `app` and the methods extended here."""

    limits: ConnectionLimits = ConnectionLimits()
    render: Render
    refusals: Counter[int]  # how many requests were refused, by status (one per server)
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    connections: set[Any]
    tasks: set[asyncio.Task[None]]
    cycle: Any
    app: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._write_timer: asyncio.TimerHandle | None = None
        self._since = 0.0  # when this connection last began to wait for a request
        # Bytes read and dropped since the connection began to linger (`_linger`), or None.
        self._lingering: int | None = None
        self._cycle_transport: OneWrite  # made with the connection (`connection_made`)
        self._unparsed = b""  # received, not parsed yet (`_hold_back`)
        self._all_pieces = 0  # body pieces parsed on this connection (`_hold_back`)
        self._pieces = 0  # pieces of the current request's body so far
        self._app = self.app
        self.app = self._gate

    # -- the header deadline ------------------------------------------------------------------
    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_timer = self.loop.call_later(
            self.limits.header_timeout, self._headers_too_slow
        )

    def _disarm_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    # -- admission ------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        # The transport's close is the protocol's: it lingers while a body is still arriving.
        self._cycle_transport = OneWrite(self.transport, self._close_after_answer)
        self.flow = self.flow_type(self.transport, self._parse_on)
        self._since = time.monotonic()  # not loop.time(): uvloop's ticks in ms
        self._arm_header_deadline()
        if len(self.connections) > self.limits.concurrency:
            self._make_room()

    def _make_room(self) -> bool:
        """Close the connection that has waited longest with no request in flight (True), if
        there is one. With none (every connection is busy), this one stays, over the limit, and
        is itself the first to go; a request it sends before then is answered 503 (`_gate`)."""
        waiting = [c for c in self.connections if c is not self and _is_waiting(c)]
        if not waiting:
            return False
        oldest = min(waiting, key=_waiting_since)
        self.connections.discard(oldest)  # gone now, not when its close completes
        oldest.transport.close()
        return True

    def _waiting(self) -> bool:
        """No request of this connection is being applied or answered: it is idle, still
        sending a head, or still sending a body (a request whose body has not all arrived has
        not been applied, and closing its connection drops it unapplied)."""
        cycle = self.cycle
        busy = cycle is not None and not cycle.response_complete and not cycle.more_body
        return not busy and not getattr(self, "pipeline", None) and not self.transport.is_closing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        self._disarm_write_timer()
        super().connection_lost(exc)  # type: ignore[misc]

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._since = time.monotonic()  # not loop.time(): uvloop's ticks in ms

    # -- parsing in turns -------------------------------------------------------------------
    flow: Any  # a `_held_flow()`
    flow_type: Callable[[asyncio.Transport, Callable[[], None]], Any]

    def _hold_back(self, data: bytes, *, next_turn: bool) -> None:
        """Keep `data` unparsed, and read nothing more until it is parsed: when requests enough
        wait for their answers (parsed as answers go out), or (`next_turn`) when this
        connection has had its turn of the event loop (`max_pieces_per_turn`)."""
        self._unparsed = data
        self.flow.hold()
        if next_turn:
            self.loop.call_soon(self._parse_on)

    def _take_unparsed(self, data: bytes) -> bytes:
        """What was held back, then `data`; reading is no longer held for it."""
        data, self._unparsed = self._unparsed + data, b""
        self.flow.release()
        return data

    def _parse_on(self) -> None:
        if self._unparsed and not self.transport.is_closing():
            self.data_received(b"")  # type: ignore[attr-defined]

    # -- closing while a body is still arriving ------------------------------------------------
    def _close_after_answer(self) -> None:
        """The close of a request's answer (`Connection: close`, as for a body over the limit).
        While that request's body is still arriving, the connection lingers instead."""
        transport = self.transport
        if self._body_arriving() and not transport.is_closing() and transport.can_write_eof():
            self._linger()
        else:
            transport.close()

    def _body_arriving(self) -> bool:
        """The request being answered has a body not all read yet (each stack says how)."""
        raise NotImplementedError

    def _linger(self) -> None:
        """Closing at once, with the client still writing the body, resets the connection:
        a client that writes its whole body before it reads the answer gets EPIPE, not the
        answer. So the server ends its side (FIN, after the answer) and drops what still
        arrives, up to `max_linger_bytes` (weighed as discarded chunks) and the header
        timeout, then closes (as nginx's lingering close)."""
        self._lingering = 0
        self.transport.write_eof()
        self._arm_header_deadline()
        self._unparsed = b""
        self.flow.release()
        self.flow.resume_reading()

    def _lingered(self, data: bytes) -> None:
        """`data` arrived while lingering: dropped, unparsed."""
        assert self._lingering is not None
        self._lingering += len(data) + DISCARDED_CHUNK_COST
        if self._lingering > self.limits.max_linger_bytes:
            self.transport.close()

    def eof_received(self) -> None:
        if self._lingering is not None:
            self.transport.close()  # the client sent all it will: the linger is over
            return
        super().eof_received()  # type: ignore[misc]

    # -- the write timeout ----------------------------------------------------------------------
    def pause_writing(self) -> None:
        super().pause_writing()  # type: ignore[misc]
        if self._write_timer is None:
            self._write_timer = self.loop.call_later(self.limits.write_timeout, self._write_stalled)

    def resume_writing(self) -> None:
        self._disarm_write_timer()
        super().resume_writing()  # type: ignore[misc]

    def _disarm_write_timer(self) -> None:
        if self._write_timer is not None:
            self._write_timer.cancel()
            self._write_timer = None

    def _write_stalled(self) -> None:
        self._write_timer = None
        log.debug("dropping a connection that has not read its answers")
        self.transport.abort()  # close() would wait for the buffer the client never reads

    def _unsupported_upgrade_warning(self) -> None:
        # uvicorn warns twice per request with an `Upgrade` header it ignores (the request is
        # then served as plain HTTP/1.1): a client could fill the log with them.
        log.debug("ignored an Upgrade header: the emulator speaks HTTP/1.1 only")

    # -- refusals -------------------------------------------------------------------------------
    def _refusal(self, status: int, message: str) -> bytes:
        self.refusals[status] += 1
        log.debug("refused a request: %d %s", status, message)
        return raw_response(status, self.render(status, message))

    def _refusing_app(self, status: int, message: str) -> Any:
        """An app answering `status` (the request is not served), for a refusal decided once
        the whole head is parsed: sent in turn with the answers before it, then the close."""
        self.refusals[status] += 1
        log.debug("refused a request: %d %s", status, message)
        body = self.render(status, message)

        async def refuse(scope: Any, receive: Any, send: Any) -> None:
            await _answer(send, status, body)

        return refuse

    async def _gate(self, scope: Any, receive: Any, send: Any) -> None:
        """Every request, before the app: the checks that need the whole head."""
        self.cycle.transport = self._cycle_transport  # h11 made the cycle with the transport
        refusal = self._check_head(scope)
        if refusal is not None:
            await self._refusing_app(*refusal)(scope, receive, send)
            return
        if scope.get("_expect_continue"):
            receive, send = _close_unless_read(receive, send)
        await self._app(scope, receive, send)

    def _head_verdict(
        self, others: int, http_version: str, hosts: int, ambiguous: bool, path_target: bool
    ) -> tuple[int, str] | None:
        """The refusal, if any, of a complete head: one rule for both stacks, which count what
        it reads in their own ways. `others`: requests in flight that this one would add to."""
        # Over the limit, a request displaces a connection that is only waiting (one whose
        # request is still arriving counts as waiting, yet holds a task until it sees the close).
        if others >= self.limits.concurrency and not self._make_room():
            return 503, _ALL_BUSY
        if http_version not in _ALLOWED_VERSIONS:
            # A 400, not 505: the fast stack's parser refuses most unknown versions as
            # malformed before this rule sees them, and one answer for all of them is simpler
            # for a client to read (and no 5xx blames the server for a client's request).
            return 400, f"HTTP/{http_version[:8]} is not supported: use HTTP/1.1"
        # RFC 9112 section 3.2: exactly one Host in HTTP/1.1 (at most one in 1.0), else a 400.
        if hosts > 1 or (not hosts and http_version == "1.1"):
            return 400, _ONE_HOST
        if ambiguous:
            return 400, _AMBIGUOUS_FRAMING
        if not path_target:
            return 400, _NOT_A_PATH
        return None

    def _check_head(self, scope: Any) -> tuple[int, str] | None:
        """h11's head (the fast stack checks each header as it is parsed, `_checked_app`)."""
        limits = self.limits
        headers = scope["headers"]
        if len(headers) > limits.max_header_fields:
            return 431, f"More than {limits.max_header_fields} header fields"
        if len(scope["raw_path"]) + len(scope["query_string"]) > limits.max_target_bytes:
            return 414, f"Request target longer than {limits.max_target_bytes} bytes"
        encodings = lengths = hosts = 0
        size = len(scope["raw_path"]) + len(scope["query_string"])
        for name, value in headers:
            size += len(name) + len(value) + 4
            if name == b"host":
                hosts += 1
            elif name == b"transfer-encoding":
                encodings += 1 if value.strip().lower() == b"chunked" else 2
            elif name == b"content-length":
                lengths += 1
            elif name == b"expect":
                scope["_expect_continue"] = True
        if size > limits.max_head_bytes:  # h11 bounds only a head that arrives in pieces
            return 431, f"Request head larger than {limits.max_head_bytes} bytes"
        ambiguous = encodings > 1 or bool(encodings and lengths) or lengths > 1
        # (h11 keeps a `#fragment` in the target: in the path, or in the query after a `?`.)
        raw_path = scope["raw_path"]
        path_target = raw_path[:1] == b"/" and b"#" not in raw_path
        path_target = path_target and b"#" not in scope["query_string"]
        # This request's own task is among the tasks (the gate runs in it).
        others = len(self.tasks) - 1
        return self._head_verdict(others, scope["http_version"], hosts, ambiguous, path_target)


def _held_flow() -> type[FlowControl]:
    """uvicorn's flow control (`FlowControl`, which the request cycles share), with one more
    reason not to read: bytes received but not parsed yet (held back, `_Guard._hold_back`).
    While they wait, nothing more is read, whoever asks (a request reading its body asks at
    every read: the unparsed bytes grew by a read each time); asked to read then, the held
    bytes are parsed on at the next turn. (Made when a server is configured: uvicorn's
    modules are imported then, not at start-up.)"""
    from uvicorn.protocols.http.flow_control import FlowControl

    class HeldFlow(FlowControl):
        def __init__(self, transport: asyncio.Transport, parse_on: Callable[[], None]) -> None:
            super().__init__(transport)
            self._parse_on = parse_on
            self.held = False

        def pause_reading(self) -> None:
            if not self.read_paused:
                self.read_paused = True
                if not self.held:
                    self._transport.pause_reading()

        def resume_reading(self) -> None:
            if self.read_paused:
                self.read_paused = False
                if self.held:
                    asyncio.get_running_loop().call_soon(self._parse_on)
                else:
                    self._transport.resume_reading()

        def hold(self) -> None:
            self.held = True
            self._transport.pause_reading()  # (even if paused: uvicorn's h11 resumes directly)

        def release(self) -> None:
            if self.held:
                self.held = False
                if not self.read_paused:
                    self._transport.resume_reading()

    return HeldFlow


def _is_waiting(connection: Any) -> bool:
    return isinstance(connection, _Guard) and connection._waiting()


def _waiting_since(connection: _Guard) -> float:
    return connection._since


async def _answer(send: Any, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if status == 503:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _closing_unless_read(app: Any) -> Any:
    """`app`, for a request with `Expect`: see `_close_unless_read`."""

    async def expecting(scope: Any, receive: Any, send: Any) -> None:
        await app(scope, *_close_unless_read(receive, send))

    return expecting


def _close_unless_read(receive: Any, send: Any) -> tuple[Any, Any]:
    """receive/send for a request with `Expect: 100-continue`: an answer sent before the whole
    body was read closes the connection, since the client may send the body after all."""
    read = [False]

    async def receive_body() -> Any:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            read[0] = True
        return message

    async def send_answer(message: Any) -> None:
        if message["type"] == "http.response.start" and not read[0]:
            message = {
                **message,
                "headers": [*message.get("headers", []), (b"connection", b"close")],
            }
        await send(message)

    return receive_body, send_answer


# h11 parses in Python: a byte of small chunks costs it about what 16 cost httptools.
_H11_DISCARD_WEIGHT = 16
_H11_FEED = 1024  # bytes h11 is given at a time: 170 one-byte chunks, ~2 ms of its parsing


def _h11_protocol() -> type[asyncio.Protocol]:
    # Imported when a server is configured, not at start-up (as uvicorn itself does).
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    chunked_reader = strict_chunked_reader(h11)

    class H11Guarded(_Guard, H11Protocol):
        """uvicorn's h11 protocol with the limits. h11 parses one request at a time (pipelined
        ones wait in its buffer until the answer ahead goes out); it is fed `_H11_FEED` bytes
        at a time, so what it holds and what one turn parses stay bounded, as on the fast
        stack: the rest is held back (`_hold_back`)."""

        _discarded = 0  # weighed bytes read after the request was answered
        _refused_as: tuple[int, str] | None = None  # why the parser was stopped (`_next_event`)

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)
            self._h11_next_event = self.conn.next_event
            self.conn.next_event = self._next_event  # type: ignore[method-assign]

        def _next_event(self) -> Any:
            """h11's next event, counting body pieces (a chunk, or what one feed held), and
            with the Content-Length as sent checked (h11 merges `14, 14`, and repeated
            fields, into one value, and allows leading zeros: the fast stack refuses them)."""
            conn = self.conn
            head = b""
            if conn.their_state is h11.IDLE:
                tidy_idle(conn._receive_buffer)
                head = bytes(conn._receive_buffer)
                problem = unfinished_head_problem(head)
                if problem is not None:
                    self._refused_as = 400, problem
                    raise h11.RemoteProtocolError(problem)
            try:
                event = self._h11_next_event()
            except h11.RemoteProtocolError as error:
                strict = getattr(error, "emulator_refusal", None)  # (`_h11_strict`)
                if strict is not None:
                    self._refused_as = 400, strict
                elif "Content-Length" in str(error):  # (`+14`, `1 4`, ...)
                    self._refused_as = 400, _BAD_LENGTH
                raise
            kind = type(event)
            if isinstance(event, h11.Request) and any(
                name == b"content-length" for name, _ in event.headers
            ):
                lengths = _lengths_as_sent(head)
                if len(lengths) > 1:
                    self._refused_as = 400, _AMBIGUOUS_FRAMING
                elif len(lengths) != 1 or not _DECIMAL.fullmatch(lengths[0]):
                    self._refused_as = 400, _BAD_LENGTH
                if self._refused_as is not None:
                    raise h11.RemoteProtocolError(self._refused_as[1])
            if isinstance(event, h11.Request):
                problem = head_problem(head)
                if problem is None and _asks_upgrade(event.headers) and _has_body(event.headers):
                    # The fast stack's parser hands such a body to the other protocol, so it
                    # refuses the request: refused here too (h11 read it as HTTP/1.1).
                    problem = _UPGRADE_WITH_BODY
                if problem is not None:
                    self._refused_as = 400, problem
                    raise h11.RemoteProtocolError(problem)
                if type(conn._reader) is chunked_reader.__mro__[1]:
                    conn._reader = chunked_reader()
            if kind is h11.Data:
                self._all_pieces += 1
                self._pieces += 1
                cycle = self.cycle
                limit = self.limits.max_body_pieces
                if self._pieces > limit and cycle is not None and not cycle.response_complete:
                    # As the fast stack: a 400 that closes the connection, never applied.
                    self._refused_as = 400, f"Request body sent in more than {limit:,} pieces"
                    raise h11.RemoteProtocolError(self._refused_as[1])
            elif kind is h11.Request:
                self._pieces = 0
            return event

        def data_received(self, data: bytes) -> None:
            if self._lingering is not None:
                self._lingered(data)
                return
            if self._unparsed:
                data = self._take_unparsed(data)
            mark = self._all_pieces
            budget = self.limits.max_pieces_per_turn // _H11_DISCARD_WEIGHT
            while data:
                if self.flow.read_paused:
                    # A request waits for the answer ahead of it, or its body for the app to
                    # read: the rest waits until then (uvicorn stops reading, but h11 would be
                    # handed all of what was already read).
                    self._hold_back(data, next_turn=False)
                    return
                if self._all_pieces - mark >= budget:
                    self._hold_back(data, next_turn=True)  # others' turn first
                    return
                piece, data = data[:_H11_FEED], data[_H11_FEED:]
                self._receive(piece)
                if self.transport.is_closing():
                    return

        def _receive(self, data: bytes) -> None:
            super().data_received(data)
            conn = self.conn
            if conn.our_state is h11.DONE and conn.their_state is h11.SEND_BODY:
                # Answered before its body was read: as HttpToolsGuarded.on_body, the rest is
                # read only up to a bound, and within the next head's deadline.
                self._discarded += len(data) * _H11_DISCARD_WEIGHT
                if self._discarded > self.limits.max_discarded_bytes:
                    self.transport.close()
                elif self._header_timer is None:
                    self._arm_header_deadline()
                return
            self._discarded = 0
            # h11 leaves IDLE once a request's headers are parsed: until then the deadline runs.
            if conn.their_state is h11.IDLE:
                if self._header_timer is None:
                    self._arm_header_deadline()
            else:
                self._disarm_header_deadline()

        def _body_arriving(self) -> bool:
            return self.conn.their_state is h11.SEND_BODY

        def on_response_complete(self) -> None:
            if self._lingering is not None:
                return  # the connection closes once the linger ends, not at keep-alive's end
            super().on_response_complete()
            conn = self.conn
            if conn.their_state is h11.IDLE and conn.trailing_data[0] and not self._discarded:
                # The next request's head began arriving while this answer was on its way:
                # its deadline runs now (uvicorn armed only the longer keep-alive).
                self._arm_header_deadline()

        def send_400_response(self, msg: str) -> None:
            # h11 refuses a head past `h11_max_incomplete_event_size` (the head limit) this way.
            oversized = len(self.conn.trailing_data[0]) > self.limits.max_head_bytes
            if self._refused_as is not None:
                refusal = self._refusal(*self._refused_as)
            elif oversized:
                refusal = self._refusal(
                    431, f"Request head larger than {self.limits.max_head_bytes} bytes"
                )
            else:
                refusal = self._refusal(400, "Malformed HTTP request")
            self.transport.write(refusal)
            self.transport.close()

    return H11Guarded


_FEED = 4096  # bytes the parser is given at a time (a request of the API has ~300)


def _httptools_protocol() -> type[asyncio.Protocol] | None:
    if importlib.util.find_spec("httptools") is None:
        return None
    import httptools
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    class HttpToolsGuarded(_Guard, HttpToolsProtocol):
        """uvicorn's httptools protocol with the limits. The parser's callbacks do uvicorn's
        work and the limits' in one call each, not an override calling `super()`: on this path
        the extra calls were a fifth of what serving a fetch costs. One timer per connection
        keeps both its deadlines (headers, keep-alive): a deadline moves with each request by
        an assignment, and the timer, when it fires, closes the connection or waits on."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._in_head = True  # reading a request line and headers (or waiting for one)
            self._head_room = self.limits.max_head_bytes  # bytes fed while in the head
            self._head_size = 0  # header bytes parsed in this head
            self._framing = 0  # Transfer-Encoding/Content-Length fields in this head (_FRAMING)
            self._hosts = 0  # Host fields in this head
            self._expects = False  # this head has an `Expect` field
            self._upgrade_refused = False  # this head asks for an Upgrade and has a body
            self._held: bytes | None = None  # a refusal waiting for the answers before it
            self._running: Any = None  # the request being served (not the latest parsed)
            self._discarded = 0  # body bytes read after this request was answered
            # When the connection is closed unless it makes progress (loop time), or None while
            # a request is in flight (its body has the app's deadline).
            self._deadline: float | None = None
            self._header_timeout = self.limits.header_timeout
            self._keep_alive = float(self.timeout_keep_alive)
            # The timer is never set further ahead than the shorter timeout: it then fires at or
            # before whichever deadline is set later, and each deadline holds to the tick. (Not
            # under 50 ms: a tiny timeout must not make the timer spin until a longer one.)
            self._step = max(min(self._header_timeout, self._keep_alive), 0.05)
            self.app = self._app  # the head is checked when complete (`_checked_app`)

        # -- the deadlines: one lazy timer ---------------------------------------------------
        def _arm_header_deadline(self) -> None:
            self._set_deadline(self._header_timeout)

        def _disarm_header_deadline(self) -> None:
            self._deadline = None

        def _set_deadline(self, seconds: float) -> None:
            now = self.loop.time()
            self._deadline = now + seconds
            if self._header_timer is None:
                self._arm_timer(now)

        def _arm_timer(self, now: float) -> None:
            assert self._deadline is not None
            at = min(self._deadline, now + self._step)
            self._header_timer = self.loop.call_at(at, self._deadline_reached)

        def _deadline_reached(self) -> None:
            self._header_timer = None
            deadline = self._deadline
            if deadline is None or self.transport.is_closing():
                return  # a request is in flight: the next deadline arms the timer again
            now = self.loop.time()
            if now < deadline:  # the deadline moved on since the timer was set
                self._arm_timer(now)
            else:
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            # uvicorn tells only the latest request parsed that the client is gone; with
            # requests pipelined behind it, the one being served would write to the closed
            # connection (a traceback per client that stops reading, or hangs up).
            running = self._running
            if running is not None and not running.response_complete:
                running.disconnected = True
                running.message_event.set()
            super().connection_lost(exc)

        # -- reading ---------------------------------------------------------------------------
        def data_received(self, data: bytes) -> None:
            if self._held is not None:  # a request was refused: nothing after it is parsed
                if self._lingering is not None:
                    self._lingered(data)
                return
            if self._unparsed:
                data = self._take_unparsed(data)
            piece = b""
            mark = -1  # body pieces parsed when this turn's second feed began
            try:
                while data:
                    if len(self.pipeline) >= self.limits.max_pipelined:
                        # Enough requests wait for their answers: the rest is parsed as they
                        # are given (`on_response_complete`), not queued without end.
                        self._hold_back(data, next_turn=False)
                        return
                    # At most _FEED bytes per feed, so one feed queues a bounded number of
                    # pipelined requests; and never more of a head than the limit (and one
                    # byte): parsing it stays linear, however it is split.
                    size = min(self._head_room + 1, _FEED) if self._in_head else _FEED
                    piece, data = data[:size], data[size:]
                    if self._in_head:
                        self._head_room -= len(piece)
                    self.parser.feed_data(piece)
                    if self._in_head and self._head_room < 0:
                        limit = self.limits.max_head_bytes
                        raise _Refused(431, f"Request head larger than {limit} bytes")
                    if data:  # (a request that came whole was one feed: none of this for it)
                        if mark < 0:
                            mark = self._all_pieces
                        elif self._all_pieces - mark >= self.limits.max_pieces_per_turn:
                            self._hold_back(data, next_turn=True)  # others' turn first
                            return
            except _Refused as refused:
                self._refuse(refused.status, refused.message)
            except httptools.HttpParserUpgrade as upgrade:
                if self._should_upgrade():
                    self.handle_websocket_upgrade()
                else:
                    self._unsupported_upgrade_warning()
                    self._ignore_upgrade(piece[upgrade.args[0] :] + data)
            except httptools.HttpParserError as error:
                cause = error.__context__
                if isinstance(cause, _Refused):
                    self._refuse(cause.status, cause.message)
                elif "Content-Length" in str(error):  # as h11's are worded (`_next_event`)
                    duplicate = "Duplicate" in str(error)
                    self._refuse(400, _AMBIGUOUS_FRAMING if duplicate else _BAD_LENGTH)
                else:
                    self._refuse(400, f"Malformed HTTP request: {str(error)[:200]}")

        def _ignore_upgrade(self, rest: bytes) -> None:
            """The parser stops at the head of a request that asks for an Upgrade (`curl
            --http2` asks for h2c) and leaves what follows to the new protocol. The emulator
            speaks HTTP/1.1 only, so what follows is HTTP/1.1 again: the next requests are
            parsed (they were dropped unanswered, the connection idling until its timeout).
            A body of that request was taken for the other protocol: the request is refused
            when its head completes (`_checked_app`), and the connection closes after it."""
            if not self._upgrade_refused and rest:
                self.data_received(rest)

        def _body_arriving(self) -> bool:
            running = self._running
            return running is not None and bool(running.more_body)

        def _linger(self) -> None:
            self._held = b""  # nothing more is parsed (`data_received`)
            super()._linger()

        def _refuse(self, status: int, message: str) -> None:
            refusal = self._refusal(status, message)
            self._disarm_header_deadline()
            latest = self.cycle
            if latest is not None and not latest.response_complete and latest.more_body:
                # The error lies inside this request's own body: it can never be whole.
                if self.pipeline and self.pipeline[0][0] is latest:
                    self.pipeline.popleft()  # not started: dropped unanswered, nothing applied
                else:
                    self._send_and_close(refusal)  # the app sees a disconnect
                    return
            if self.pipeline or (latest is not None and not latest.response_complete):
                self._held = refusal  # sent once every request before it is answered
                self.flow.pause_reading()
                return
            self._send_and_close(refusal)

        def _send_and_close(self, refusal: bytes) -> None:
            if not self.transport.is_closing():
                self._cycle_transport.flush()  # a head held back goes first, as it was started
                self.transport.write(refusal)
                self.transport.close()

        # -- the parser's callbacks -------------------------------------------------------------
        def on_message_begin(self) -> None:
            self._in_head = True
            self._head_room = self.limits.max_head_bytes
            self._head_size = 0
            self._framing = self._hosts = self._discarded = self._pieces = 0
            self._expects = False
            self._set_deadline(self._header_timeout)
            self.url = b""
            self.expect_100_continue = False
            self.headers = []
            self.scope = {  # type: ignore[typeddict-item]
                "type": "http",
                "asgi": {"version": self.asgi_version, "spec_version": "2.3"},
                "http_version": "1.1",
                "server": self.server,
                "client": self.client,
                "scheme": self.scheme,  # type: ignore[typeddict-item]
                "root_path": self.root_path,
                "headers": self.headers,
                "state": self.app_state.copy(),
            }

        def on_url(self, url: bytes) -> None:
            self.url += url
            if len(self.url) > self.limits.max_target_bytes:
                limit = self.limits.max_target_bytes
                raise _Refused(414, f"Request target longer than {limit} bytes")

        def on_header(self, name: bytes, value: bytes) -> None:
            if not self._in_head:  # a trailer field (h11: `_h11_strict`)
                raise _Refused(400, NO_TRAILERS)
            if value[-1:] in _BLANKS:  # llhttp keeps trailing blanks, h11 drops them (RFC 9110
                value = value.rstrip(b" \t")  # section 5.5: they are not part of the value)
            # The head as parsed (a request pipelined behind a body is fed whole, so the feed
            # size alone does not bound it).
            self._head_size += len(name) + len(value) + 4
            limits = self.limits
            if self._head_size + len(self.url) > limits.max_head_bytes:
                raise _Refused(431, f"Request head larger than {limits.max_head_bytes} bytes")
            headers = self.headers
            if len(headers) >= limits.max_header_fields:
                raise _Refused(431, f"More than {limits.max_header_fields} header fields")
            name = name.lower()
            framing = _FRAMING.get(name)
            if framing is not None:
                if framing == _HOST:
                    self._hosts += 1
                elif framing == _EXPECT:
                    self._expects = True
                    if value.lower() == b"100-continue":
                        self.expect_100_continue = True
                elif framing == _CHUNKED and value.strip().lower() != b"chunked":
                    self._framing += _AMBIGUOUS
                else:
                    if framing == _LENGTH and value[:1] == b"0" and len(value) > 1:
                        raise _Refused(400, _BAD_LENGTH)  # (h11: `_next_event`)
                    self._framing += framing
            headers.append((name, value))

        def on_headers_complete(self) -> None:
            self._in_head = False
            self._deadline = None  # in flight: the body's deadline is the app's
            parser = self.parser
            scope = self.scope
            http_version = parser.get_http_version()
            scope["method"] = parser.get_method().decode("ascii")
            if http_version != "1.1":
                scope["http_version"] = http_version
            upgrading = parser.should_upgrade()
            if upgrading and self._should_upgrade():
                return
            target = self.url
            path_target = target[:1] == b"/" and b"#" not in target
            if path_target:
                url = httptools.parse_url(target)
                raw_path, query = url.path, url.query or b""
            else:  # refused (`_head_verdict`): never parsed as anything else
                raw_path, query = b"/", b""
            path = raw_path.decode("ascii")
            root = self.root_path
            scope["path"] = root + (unquote(path) if "%" in path else path)
            scope["raw_path"] = root.encode("ascii") + raw_path
            scope["query_string"] = query
            self._upgrade_refused = upgrading and _has_body(self.headers)
            app = self._checked_app(http_version, path_target)
            latest = self.cycle
            self.cycle = cycle = RequestResponseCycle(
                scope=scope,
                transport=self._cycle_transport,  # type: ignore[arg-type]  # writes a head with its body
                flow=self.flow,
                logger=self.logger,
                access_logger=self.access_logger,
                access_log=self.access_log,
                default_headers=self.server_state.default_headers,
                message_event=asyncio.Event(),
                expect_100_continue=self.expect_100_continue,
                keep_alive=(
                    http_version != "1.0"
                    and parser.should_keep_alive()
                    and not self._upgrade_refused
                ),
                on_response=self.on_response_complete,
            )
            if latest is None or latest.response_complete:
                self._start(cycle, app)
            else:  # pipelined behind a request still in flight: started when it is answered
                self.flow.pause_reading()
                self.pipeline.appendleft((cycle, app))

        def _checked_app(self, http_version: str, path_target: bool) -> Any:
            """The app, or an answer refusing the request: the checks that need the whole head
            (each header was checked as it was parsed)."""
            refusal: tuple[int, str] | None = None
            if self._upgrade_refused:
                refusal = 400, _UPGRADE_WITH_BODY
            else:
                # This request's own task is not among the tasks yet, and one queued behind
                # this connection's request in flight adds nothing to them: it waits its turn.
                ambiguous = self._framing not in (0, _LENGTH, _CHUNKED)
                others = len(self.tasks) - self._in_flight()
                refusal = self._head_verdict(
                    others, http_version, self._hosts, ambiguous, path_target
                )
            if refusal is not None:
                return self._refusing_app(*refusal)
            if self._expects:
                return _closing_unless_read(self._app)
            return self._app

        def _in_flight(self) -> int:
            """1 if this connection has a request being served (the parsed one queues)."""
            latest = self.cycle
            return 1 if latest is not None and not latest.response_complete else 0

        def _start(self, cycle: Any, app: Any) -> None:
            self._running = cycle  # the request being served (`connection_lost`)
            if not cycle.waiting_for_100_continue:  # its `100 Continue` goes out at once
                self._cycle_transport.hold_head()
            self._start_asgi_task(cycle, app)

        def on_response_complete(self) -> None:
            self._cycle_transport.flush()  # before anything else is written: the head first
            self.server_state.total_requests += 1
            if self._held is not None and not self.pipeline:
                if self._lingering is None:  # (a lingering connection closes at its end)
                    self._send_and_close(self._held)
                return
            self._since = time.monotonic()  # not loop.time(): uvloop's ticks in ms
            if self.transport.is_closing():
                return
            self.flow.resume_reading()
            if self.pipeline:
                self._start(*self.pipeline.pop())
            elif not self._in_head:  # idle: closed unless a request begins
                self._set_deadline(self._keep_alive)
            # (else the next request's head has begun arriving: its header deadline holds)
            running = self._running
            if running is not None and running.more_body:
                # Answered before its body was read: the rest of the body is the way to the
                # next request's head, and shares its deadline (no trickling it forever).
                self._arm_header_deadline()
            if self._unparsed:
                self.data_received(b"")  # room in the queue: parse on

        def on_body(self, body: bytes) -> None:
            self._all_pieces += 1
            if not self.cycle.response_complete:
                self._pieces += 1
                if self._pieces > self.limits.max_body_pieces:
                    limit = self.limits.max_body_pieces
                    raise _Refused(400, f"Request body sent in more than {limit:,} pieces")
                super().on_body(body)
                return
            # uvicorn reads and drops the body of a request already answered, however long it
            # goes on (an unauthenticated stream of 1-byte chunks held the event loop): up to
            # a bound, then the connection closes.
            self._discarded += len(body) + DISCARDED_CHUNK_COST
            if self._discarded > self.limits.max_discarded_bytes:
                self.transport.close()

    return HttpToolsGuarded


_DECIMAL = re.compile(rb"0|[1-9][0-9]*")
_BLANKS = (b" ", b"\t")


def _lengths_as_sent(raw: bytes) -> list[bytes]:
    """The Content-Length values in the head at the start of `raw`, as sent."""
    lengths = []
    for line in raw.split(b"\n")[1:]:
        line = line.rstrip(b"\r")
        if not line:
            break  # the end of the head
        name, colon, value = line.partition(b":")
        if colon and name.lower() == b"content-length":
            lengths.append(value.strip(b" \t"))
    return lengths


def _asks_upgrade(headers: Sequence[tuple[bytes, bytes]]) -> bool:
    """An `Upgrade` field and `upgrade` among the `Connection` options (llhttp's rule)."""
    names = {name.lower() for name, _ in headers}
    return b"upgrade" in names and any(
        name.lower() == b"connection"
        and b"upgrade" in (option.strip().lower() for option in value.split(b","))
        for name, value in headers
    )


def _has_body(headers: Sequence[tuple[bytes, bytes]]) -> bool:
    return any(
        name == b"transfer-encoding" or (name == b"content-length" and value != b"0")
        for name, value in headers
    )


# How each framing header counts in `_framing`: one Content-Length, or one `chunked`
# Transfer-Encoding, is clear; any other sum is ambiguous (two of either, both, or an encoding
# other than exactly `chunked`). Any `Expect` is noted for `_closing_unless_read`.
# (At most `max_header_fields` fields: the sums cannot collide.)
_LENGTH, _CHUNKED, _AMBIGUOUS, _EXPECT = 1, 1_000, 1_000_000, -1
_HOST = -2
_FRAMING = {
    b"content-length": _LENGTH,
    b"transfer-encoding": _CHUNKED,
    b"expect": _EXPECT,
    b"host": _HOST,  # counted apart (`_hosts`)
}
_ONE_HOST = "An HTTP/1.1 request names its host in exactly one Host header"
_UPGRADE_WITH_BODY = (
    "A request that asks for an Upgrade cannot carry a body here: the "
    "emulator speaks HTTP/1.1 only; send it without the Upgrade header"
)
_AMBIGUOUS_FRAMING = (
    "Ambiguous request framing: Transfer-Encoding must be exactly `chunked` and "
    "come alone, without Content-Length"
)
# RFC 9112 section 3.2: a server must accept an absolute-form target (`http://host/v1/...`), and
# must then take the host from it, not from `Host`. The emulator answers from its own address
# whatever a client names (`http/origin.py`), and a proxy in front of it may route by either:
# one request, two meanings. So only a path is accepted (origin-form), never a fragment
# (which RFC 9112 leaves out of every request target).
_NOT_A_PATH = (
    "The request target must be a path (`/v1/...`, with an optional `?query`): absolute-form "
    "(`http://host/...`), authority-form and `*` targets, and `#fragments`, are refused"
)
# RFC 9112 section 6.3 lets a server refuse a list-valued Content-Length (`14, 14`); leading
# zeros are valid there, but read as octal or dropped by some parsers in front of a server.
_BAD_LENGTH = "Content-Length must be one decimal number, with no list, sign or leading zeros"


def http_protocol(
    limits: ConnectionLimits, render: Render, refusals: Counter[int], *, fast: bool = True
) -> type[asyncio.Protocol]:
    """The protocol class for `uvicorn.Config(http=...)`, with these limits; `render` words
    refusals in the API's error shape, `refusals` counts them."""
    base = (_httptools_protocol() if fast else None) or _h11_protocol()
    attributes: dict[str, Any] = {
        "limits": limits,
        "render": staticmethod(render),
        "refusals": refusals,
        "flow_type": _held_flow(),
    }
    return type(base.__name__, (base,), attributes)
