"""No client can stall the others (issue 22): bounded request heads (431/414 in the error
shape), fair admission against idle and trickling connections, a write timeout for a client
that never reads, validation that stops early, and refusals logged only at debug level."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from comms_emulator import create_app
from comms_emulator._limits import MAX_HEAD_BYTES, MAX_HEADER_FIELDS, MAX_TARGET_BYTES
from comms_emulator._serve import ConnectionLimits
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from tests.emulator.conftest import _config
from tests.emulator.wire import GIVE_UP, connect, is_error_shape, read_answers, request


@pytest.fixture(scope="module", params=["fast stack", "h11 fallback"])
def server(contract: Contract, request: pytest.FixtureRequest) -> Iterator[ThreadedEmulator]:
    with ThreadedEmulator(
        create_app(_config(), contract), fast=request.param == "fast stack"
    ) as emulator:
        yield emulator


HEADS = {
    "head-too-large": (request("GET", "/v1/Senders", headers={"X-Big": "y" * MAX_HEAD_BYTES}), 431),
    "too-many-fields": (
        request("GET", "/v1/Senders", headers={f"X-F{n}": "1" for n in range(MAX_HEADER_FIELDS)}),
        431,
    ),
    "target-too-long": (request("GET", "/v1/Senders?" + "a" * MAX_TARGET_BYTES), 414),
}


@pytest.mark.parametrize("case", list(HEADS))
def test_oversized_heads_are_refused_in_the_error_shape(
    server: ThreadedEmulator, case: str
) -> None:
    raw, status = HEADS[case]
    with connect(server.port) as sock:
        sock.sendall(raw)
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [status]
    assert closed
    assert is_error_shape(answers[0])


def test_a_legitimate_head_near_nothing_of_the_limits_is_served(server: ThreadedEmulator) -> None:
    fields = {f"X-F{n}": "v" * 100 for n in range(MAX_HEADER_FIELDS // 2)}
    with connect(server.port) as sock:
        sock.sendall(request("GET", "/v1/Senders?pageSize=5", headers=fields))
        [answer], _ = read_answers(sock, most=1)
    assert answer.status == 200


def test_trickled_head_bytes_are_bounded(server: ThreadedEmulator) -> None:
    """A head sent in small pieces is refused once it passes the limit, not at the deadline."""
    with connect(server.port) as sock:
        sock.sendall(b"GET /v1/Senders HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ")
        sent = 0
        try:
            while sent <= 2 * MAX_HEAD_BYTES:
                sock.sendall(b"y" * 1024)
                sent += 1024
        except (BrokenPipeError, ConnectionResetError):
            pass
        answers, closed = read_answers(sock)
    assert [a.status for a in answers] == [431]
    assert closed


def test_idle_and_trickling_connections_give_way_to_a_real_request(contract: Contract) -> None:
    # Only the admission rule can close a holder within GIVE_UP.
    limits = ConnectionLimits(header_timeout=60.0, keep_alive_timeout=60, concurrency=4)
    with ThreadedEmulator(create_app(_config(), contract), limits=limits) as server:
        holders = [connect(server.port) for _ in range(limits.concurrency)]
        try:
            for sock in holders[:2]:
                sock.sendall(b"GET /v1/Senders HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            time.sleep(0.1)  # all four are in before the real client comes
            with connect(server.port) as real:
                real.sendall(request("GET", "/v1/Senders?pageSize=5"))
                [answer], _ = read_answers(real, most=1)
            assert answer.status == 200
            holders[0].settimeout(GIVE_UP)
            assert holders[0].recv(1) == b""  # the longest waiting was the one to go
        finally:
            for sock in holders:
                sock.close()


def test_a_client_that_never_reads_is_dropped(contract: Contract) -> None:
    limits = ConnectionLimits(write_timeout=0.3)
    with ThreadedEmulator(create_app(_config(), contract), limits=limits) as server:
        spec_size = len(httpx.get(f"{server.url}/openapi.json").content)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(GIVE_UP)
        sock.connect(("127.0.0.1", server.port))
        with sock:
            wanted = 8 + (8 << 20) // spec_size  # far more than the socket buffers hold
            sock.sendall(request("GET", "/openapi.json") * wanted)
            time.sleep(1.0)  # the write timeout passes while nothing is read
            answers, closed = read_answers(sock, most=wanted)
    assert closed
    assert len(answers) < wanted


def test_validation_stops_early_on_a_body_of_bad_items(api: httpx.Client) -> None:
    pool = api.post("/SenderPools", json={"name": "p"})
    assert pool.status_code == 202
    pool_id = api.get("/SenderPools").json()["senderPools"][0]["id"]
    bad = [{"id": 5}] * 1000  # within maxItems, every item wrong
    answer = api.post(f"/SenderPools/{pool_id}/Senders", json=bad)
    assert answer.status_code == 400
    details = answer.json()["details"]
    assert len(details) <= 21  # 20 listed, then "and 1 more problems" at most
    assert all(
        "more problems" not in d["message"] or d["message"].startswith("and 1 ") for d in details
    )
    oversized = api.post(f"/SenderPools/{pool_id}/Senders", json=[{"id": 5}] * 60_000)
    assert oversized.status_code == 400
    assert [d["location"] for d in oversized.json()["details"]] == ["body"]


def test_refusals_are_counted_and_logged_only_at_debug(server: ThreadedEmulator) -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.DEBUG)
    loggers = [logging.getLogger(n) for n in ("uvicorn.error", "comms_emulator.connections")]
    for logger in loggers:
        logger.addHandler(handler)
    before = server.app.state.refusals[400]
    try:
        for _ in range(3):
            with connect(server.port) as sock:
                sock.sendall(b"GARBAGE\r\n\r\n")
                read_answers(sock)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert server.app.state.refusals[400] - before == 3
    summary = httpx.get(f"{server.url}/_emulator/").json()
    assert summary["refusals"]["400"] == server.app.state.refusals[400]
    assert not [r for r in records if r.levelno >= logging.INFO], records
