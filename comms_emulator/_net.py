from __future__ import annotations

import socket


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket for uvicorn's `sockets=`.

    The protocol must be IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted
    connections only when `sock.proto == IPPROTO_TCP`, and `socket.socket()` leaves it 0. Without
    it, Nagle holds each response body back until the client's delayed ACK: +40 ms a request.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
