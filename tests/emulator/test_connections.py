"""Slow, stalled and greedy clients cannot hold connections (issue 12, #5).

Each server here has short limits (fractions of a second), so no test sleeps long; a socket
timeout well above them turns a connection that is never closed into a failure, not a hang.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from comms_emulator import create_app
from comms_emulator._serve import ConnectionLimits
from comms_emulator.models.variance import VarianceRule
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from tests.emulator.conftest import ACCOUNT_A, _config
from tests.emulator.wire import request

# (The header deadline runs from connect: 1 s leaves room for a busy machine between a test's
# connect and its send, which would otherwise look like a slow client.)
SHORT = ConnectionLimits(keep_alive_timeout=1, header_timeout=1.0, concurrency=4)
GIVE_UP = 10.0  # far beyond every limit above: reaching it means the server never closed
AUTH = base64.b64encode(f"{ACCOUNT_A[0]}:{ACCOUNT_A[1]}".encode()).decode()


@pytest.fixture(scope="module", params=["fast stack", "h11 fallback"])
def server(contract: Contract, request: pytest.FixtureRequest) -> Iterator[ThreadedEmulator]:
    app = create_app(_config(body_timeout=0.3), contract)
    fast = request.param == "fast stack"
    with ThreadedEmulator(app, limits=SHORT, fast=fast) as emulator:
        yield emulator


def _connect(emulator: ThreadedEmulator) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", emulator.port), timeout=GIVE_UP)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; socket.timeout if it never does."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_a_connection_that_sends_nothing_is_closed(server: ThreadedEmulator) -> None:
    with _connect(server) as sock:
        assert _read_until_closed(sock) == b""


def test_trickled_headers_are_cut_off(server: ThreadedEmulator) -> None:
    """Slowloris: a header line every 50 ms keeps bytes flowing but never ends the headers."""
    with _connect(server) as sock:
        sock.sendall(b"GET /v1/Senders HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        _trickle_until_cut_off(sock)
        sock.settimeout(GIVE_UP)
        with contextlib.suppress(ConnectionResetError):  # closed with our headers unread
            assert b"200 OK" not in _read_until_closed(sock)


def _trickle_until_cut_off(sock: socket.socket) -> None:
    """A header line every 50 ms, until the server closes the connection (a failure if it
    never does)."""
    for n in range(int(GIVE_UP / 0.05)):
        try:
            sock.sendall(f"X-Trickle-{n}: y\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            return
        time.sleep(0.05)
    pytest.fail("the server kept reading headers")


def _read_answer(sock: socket.socket) -> bytes:
    """One whole answer (head and Content-Length body) from a keep-alive connection."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        assert chunk, f"closed before an answer: {received!r}"
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    length = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
    assert length is not None, head
    while len(body) < int(length.group(1)):
        chunk = sock.recv(65536)
        assert chunk, "closed inside an answer"
        body += chunk
    return head


def test_headers_trickled_after_an_answer_are_cut_off(server: ThreadedEmulator) -> None:
    """The header deadline starts again with each request on a kept-alive connection (one
    timer holds both deadlines on the fast stack: the first request's must not be lost)."""
    with _connect(server) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert _read_answer(sock).startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        _trickle_until_cut_off(sock)


def test_a_busy_connection_outlives_its_deadlines(server: ThreadedEmulator) -> None:
    """Requests one after another for longer than both timeouts (1 s each): every one is
    answered on the same connection, which no deadline closes while it is in use."""
    with _connect(server) as sock:
        for _ in range(8):  # ~1.6 s
            sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert _read_answer(sock).startswith(b"HTTP/1.1 200 ")
            time.sleep(0.2)


def test_a_stalled_body_is_a_408_and_closes_the_connection(server: ThreadedEmulator) -> None:
    with _connect(server) as sock:
        sock.sendall(
            b"POST /v1/SenderPools HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Basic " + AUTH.encode() + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"name": "'
        )
        answer = _read_until_closed(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), answer
    assert b"connection: close" in head.lower()
    assert json.loads(body)["status"] == 408
    assert _pools(server) == 0


def test_a_stalled_control_body_is_a_408(server: ThreadedEmulator) -> None:
    with _connect(server) as sock:
        sock.sendall(
            b"POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408 "), answer


def test_an_idle_keep_alive_connection_is_closed(server: ThreadedEmulator) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_beyond_the_concurrency_limit_new_requests_get_503(contract: Contract) -> None:
    app = create_app(_config(), contract)
    # Nothing but the limit may close the stalled connections, however slow the machine.
    limits = ConnectionLimits(header_timeout=GIVE_UP, concurrency=SHORT.concurrency)
    with ThreadedEmulator(app, limits=limits) as server:
        _concurrency_is_limited(server)


def _concurrency_is_limited(server: ThreadedEmulator) -> None:
    # Each stalled request is being answered (a stall rule holds its answer back until the
    # client hangs up): a connection still sending its body would give its place up.
    rule = VarianceRule("stall", "listSenders", count=SHORT.concurrency, seconds=GIVE_UP)
    server.app.state.world.variance.add(rule)
    stalled = [_connect(server) for _ in range(SHORT.concurrency)]
    try:
        for sock in stalled:
            sock.sendall(request("GET", "/v1/Senders"))
        deadline = time.monotonic() + GIVE_UP
        while rule.fired < SHORT.concurrency and time.monotonic() < deadline:
            time.sleep(0.01)
        with _connect(server) as extra:
            extra.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert extra.recv(65536).startswith(b"HTTP/1.1 503 ")
    finally:
        for sock in stalled:
            sock.close()


def _pools(server: ThreadedEmulator) -> int:
    counts = server.app.state.world.account(ACCOUNT_A[0]).counts()
    return int(counts["senderPools"]) + int(counts["operations"])


@pytest.mark.slow
def test_sigterm_with_a_stalled_upload_exits_within_the_bound() -> None:
    """uvicorn would wait for the upload for as long as the client likes; the shutdown bound
    (and the body timeout, set long here so that the bound is what ends it) stop that."""
    command = [sys.executable, "-m", "comms_emulator", "--port", "0", "--shutdown-timeout", "1"]
    command += ["--body-timeout", "600"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""},
    ) as process:
        assert process.stdout is not None
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", process.stdout.readline())
        assert match
        with socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=30) as sock:
            sock.sendall(
                b"POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            )
            time.sleep(0.2)  # the request is in flight
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                pytest.fail("SIGTERM waited on the stalled upload")
        output = process.stdout.read()
    assert process.returncode == 0, output
    assert output.rstrip().endswith("comms-emulator stopped")


@pytest.fixture(scope="module", params=["fast stack", "h11 fallback"])
def slow_answers(contract: Contract, request: pytest.FixtureRequest) -> Iterator[ThreadedEmulator]:
    """Every API answer 0.4 s late; a 1 s header deadline and a keep-alive longer than GIVE_UP
    (a connection left to it would outlive the test's patience)."""
    app = create_app(_config(latency=0.4), contract)
    limits = ConnectionLimits(keep_alive_timeout=30, header_timeout=1.0, concurrency=2)
    with ThreadedEmulator(app, limits=limits, fast=request.param == "fast stack") as emulator:
        yield emulator


_FETCH = (
    b"GET /v1/Senders?pageSize=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Authorization: Basic " + AUTH.encode() + b"\r\n\r\n"
)


def test_a_head_begun_before_the_answer_keeps_its_deadline(slow_answers: ThreadedEmulator) -> None:
    """The next request's head starts arriving while the answer before it is on its way: when
    that answer goes out, the head's deadline still holds (not the idle keep-alive's)."""
    with _connect(slow_answers) as sock:
        sock.sendall(_FETCH + b"GET /v1/Senders HTTP/1.1\r\n")  # and the rest never comes
        assert _read_answer(sock).startswith(b"HTTP/1.1 200 ")
        assert b"200 OK" not in _read_until_closed(sock)  # closed by the 1 s header deadline


def test_a_head_completed_after_the_answer_is_served(slow_answers: ThreadedEmulator) -> None:
    """... and a head that completes within its own deadline is served, however the answer
    before it fell."""
    with _connect(slow_answers) as sock:
        sock.sendall(_FETCH + b"GET /v1/Senders?pageSize=1 HTTP/1.1\r\n")
        assert _read_answer(sock).startswith(b"HTTP/1.1 200 ")
        sock.sendall(_FETCH.split(b"\r\n", 1)[1])  # the head's rest, 0.4 s into its second
        assert _read_answer(sock).startswith(b"HTTP/1.1 200 ")


def test_requests_queued_behind_one_in_flight_are_not_refused(
    slow_answers: ThreadedEmulator,
) -> None:
    """Two connections may have a request in flight. One has; the other pipelines two: the
    second waits for the first on its connection, adds nothing to the load, and is served."""
    with _connect(slow_answers) as busy, _connect(slow_answers) as pipelining:
        busy.sendall(_FETCH)
        time.sleep(0.1)
        pipelining.sendall(_FETCH * 2)
        answers = [_read_answer(pipelining), _read_answer(pipelining)]
        assert _read_answer(busy).startswith(b"HTTP/1.1 200 ")
    assert all(a.startswith(b"HTTP/1.1 200 ") for a in answers), answers
