"""uvicorn with a clean stop, for every process that serves the emulator (the CLI, the
benchmark server, the drift-proof servers)."""

from __future__ import annotations

import contextlib
import importlib.util
import signal
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uvicorn

from comms_emulator._protocols import http_protocol


@dataclass(frozen=True)
class ConnectionLimits:
    """How long and how many: what a slow, stalled or greedy client may hold."""

    keep_alive_timeout: int = 5  # idle keep-alive connection, seconds
    header_timeout: float = 10.0  # connection open or request begun -> headers complete
    concurrency: int = 1000  # connections + in-flight requests; beyond it uvicorn answers 503
    graceful_shutdown: int = 5  # SIGTERM: seconds to finish in-flight requests, then close


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
    (its fast stack) where they are installed, asyncio + h11 otherwise, and the limits."""
    limits = limits or ConnectionLimits()
    fast = fast and fast_stack_available()
    return uvicorn.Config(
        app,
        loop="uvloop" if fast else "asyncio",
        http=http_protocol(limits.header_timeout, fast=fast),
        log_level=log_level,
        lifespan="off",
        access_log=False,
        timeout_keep_alive=limits.keep_alive_timeout,
        limit_concurrency=limits.concurrency,
        timeout_graceful_shutdown=limits.graceful_shutdown,
    )


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
