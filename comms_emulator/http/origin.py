"""Where the URLs the emulator writes point: the configured public URL or, without one, the
local address the request arrived on. Never the request's Host header, which any client
sets to anything (and which a cache or a log would then replay to others)."""

from __future__ import annotations

from typing import Any


class PublicOrigin:
    def __init__(self, public_url: str | None) -> None:
        self._fixed = public_url.rstrip("/") if public_url else None
        self._by_address: dict[Any, str] = {}

    @property
    def fixed(self) -> str | None:
        return self._fixed

    def of(self, scope: Any) -> str:
        """`http://host:port` for this request (its ASGI scope)."""
        if self._fixed is not None:
            return self._fixed
        server = scope.get("server")
        try:
            origin = self._by_address.get(server)
        except TypeError:  # ASGI says a (host, port) pair; some in-process transports, a list
            server = tuple(server)
            origin = self._by_address.get(server)
        if origin is None:
            host, port = server if server else ("localhost", None)
            shown = f"[{host}]" if ":" in host else host
            origin = f"http://{shown}" if port is None else f"http://{shown}:{port}"
            if len(self._by_address) < 64:  # one per local address: a handful
                self._by_address[server] = origin
        return origin
