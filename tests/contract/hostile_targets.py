"""Hostile targets for the conformance runner: servers on loopback that misbehave the ways a
real endpoint (or a proxy in front of one) can, each in one way. Raw sockets, so nothing in
an HTTP framework smooths the misbehaviour over.

    with hostile("trickle") as target:   # target.url, target.requests (seen so far)
        ...

Kinds:
  echo_auth   200 to everything, the request's Authorization header echoed in the body and in
              a response header (what a debugging proxy or a careless server does), and its
              password in the body as hex and as base64
  trickle     headers at once, then the body a byte every `interval` seconds
  trickle_head  the status line and headers a byte every `interval` seconds, never ending
  hang        headers at once (Content-Length promised), then nothing
  busy        429 with Retry-After: 86400 to everything
  redirect    302 back to the same URL, forever
  refuse      401 to everything (credentials refused)
  drop        the connection closed as soon as the request arrives
  gzip_bomb   200 with Content-Encoding: gzip, a small body that inflates beyond the run's
              answer limit
  gzip_mixed  gzip_bomb, its Content-Encoding `gzip, x-unknown` (a coding list that names one
              the run cannot decode)
  huge        200, a body beyond the run's answer limit, its length not announced
  endless_pages  200, a page of SENDERS_A_PAGE Senders whose `next` is a new token each time
  deep_json   200, a JSON array nested 100,000 deep (beyond what a parser recurses into)
  page_loop   200, an empty page whose `next` is always the same token
  informational  1xx interim answers (`100 Continue`, `103 Early Hints`), one after another,
              never a final answer
  http10      an HTTP/1.0 answer, no length, the body ending when the connection does
  huge_int    200, a page whose pageSize is an integer of 100,000 digits
  many_keys   200, a Sender with 300,000 extra keys (the 2 MiB of a body full of them)
  dup_keys    200, a page with every key twice, the second value of the wrong type
  cookies     echo_auth, each answer setting 50 new cookies
  tls_reply   bytes of a TLS alert where an HTTP answer should be
  lookalike   echo_auth, and GET /_emulator/ answered with the emulator's summary, exactly its
              shape, listing LOOKALIKE_ACCOUNT (a server posing as the kit's emulator)
  echo_escaped  200 to everything, the request's credentials echoed as a JSON text escapes
              them: every character `\\u`-escaped, split by an escaped line break, the Basic
              value percent-encoded in lower case, the token as a list of its characters, and
              a lone surrogate beside them (text that cannot be written as UTF-8)
  long_length  200, a Content-Length of 5,000 digits (past Python's int-from-text limit)
  big_headers  200, one response header line of 1 MiB
  scheme_redirect  302 to `file:///etc/passwd` (another scheme, off every origin)
  page_cycle  200, empty pages whose `next` tokens go A, B, A, B... (a loop of two)
  retry_date  429 with Retry-After an HTTP date in the year 9999
  short_body  200, a Content-Length of 1,000,000 and a few bytes, then the connection closed
  endless_array  200, chunked, the same JSON array item again and again, never closed
  oversized_page  200, a page of OVERSIZED_PAGE valid Senders, whatever pageSize asked
  flip_operation  202 to every POST, its Operation's status at each read PROCESSING, COMPLETED,
              PROCESSING, CANCELED, ... (ended, then running again, then ended otherwise);
              an empty page to every other request
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

KINDS = (
    "echo_auth",
    "trickle",
    "trickle_head",
    "hang",
    "busy",
    "redirect",
    "refuse",
    "drop",
    "gzip_bomb",
    "gzip_mixed",
    "huge",
    "page_loop",
    "deep_json",
    "endless_pages",
    "lookalike",
    "informational",
    "http10",
    "huge_int",
    "many_keys",
    "dup_keys",
    "tls_reply",
    "cookies",
    "echo_escaped",
    "long_length",
    "big_headers",
    "scheme_redirect",
    "page_cycle",
    "retry_date",
    "short_body",
    "endless_array",
    "flip_operation",
    "oversized_page",
)
LOOKALIKE_ACCOUNT = "AC" + "1a" * 16
_COUNTS = dict.fromkeys(
    ("senders", "senderPools", "operations", "messages", "messageOperations"), 0
)
LOOKALIKE_SUMMARY = {
    "accounts": [{"sid": LOOKALIKE_ACCOUNT, **_COUNTS}],
    "progression": "immediate",
    "consistency": "strong",
    "rcsCapable": [],
    "faults": [],
    "refusals": {},
}
SENDERS_A_PAGE = 2
OVERSIZED_PAGE = 3
_SENDER: dict[str, object] = {
    "id": "comms_sender_01h9krwprkeee8fzqspvwy6nq8",
    "channel": "EMAIL",
    "address": "ops@example.org",
    "status": "ACTIVATED",
    "displayName": "Ops",
    "tags": {},
    "createdAt": "2023-05-01T00:00:00Z",
    "updatedAt": "2023-05-01T00:00:00Z",
}
_SETUP_REQUESTS = ("GET /_emulator/ ", "GET /v1/Senders?pageSize=1 ")
BEYOND_LIMIT = 33 * 2**20  # bytes: just past the run's answer limit (MAX_ANSWER_BYTES)


@dataclass
class HostileTarget:
    kind: str
    interval: float = 0.5  # trickle: seconds between bytes
    healthy_first: int = 0  # answer this many requests as echo_auth before misbehaving
    # ... and, whenever they come, a run's set-up requests (the control-plane probe, the
    # preflight read): several runs' set-ups interleave with their first tests
    healthy_setup: bool = False
    url: str = ""
    requests: list[str] = field(default_factory=list)  # request lines, in order
    cookies_sent: list[str] = field(default_factory=list)  # the Cookie header of each request
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
        setup = self.healthy_setup and request_line.startswith(_SETUP_REQUESTS)
        kind = "echo_auth" if setup or len(self.requests) <= self.healthy_first else self.kind
        if kind == "drop":
            return False
        if kind == "informational":
            for _ in range(100_000):
                if self._stop.is_set():
                    return False
                connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n")
            return False
        if kind == "http10":
            unframed = b'{"senders": [], "pagination": {"next": null}}'
            status = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
            connection.sendall(status + unframed)
            return False
        if kind == "huge_int":
            _send(
                connection,
                "200 OK",
                '{"senders": [], "pagination": {"pageSize": 1' + "0" * 100_000 + "}}",
            )
            return True
        if kind == "many_keys":
            extra = ", ".join(f'"k{i}": 0' for i in range(300_000))
            _send(
                connection, "200 OK", '{"senders": [{' + extra + '}], "pagination": {"next": null}}'
            )
            return True
        if kind == "dup_keys":
            _send(
                connection, "200 OK", '{"senders": 5, "senders": [], "pagination": {"next": null}}'
            )
            return True
        if kind == "tls_reply":
            connection.sendall(
                bytes.fromhex("15030300020228")
            )  # a TLS fatal handshake_failure alert
            return False
        if kind in _RAW_ANSWERS:
            connection.sendall(_RAW_ANSWERS[kind])
            return False
        if kind == "echo_escaped":
            auth = headers.get("Authorization", headers.get("authorization", ""))
            _send(connection, "200 OK", _escaped_echo(auth))
            return True
        if kind == "scheme_redirect":
            _send(connection, "302 Found", "", {"Location": "file:///etc/passwd"})
            return True
        if kind == "page_cycle":
            token = "B" if "pageToken=A" in request_line else "A"
            page = {"senders": [], "pagination": {"next": token, "self": token}}
            _send(connection, "200 OK", json.dumps(page))
            return True
        if kind == "retry_date":
            far = "Fri, 31 Dec 9999 23:59:59 GMT"
            _send(connection, "429 Too Many Requests", '{"code": 429}', {"Retry-After": far})
            return True
        if kind == "oversized_page":
            first = str(_SENDER["id"])
            senders = [{**_SENDER, "id": f"{first[:-1]}{i}"} for i in range(OVERSIZED_PAGE)]
            pagination = {"next": None, "self": "a", "pageSize": 2}
            _send(connection, "200 OK", json.dumps({"senders": senders, "pagination": pagination}))
            return True
        if kind == "flip_operation":
            self._flip(connection, request_line, headers.get("Host", headers.get("host", "")))
            return True
        if kind == "endless_array":
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n3\r\n[{}\r\n"
            )
            item = b",{}" * 20_000
            chunk = b"%x\r\n%s\r\n" % (len(item), item)
            while not self._stop.is_set():
                connection.sendall(chunk)
            return False
        if kind == "lookalike" and request_line.startswith("GET /_emulator/ "):
            _send(connection, "200 OK", json.dumps(LOOKALIKE_SUMMARY))
            return True
        if kind == "lookalike":
            kind = "echo_auth"
        if kind == "cookies":
            self.cookies_sent.append(headers.get("Cookie", headers.get("cookie", "")))
            fresh = len(self.requests) * 50
            cookies = "\r\nSet-Cookie: ".join(f"c{fresh + i}=v; Path=/" for i in range(50))
            body = '{"senders": [], "pagination": {"next": null}}'
            _send(connection, "200 OK", body, {"Set-Cookie": cookies})
            return True
        if kind == "echo_auth":
            auth = headers.get("Authorization", headers.get("authorization", ""))
            echoed = {"youSent": auth, **_spelled(auth)}
            body = json.dumps({**echoed, "senders": [], "pagination": {"next": None}})
            _send(connection, "200 OK", body, {"X-Echo-Authorization": auth})
            return True
        if kind == "page_loop":
            page = {"senders": [], "pagination": {"next": "again", "self": "again"}}
            _send(connection, "200 OK", json.dumps(page))
            return True
        if kind == "deep_json":
            _send(connection, "200 OK", "[" * 100_000 + "]" * 100_000)
            return True
        if kind == "endless_pages":
            token = f"page-{len(self.requests)}"
            full = {
                "senders": [_SENDER] * SENDERS_A_PAGE,
                "pagination": {"next": token, "self": token, "pageSize": SENDERS_A_PAGE},
            }
            _send(connection, "200 OK", json.dumps(full))
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
        if kind == "trickle_head":
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 10_000:
                if self._stop.wait(self.interval):
                    break
                connection.sendall(bytes([byte]))
            return False
        if kind in ("gzip_bomb", "gzip_mixed"):
            bomb = _gzip_bomb()
            coding = "gzip" if kind == "gzip_bomb" else "gzip, x-unknown"
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            head += f"Content-Encoding: {coding}\r\nContent-Length: {len(bomb)}\r\n\r\n"
            connection.sendall(head.encode() + bomb)
            return True
        if kind == "huge":  # no length announced: the body ends when the connection does
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
            block = b" " * 2**20
            for _ in range(BEYOND_LIMIT // len(block)):
                connection.sendall(block)
            return False
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

    def _flip(self, connection: socket.socket, request_line: str, host: str) -> None:
        operation = "comms_operation_01h9krwprkeee8fzqspvwy6nq8"
        if request_line.startswith("POST "):
            location = f"http://{host}/v1/SenderPools/Operations/{operation}"
            accepted = {"operationId": operation, "operationLocation": location}
            _send(connection, "202 Accepted", json.dumps(accepted))
        elif f"/Operations/{operation}" in request_line:
            status = _FLIPS[len(self.requests) % len(_FLIPS)]
            stamp = "2023-05-01T00:00:00Z"
            stats = {"total": 1, "queued": 0, "created": 1, "failed": 0}
            body = {"id": operation, "status": status, "stats": stats, "createdAt": stamp}
            _send(connection, "200 OK", json.dumps({**body, "updatedAt": stamp}))
        else:
            _send(connection, "200 OK", '{"senders": [], "pagination": {"next": null}}')


_FLIPS = ("PROCESSING", "COMPLETED", "PROCESSING", "CANCELED")


def _spelled(auth: str) -> dict[str, str]:
    """The password of a Basic `auth` as a careless server may spell it."""
    if not auth.startswith("Basic "):
        return {}
    password = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")[2]
    return {"hex": password.encode().hex(), "base64": base64.b64encode(password.encode()).decode()}


def _escaped_echo(auth: str) -> str:
    """A JSON text echoing `auth`'s credentials the ways a JSON writer may escape them, as
    the value of `senders`: not a list, so the finding quotes it."""
    if not auth.startswith("Basic "):
        return '{"senders": [], "pagination": {"next": null}}'
    basic = auth.removeprefix("Basic ")
    password = base64.b64decode(basic).decode().partition(":")[2]
    half = len(password) // 2
    every = "".join(f"\\u{ord(c):04x}" for c in password)
    split = json.dumps(json.dumps(password[:half] + "\n" + password[half:]))
    encoded = "".join(f"%{b:02x}" for b in basic.encode())
    listed = json.dumps(list(password))
    return (
        f'{{"senders": {{"every": "{every}", "split": {split}, "encoded": "{encoded}", '
        f'"listed": {listed}, "lone": "\\ud800"}}, "pagination": {{"next": null}}}}'
    )


_RAW_ANSWERS = {
    "long_length": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + b"9" * 5000
    + b"\r\n\r\n{}",
    "big_headers": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Big: "
    + b"a" * 2**20
    + b"\r\nContent-Length: 2\r\n\r\n{}",
    "short_body": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b'Content-Length: 1000000\r\n\r\n{"senders": [',
}


@functools.cache
def _gzip_bomb() -> bytes:
    """A gzip body of ~33 KB that inflates to BEYOND_LIMIT bytes."""
    return gzip.compress(b"[" + b" " * BEYOND_LIMIT, compresslevel=9)


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
def hostile(
    kind: str, *, interval: float = 0.5, healthy_first: int = 0, healthy_setup: bool = False
) -> Iterator[HostileTarget]:
    """A hostile target of `kind` on a free loopback port, stopped on exit."""
    assert kind in KINDS, kind
    target = HostileTarget(kind, interval, healthy_first, healthy_setup)
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
