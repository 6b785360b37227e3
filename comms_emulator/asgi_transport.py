"""A synchronous httpx transport into an ASGI app, so tests can call the emulator in-process
with a plain httpx.Client (httpx's own ASGITransport is async-only). Used by the contract suite's
in-process target and the pytest plugin's `comms_emulator_asgi`.

httpx's ASGITransport does the ASGI work; this only runs it on one anyio portal kept for the
transport's life. Starlette's TestClient does the same, but its transport is private API
(`_TestClientTransport`) and a TestClient not entered as a context manager opens a new event
loop thread per request, so the suite could not wrap it (in its deadline transport) cheaply."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal


class SyncASGITransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self._transport = httpx.ASGITransport(app=app)
        self._portal_cm: AbstractContextManager[BlockingPortal] = start_blocking_portal()
        self._portal = self._portal_cm.__enter__()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._transport.handle_async_request(request)
            content = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
            return httpx.Response(
                response.status_code, headers=response.headers, content=content, request=request
            )

        return self._portal.call(send)

    def close(self) -> None:
        self._portal_cm.__exit__(None, None, None)
