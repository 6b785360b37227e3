"""Run an emulator app over real HTTP inside the current process, for tests and benchmarks.

contract = Contract.load()  # once per session: the composition root hands it down
with ThreadedEmulator(create_app(EmulatorConfig(self_check=True), contract)) as emulator:
    httpx.get(f"{emulator.url}/v1/Senders", auth=emulator.auth)
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from comms_emulator._net import bind_socket
from comms_emulator._serve import ConnectionLimits, server_config
from comms_emulator.config import EmulatorConfig


class ThreadedEmulator:
    """`app` served on `host` at a free port, in a daemon thread, from `with` to its end (the
    server stack and connection limits the CLI serves with; `fast=False`: asyncio + h11).
    `url` is the origin (`http://127.0.0.1:PORT`, known once entered: the API is under `/v1`,
    the control plane under `/_emulator/`); `auth` the first account's credentials."""

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        startup_timeout: float = 10.0,
        limits: ConnectionLimits | None = None,
        *,
        fast: bool = True,
    ) -> None:
        self.app = app
        self.host = host
        self._timeout = startup_timeout
        # The stack and limits the CLI serves with, so tests exercise what users run.
        self._server = uvicorn.Server(server_config(app, limits, fast=fast))
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        """The first account's credentials."""
        config: EmulatorConfig = self.app.state.config
        credential = next(iter(config.credentials().values()))
        return credential.username, credential.secret

    def __enter__(self) -> ThreadedEmulator:
        sock = bind_socket(self.host, 0)
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            daemon=True,
            name=f"comms-emulator:{self.port}",
        )
        self._thread.start()
        deadline = time.monotonic() + self._timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=self._timeout)
