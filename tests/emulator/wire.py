"""Raw HTTP/1.1 over a socket, for tests that must send what no client library would."""

from __future__ import annotations

import base64
import json
import socket
from dataclasses import dataclass
from typing import Any

from tests.emulator.conftest import ACCOUNT_A

GIVE_UP = 10.0  # far beyond every limit the tests set: reaching it means a hang
AUTH = b"Basic " + base64.b64encode(f"{ACCOUNT_A[0]}:{ACCOUNT_A[1]}".encode())


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP)


def request(
    method: str, target: str, body: bytes | None = None, *, headers: dict[str, str] | None = None
) -> bytes:
    """One request, authenticated as account A unless `headers` says otherwise."""
    fields = {"Host": "127.0.0.1", "Authorization": AUTH.decode()}
    if body is not None:
        fields |= {"Content-Type": "application/json", "Content-Length": str(len(body))}
    fields |= headers or {}
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in fields.items() if v
    )
    return head.encode("latin-1") + b"\r\n" + (body or b"")


def read_answers(sock: socket.socket, most: int = 100) -> tuple[list[Answer], bool]:
    """The answers the server sends (up to `most`), and whether it then closed the connection."""
    buffer = b""
    answers: list[Answer] = []
    closed = False
    while len(answers) < most:
        parsed = _parse(buffer)
        if parsed is not None:
            answer, buffer = parsed
            answers.append(answer)
            continue
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            closed = True
            break
        buffer += chunk
    return answers, closed


def _parse(buffer: bytes) -> tuple[Answer, bytes] | None:
    head, sep, rest = buffer.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if len(rest) < length:
        return None
    return Answer(status, headers, rest[:length]), rest[length:]


def is_error_shape(answer: Answer) -> bool:
    body = answer.json()
    return answer.headers.get("content-type") == "application/json" and body.get("status") == (
        answer.status
    )
