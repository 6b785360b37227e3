"""A free loopback port, for the checkout's tools that start a server which cannot report the
port it bound itself (Prism, a generator's emulator)."""

from __future__ import annotations

import socket


def free_port() -> int:
    # Bound and released: a port another process may yet take, which is why servers that can
    # bind port 0 and say which port they got (the emulator's bench server) do that instead.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
