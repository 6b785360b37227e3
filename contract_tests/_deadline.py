"""An overall deadline and a size limit per request, for both HTTP stacks the run sends through
(httpx for the suite's own requests, requests for Schemathesis'). A client's timeouts bound
each wait for a byte, so a server that trickles a byte a second (of its body, or of its status
line and headers, which no client bounds) never trips them; here the whole exchange, from
sending to the last byte of the body, must end by the deadline: every wait on the socket is cut
to what is left of it. And an answer is read up to MAX_ANSWER_BYTES, decoded: a gigantic body,
or a gzip body that expands to gigabytes, is refused at the limit, never held in memory."""

from __future__ import annotations

import http.client
import http.cookiejar
import io
import json
import math
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx
import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection

DEFAULT_REQUEST_DEADLINE = 30.0  # seconds for a whole exchange
# The most of one answer the run reads, decoded (the API's largest pages are far below it).
MAX_ANSWER_BYTES = 32 * 2**20
_CHUNK = 16_384
_DECODED_CHUNK = 2**20  # bytes one step of decompression may produce


def _late(what: str, deadline: float) -> str:
    return f"{what}: no complete answer within the request deadline ({deadline:g} s)"


def _too_large(what: str) -> str:
    return f"{what}: the answer is larger than {MAX_ANSWER_BYTES // 2**20} MiB (decoded): not read"


def unbounded() -> float:
    """No run-level bound on an exchange: its own deadline alone."""
    return math.inf


def _announced_too_large(length: str) -> bool:
    """Whether a Content-Length announces more than MAX_ANSWER_BYTES: told by its digits
    first, as `int` refuses a text of more than 4,300 (a target's 5,000-digit length raised a
    ValueError out of the run's own check, which no caller of a request expects)."""
    digits = length.strip().lstrip("0")
    if not digits.isascii() or not digits.isdigit():
        return False
    return len(digits) > len(str(MAX_ANSWER_BYTES)) or int(digits) > MAX_ANSWER_BYTES


class AnswerTooLarge(httpx.RemoteProtocolError):
    """The answer is beyond MAX_ANSWER_BYTES: not read further."""


class _Clock(threading.local):
    """When the exchange under way on this thread must end (monotonic seconds)."""

    ends = math.inf

    def left(self, timeout: float | None, late: type[Exception]) -> float:
        """`timeout` cut to what is left of the exchange; `late` raised when nothing is."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise late("the request deadline passed")
        return left if timeout is None else min(timeout, left)


class _ClockedStream(httpcore.NetworkStream):
    """A connection whose every wait ends by the clock's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self._clock.left(timeout, httpcore.ConnectTimeout)
        return _ClockedStream(
            self._inner.start_tls(ssl_context, server_hostname, timeout), self._clock
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _ClockedBackend(httpcore.NetworkBackend):
    def __init__(self, clock: _Clock) -> None:
        self._inner = httpcore.SyncBackend()
        self._clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self._clock.left(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _ClockedStream(stream, self._clock)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = self._clock.left(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_unix_socket(path, timeout, socket_options)
        return _ClockedStream(stream, self._clock)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _ClockedHTTPTransport(httpx.HTTPTransport):
    """httpx's network transport over connections that keep `clock`."""

    def __init__(self, clock: _Clock) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_ClockedBackend(clock)
        )


def _decoder(encoding: str) -> Any:
    """A zlib decompressor for a Content-Encoding the run decodes itself, bounded."""
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    return zlib.decompressobj(zlib.MAX_WBITS | 32)  # deflate: zlib-wrapped (or gzip)


class _AnswerStream(httpx.SyncByteStream):
    """The answer's body, decoded here, a bounded step at a time, against the deadline and the
    size limit."""

    def __init__(
        self,
        stream: httpx.SyncByteStream,
        encodings: list[str],
        ends: float,
        what: str,
        deadline: float,
    ) -> None:
        self._stream = stream
        self._decoders = [_decoder(e) for e in reversed(encodings)]
        self._ends = ends
        self._what = what
        self._deadline = deadline
        self._read = 0

    def _counted(self, chunk: bytes) -> bytes:
        self._read += len(chunk)
        if self._read > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(_too_large(self._what))
        if time.monotonic() > self._ends:
            raise httpx.ReadTimeout(_late(self._what, self._deadline))
        return chunk

    def _decoded(self, chunk: bytes, depth: int = 0) -> Iterator[bytes]:
        if depth == len(self._decoders):
            yield self._counted(chunk)
            return
        decoder = self._decoders[depth]
        try:
            while chunk:
                out = decoder.decompress(chunk, _DECODED_CHUNK)
                chunk = decoder.unconsumed_tail
                yield from self._decoded(out, depth + 1)
        except zlib.error as error:
            raise httpx.DecodingError(f"{self._what}: {error}") from None

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._stream:
                yield from self._decoded(chunk)
        except httpx.TimeoutException:
            raise httpx.ReadTimeout(_late(self._what, self._deadline)) from None

    def close(self) -> None:
        self._stream.close()


_DECODED = {"gzip", "x-gzip", "deflate"}


def _decodable(headers: httpx.Headers) -> list[str]:
    """The answer's content codings in the order they were applied, when the run decodes every
    one of them; none (the body read as it came, within the same limit) when it names one it
    cannot."""
    codings = [c.strip().lower() for c in headers.get_list("Content-Encoding", split_commas=True)]
    codings = [c for c in codings if c and c != "identity"]
    return codings if all(c in _DECODED for c in codings) else []


class Answer(httpx.Response):
    """An answer whose JSON nested too deep to parse (`[` 100,000 times) is not JSON, as any
    other body that cannot be parsed (a ValueError), not a RecursionError that no reader of a
    body expects."""

    def json(self, **kwargs: Any) -> Any:
        try:
            return super().json(**kwargs)
        except RecursionError:
            raise json.JSONDecodeError("nested too deep to parse", "", 0) from None


class DeadlineTransport(httpx.BaseTransport):
    """An httpx transport whose every exchange ends within `deadline` seconds, all of it, and
    whose answers are read up to MAX_ANSWER_BYTES. Over the network (no `inner`) every wait
    on the socket keeps the deadline; into an in-process app (`inner`), the body does."""

    def __init__(
        self,
        deadline: float,
        inner: httpx.BaseTransport | None = None,
        cap: Callable[[], float] = unbounded,
    ) -> None:
        self._clock = _Clock()
        self._inner = inner if inner is not None else _ClockedHTTPTransport(self._clock)
        self._deadline = deadline
        self.cap = cap  # seconds left of the run (--max-duration): no exchange outlasts it

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = min(self._deadline, self.cap())
        ends = self._clock.ends = time.monotonic() + deadline
        what = f"{request.method} {request.url.path}"
        try:
            response = self._inner.handle_request(request)
        except httpx.TimeoutException as error:
            raise type(error)(_late(what, deadline), request=request) from None
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        if _announced_too_large(response.headers.get("Content-Length", "")):
            stream.close()
            raise AnswerTooLarge(_too_large(what), request=request)
        # Decoded here, bounded, and never by httpx, which inflates a whole chunk at once,
        # without limit (and decodes the codings it knows even when the list also names one it
        # does not: `gzip, gzip, x-other` was a double gzip bomb read past the limit).
        body = _AnswerStream(stream, _decodable(response.headers), ends, what, deadline)
        if "Content-Encoding" in response.headers:
            del response.headers["Content-Encoding"]
        return Answer(
            response.status_code,
            headers=response.headers,
            stream=body,
            extensions=response.extensions,
            request=request,
        )

    def close(self) -> None:
        self._inner.close()


class _ClockedReader(io.RawIOBase):
    """The socket of one answer (requests' stack), every wait cut to what is left of the
    deadline: the status line and headers too, which http.client reads without one."""

    def __init__(self, sock: socket.socket, raw: io.RawIOBase, limit: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = raw
        self._limit = limit
        self._ends = time.monotonic() + limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = self._ends - time.monotonic()
        if left <= 0:
            raise TimeoutError(
                f"no complete answer within the request deadline ({self._limit:g} s)"
            )
        self._sock.settimeout(min(left, self._limit))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _ClockedResponse(http.client.HTTPResponse):
    """An answer read against one clock: the socket's timeout when it starts (the request's
    read timeout, the deadline) bounds the whole answer, not each read."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        limit = sock.gettimeout()
        if limit is not None:
            self.fp = io.BufferedReader(_ClockedReader(sock, self.fp.detach(), limit))


class _ClockedConnection(HTTPConnection):
    response_class = _ClockedResponse


class _ClockedTLSConnection(HTTPSConnection):
    response_class = _ClockedResponse


class _ClockedPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _ClockedConnection


class _ClockedTLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _ClockedTLSConnection


class DeadlineAdapter(HTTPAdapter):
    """A requests adapter whose every exchange ends within `deadline` seconds (each wait on
    the socket cut to what is left of it), its body read here, a chunk at a time, up to
    MAX_ANSWER_BYTES decoded."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self._deadline = deadline
        self.cap: Callable[[], float] = unbounded  # as DeadlineTransport's

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _ClockedPool, "https": _ClockedTLSPool}

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        deadline = min(self._deadline, self.cap())
        ends = time.monotonic() + deadline
        kwargs["timeout"] = deadline  # connect, and the whole answer (_ClockedResponse)
        what = f"{request.method} {request.path_url}"
        try:
            response = super().send(request, stream=True, **kwargs)
        except requests.exceptions.Timeout:
            raise requests.exceptions.ReadTimeout(_late(what, deadline), request=request) from None
        if stream:
            return response
        if _announced_too_large(response.headers.get("Content-Length", "")):
            response.close()
            raise requests.exceptions.ConnectionError(_too_large(what), request=request)
        chunks = []
        read = 0
        # urllib3 decodes a chunk at a time, each at most _CHUNK bytes decoded.
        for chunk in _late_as_timeout(response.iter_content(_CHUNK), what, deadline):
            read += len(chunk)
            if read > MAX_ANSWER_BYTES:
                response.close()
                raise requests.exceptions.ConnectionError(_too_large(what), request=request)
            if time.monotonic() > ends:
                response.close()
                raise requests.exceptions.ReadTimeout(_late(what, deadline), request=request)
            chunks.append(chunk)
        # What requests itself does when it reads a body that was not streamed.
        response._content = b"".join(chunks)
        response._content_consumed = True
        return response


def _late_as_timeout(chunks: Iterator[bytes], what: str, deadline: float) -> Iterator[bytes]:
    """The body's chunks; a read cut by the deadline raised as the timeout it is (requests
    calls it a ConnectionError)."""
    try:
        yield from chunks
    except requests.exceptions.ConnectionError as error:
        if isinstance(error.args[0] if error.args else None, urllib3.exceptions.ReadTimeoutError):
            raise requests.exceptions.ReadTimeout(_late(what, deadline)) from None
        raise


def no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps none: a target's Set-Cookie is never sent back (it would carry
    state from one test to the next, and a target setting new ones on every answer grew every
    later request's headers without bound)."""
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


class NoRedirectSession(requests.Session):
    """A requests session for Schemathesis' sends: the deadline on every exchange, and no
    redirect ever followed (a redirect is the answer under test, and a loop of them would be
    thousands of requests the run never decided to send); no cookie kept (`no_cookies`)."""

    def __init__(self, deadline: float) -> None:
        super().__init__()
        self.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self.adapter = DeadlineAdapter(deadline)
        self.mount("http://", self.adapter)
        self.mount("https://", self.adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().send(request, **kwargs)
