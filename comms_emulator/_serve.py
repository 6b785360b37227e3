"""uvicorn with a clean stop, for every process that serves the emulator (the CLI, the
benchmark server, the drift-proof servers)."""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Iterator

import uvicorn


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
