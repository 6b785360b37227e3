"""uvicorn with a clean stop, for every process that serves the emulator (the CLI, the
benchmark server, the drift-proof servers)."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import signal
import socket
from collections import Counter
from collections.abc import Iterator
from typing import Any

import uvicorn

from comms_emulator._limits import ConnectionLimits
from comms_emulator._protocols import RefusalsAtDebug, Render, http_protocol
from comms_emulator.http.errors import ErrorBodies
from comms_emulator.http.json_response import encode_json

__all__ = ["ConnectionLimits", "GracefulServer", "fast_stack_available", "server_config"]


def fast_stack_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("uvloop", "httptools"))


def server_config(
    app: Any,
    limits: ConnectionLimits | None = None,
    *,
    log_level: str = "warning",
    fast: bool = True,
) -> uvicorn.Config:
    """uvicorn's configuration for every process that serves the emulator: uvloop + httptools
    (its fast stack) where they are installed, asyncio + h11 otherwise, and the limits
    (`_protocols.py`). Refusals are counted in `app.state.refusals` (by status)."""
    limits = limits or ConnectionLimits()
    fast = fast and fast_stack_available()
    refusals: Counter[int] = Counter()
    config = uvicorn.Config(
        app,
        loop="uvloop" if fast else "asyncio",
        http=http_protocol(limits, _render(app), refusals, fast=fast),
        log_level=log_level,
        lifespan="off",
        access_log=False,
        # No `server: uvicorn` on every answer: what serves the emulator is nobody's business.
        server_header=False,
        # HTTP/1.1 only: a websocket library in the environment must not take `Upgrade:
        # websocket` requests past the limits and the error shape.
        ws="none",
        timeout_keep_alive=limits.keep_alive_timeout,
        # No X-Forwarded-* read from any client: nothing the emulator answers depends on the
        # client's address or scheme (its URLs come from `--public-url` or the local address),
        # and uvicorn's middleware for them is work on every request.
        proxy_headers=False,
        # Admission is the protocol's (fair, see `_protocols.py`), not uvicorn's first-come.
        limit_concurrency=None,
        h11_max_incomplete_event_size=limits.max_head_bytes,
        timeout_graceful_shutdown=limits.graceful_shutdown,
    )
    # After uvicorn.Config, which configures logging.
    uvicorn_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, RefusalsAtDebug) for f in uvicorn_log.filters):
        uvicorn_log.addFilter(RefusalsAtDebug())
    state = getattr(app, "state", None)
    if state is not None:
        state.refusals = refusals
    return config


def _render(app: Any) -> Render:
    """Refusals in the served API's error shape (its codes by status)."""
    errors = getattr(getattr(app, "api", None), "errors", None)
    bodies = errors if isinstance(errors, ErrorBodies) else ErrorBodies({})

    def render(status: int, message: str) -> bytes:
        return encode_json(bodies.body(status, message))

    return render


class GracefulServer(uvicorn.Server):
    """uvicorn, but a SIGINT/SIGTERM is a requested stop: drain, then exit 0, and the start-up
    line is printed only once the server accepts connections and its signal handlers are in
    place (so a supervisor that signals right after reading it still gets a clean stop).

    (uvicorn itself re-raises the signal after draining, ending the process with 130/143.)
    """

    def __init__(self, config: uvicorn.Config, ready_line: str) -> None:
        super().__init__(config)
        self._ready_line = ready_line

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print(self._ready_line, flush=True)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        signals = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in signals}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)
