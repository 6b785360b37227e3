"""Every request is answered with what was done to it, and nothing unanswered is applied
(issue 22): on a pipelined connection that ends in a malformed request, and across control
plane calls that replace an account while a request is on its way."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from comms_emulator import create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from tests.emulator.conftest import ACCOUNT_A, _config
from tests.emulator.wire import connect, is_error_shape, read_answers, request


@pytest.fixture(scope="module", params=["fast stack", "h11 fallback"])
def server(contract: Contract, request: pytest.FixtureRequest) -> Iterator[ThreadedEmulator]:
    with ThreadedEmulator(
        create_app(_config(), contract), fast=request.param == "fast stack"
    ) as emulator:
        yield emulator


def _pools(server: ThreadedEmulator) -> list[str]:
    account = server.app.state.world.account(ACCOUNT_A[0])
    with httpx.Client(base_url=f"{server.url}/v1", auth=ACCOUNT_A) as client:
        names = [p["name"] for p in client.get("/SenderPools").json()["senderPools"]]
    assert int(account.counts()["senderPools"]) == len(names)
    return names


def _create(name: str) -> bytes:
    return request("POST", "/v1/SenderPools", json.dumps({"name": name}).encode())


@pytest.mark.parametrize(
    "malformed",
    [
        b"GARBAGE\r\n\r\n",  # not a request line
        b"GET /v1/Senders HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
        b"GET /v1/Senders HTTP/1.1\r\n" + b"X-Big: " + b"y" * 20_000 + b"\r\n\r\n",  # > head limit
    ],
    ids=["request-line", "header-line", "oversized-head"],
)
def test_requests_before_a_malformed_one_are_answered_truthfully(
    server: ThreadedEmulator, malformed: bytes
) -> None:
    server.app.state.world.reset()
    with connect(server.port) as sock:
        sock.sendall(_create("first") + _create("second") + malformed)  # one packet
        answers, closed = read_answers(sock)
    assert [a.status for a in answers[:2]] == [202, 202], answers
    assert len(answers) == 3, answers
    assert answers[2].status in (400, 431)
    assert is_error_shape(answers[2])
    assert closed
    assert sorted(_pools(server)) == ["first", "second"]


def test_a_request_whose_own_framing_breaks_is_never_applied(server: ThreadedEmulator) -> None:
    server.app.state.world.reset()
    broken = (
        b"POST /v1/SenderPools HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
        + request("GET", "/").split(b"Authorization: ")[1].split(b"\r\n")[0]
        + b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'5\r\n{"nam\r\nzz\r\n'  # a chunk size that is not hex
    )
    with connect(server.port) as sock:
        sock.sendall(_create("kept") + broken)
        answers, closed = read_answers(sock)
    assert answers[0].status == 202
    assert closed
    assert all(a.status == 400 for a in answers[1:]), answers
    assert _pools(server) == ["kept"]


@pytest.mark.parametrize("control_call", ["reset", "inventory"])
def test_a_write_in_flight_across_a_control_call_is_kept_as_answered(
    emulator: ThreadedEmulator, control: httpx.Client, control_call: str
) -> None:
    """The account is replaced while the create's body is still arriving: the create is then
    applied to the new account, so its 202 and its Operation hold."""
    body = json.dumps({"name": "in-flight"}).encode()
    with connect(emulator.port) as sock:
        whole = _create("in-flight")
        sock.sendall(whole[: -len(body) // 2])  # headers and half the body
        if control_call == "reset":
            answer = control.post("/reset")
        else:
            senders = [{"channel": "SMS", "address": "+14155550142", "status": "ACTIVATED"}]
            answer = control.put(f"/accounts/{ACCOUNT_A[0]}/senders", json={"senders": senders})
        assert answer.status_code == 200, answer.text
        sock.sendall(whole[-len(body) // 2 :])
        [accepted], _ = read_answers(sock, most=1)
    assert accepted.status == 202
    with httpx.Client(base_url=emulator.url, auth=ACCOUNT_A) as client:
        operation = client.get(accepted.json()["operationLocation"])
        assert operation.status_code == 200, operation.text
        assert operation.json()["stats"]["created"] == 1
        pools = client.get("/v1/SenderPools").json()["senderPools"]
    assert [p["name"] for p in pools] == ["in-flight"]
