"""Hostile targets for the conformance runner: servers on loopback that misbehave the ways a
real endpoint (or a proxy in front of one) can, each in one way. Raw sockets, so nothing in
an HTTP framework smooths the misbehaviour over.

    with hostile("trickle") as target:   # target.url, target.requests (seen so far)
        ...

Kinds:
  echo_auth   200 to everything, the request's Authorization header echoed in the body and in
              a response header (what a debugging proxy or a careless server does)
  trickle     headers at once, then the body a byte every `interval` seconds
  hang        headers at once (Content-Length promised), then nothing
  busy        429 with Retry-After: 86400 to everything
  redirect    302 back to the same URL, forever
  refuse      401 to everything (credentials refused)
  drop        the connection closed as soon as the request arrives
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

KINDS = ("echo_auth", "trickle", "hang", "busy", "redirect", "refuse", "drop")


@dataclass
class HostileTarget:
    kind: str
    interval: float = 0.5  # trickle: seconds between bytes
    healthy_first: int = 0  # answer this many requests as echo_auth before misbehaving
    url: str = ""
    requests: list[str] = field(default_factory=list)  # request lines, in order
    _stop: threading.Event = field(default_factory=threading.Event)

    def serve(self, listener: socket.socket) -> None:
        listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(10)
            try:
                # One request per connection (every answer says `Connection: close`): a body
                # framed any other way than Content-Length cannot be mistaken for a request.
                request = _read_head(connection)
                if request is not None and self._answer(connection, *request):
                    _close_gently(connection)
            except OSError:
                return

    def _answer(self, connection: socket.socket, head: str, body_start: bytes) -> bool:
        """Answer one request; False to close the connection."""
        request_line, *lines = head.split("\r\n")
        self.requests.append(request_line)
        headers = dict(line.split(": ", 1) for line in lines if ": " in line)
        length = int(headers.get("Content-Length", headers.get("content-length", "0")) or 0)
        if length > len(body_start):
            _read_exactly(connection, length - len(body_start))
        kind = "echo_auth" if len(self.requests) <= self.healthy_first else self.kind
        if kind == "drop":
            return False
        if kind == "echo_auth":
            auth = headers.get("Authorization", headers.get("authorization", ""))
            body = json.dumps({"youSent": auth, "senders": [], "pagination": {"next": None}})
            _send(connection, "200 OK", body, {"X-Echo-Authorization": auth})
            return True
        if kind == "busy":
            _send(connection, "429 Too Many Requests", '{"code": 429}', {"Retry-After": "86400"})
            return True
        if kind == "redirect":
            path = request_line.split(" ")[1]
            _send(connection, "302 Found", "", {"Location": path})
            return True
        if kind == "refuse":
            _send(connection, "401 Unauthorized", '{"code": 20003, "message": "Authenticate"}')
            return True
        payload = b'{"senders": [], "pagination": {"next": null}}'
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode()
        )
        if kind == "hang":
            self._stop.wait()
            return False
        for byte in payload:  # trickle
            if self._stop.wait(self.interval):
                return False
            connection.sendall(bytes([byte]))
        return True


def _read_head(connection: socket.socket) -> tuple[str, bytes] | None:
    """The request's head, and what of its body came with it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1"), rest


def _close_gently(connection: socket.socket) -> None:
    """Half-close, then drain what the client still sends (a body framed other than by
    Content-Length): closing with unread input would reset the answer away."""
    connection.shutdown(socket.SHUT_WR)
    connection.settimeout(1)
    while connection.recv(65536):
        pass


def _read_exactly(connection: socket.socket, length: int) -> None:
    while length > 0:
        chunk = connection.recv(min(length, 65536))
        if not chunk:
            return
        length -= len(chunk)


def _send(
    connection: socket.socket, status: str, body: str, headers: dict[str, str] | None = None
) -> None:
    encoded = body.encode()
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append(f"Content-Length: {len(encoded)}")
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + encoded)


@contextmanager
def hostile(kind: str, *, interval: float = 0.5, healthy_first: int = 0) -> Iterator[HostileTarget]:
    """A hostile target of `kind` on a free loopback port, stopped on exit."""
    assert kind in KINDS, kind
    target = HostileTarget(kind, interval, healthy_first)
    listener = socket.create_server(("127.0.0.1", 0))
    target.url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    thread = threading.Thread(target=target.serve, args=(listener,), daemon=True)
    thread.start()
    try:
        yield target
    finally:
        target._stop.set()
        thread.join(timeout=5)
        listener.close()
        time.sleep(0)  # let handler threads see the stop
