"""uvicorn's HTTP protocols with a header-read deadline, which uvicorn has no setting for.

uvicorn's keep-alive timeout runs only between requests: a client that opens a connection and
never finishes its request line and headers (slowloris) holds it, and its file descriptor,
forever. Each protocol here closes a connection whose headers are not complete `header_timeout`
seconds after the connection opened or its next request began. The body has its own deadline,
in the app (`http/dispatch.py`), which can still answer 408 then.

The fast protocol (httptools) is used where installed, h11 elsewhere; both get the deadline.
"""

from __future__ import annotations

import asyncio
import importlib.util
from typing import Any


class _HeaderDeadline:
    """The timer, armed when a connection opens. Mixed in before a uvicorn protocol, which
    provides `loop`, `transport` and the methods extended here."""

    header_timeout: float = 10.0
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    _header_timer: asyncio.TimerHandle | None = None

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)  # type: ignore[misc]


def _h11_protocol() -> type[asyncio.Protocol]:
    # Imported when a server is configured, not at start-up (as uvicorn itself does).
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class H11WithHeaderDeadline(_HeaderDeadline, H11Protocol):
        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            # h11 leaves IDLE once a request's headers are parsed: until then the deadline runs.
            if self.conn.their_state is h11.IDLE:
                if self._header_timer is None:
                    self._arm_header_deadline()
            else:
                self._disarm_header_deadline()

    return H11WithHeaderDeadline


def _httptools_protocol() -> type[asyncio.Protocol] | None:
    if importlib.util.find_spec("httptools") is None:
        return None
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class HttpToolsWithHeaderDeadline(_HeaderDeadline, HttpToolsProtocol):
        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm_header_deadline()

        def on_headers_complete(self) -> None:
            self._disarm_header_deadline()
            super().on_headers_complete()

    return HttpToolsWithHeaderDeadline


def http_protocol(header_timeout: float, *, fast: bool = True) -> type[asyncio.Protocol]:
    """The protocol class for `uvicorn.Config(http=...)`, with this header deadline."""
    base = (_httptools_protocol() if fast else None) or _h11_protocol()
    attributes: dict[str, Any] = {"header_timeout": header_timeout}
    return type(base.__name__, (base,), attributes)
