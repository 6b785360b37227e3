"""The control plane is safe from web pages and other hosts, and takes only valid bodies
(issue 12, #3 and #8): every refusal here also leaves the emulator's state as it was."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from comms_emulator.http.control_guard import ControlGuard
from comms_emulator.http.dispatch import OFF_LOOP_BODY_BYTES
from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import MakeEmulator, record_threads
from tests.emulator.flows import create_pool, state_counts

JSON = {"Content-Type": "application/json"}


def _raw(emulator: ThreadedEmulator, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(method, f"{emulator.url}/_emulator{path}", timeout=10, **kwargs)


@pytest.fixture
def before(api: httpx.Client, control: httpx.Client) -> list[dict[str, Any]]:
    """State with one pool and one fault rule in it, so a wrongly accepted call shows."""
    create_pool(api, name="keep me")
    control.post("/faults", json={"status": 429, "count": 1, "operationId": "nothingMatches"})
    return _after(control)


def _after(control: httpx.Client) -> list[dict[str, Any]]:
    faults: list[dict[str, Any]] = control.get("/faults").json()["faults"]
    return state_counts(control) + faults


def test_a_cross_origin_text_plain_reset_is_refused(
    emulator: ThreadedEmulator, control: httpx.Client, before: list[dict[str, Any]]
) -> None:
    """What a web page can send without a CORS preflight (the issue's curl)."""
    response = _raw(
        emulator,
        "POST",
        "/reset",
        headers={"Content-Type": "text/plain", "Origin": "http://x.example"},
        content=b"{}",
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]
    assert not any(h.lower().startswith("access-control-") for h in response.headers)
    assert _after(control) == before


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no Content-Type: a form or a fetch() with no headers
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {"Content-Type": "application/jsonx"},
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/reset"), ("DELETE", "/faults"), ("PUT", "/progression")],
)
def test_state_changes_need_application_json(
    emulator: ThreadedEmulator,
    control: httpx.Client,
    before: list[dict[str, Any]],
    headers: dict[str, str],
    method: str,
    path: str,
) -> None:
    response = _raw(emulator, method, path, headers=headers, content=b'{"progression":"polls:3"}')
    assert response.status_code == 415
    assert _after(control) == before
    assert control.get("/progression").json() == {"progression": "immediate"}


def test_no_cors_is_granted(emulator: ThreadedEmulator) -> None:
    preflight = _raw(
        emulator,
        "OPTIONS",
        "/reset",
        headers={
            "Origin": "http://x.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code >= 400
    assert not any(h.lower().startswith("access-control-") for h in preflight.headers)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", ""])
def test_a_host_that_does_not_name_the_emulator_is_refused(
    emulator: ThreadedEmulator, control: httpx.Client, before: list[dict[str, Any]], host: str
) -> None:
    """DNS rebinding: a page on evil.example, rebound to 127.0.0.1, sends its own Host."""
    for method, path in [("POST", "/reset"), ("GET", "/")]:
        response = _raw(emulator, method, path, headers={**JSON, "Host": host})
        assert response.status_code == 403, (method, response.text)
    assert _after(control) == before


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"])
def test_loopback_names_are_this_emulator(emulator: ThreadedEmulator, host: str) -> None:
    port = emulator.port
    for shown in (host, f"{host}:{port}"):
        response = _raw(emulator, "POST", "/reset", headers={**JSON, "Host": shown})
        assert response.status_code == 200, response.text


def test_the_public_urls_host_is_this_emulator(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(public_url="https://emu.example.test:9443")
    ok = _raw(emulator, "POST", "/reset", headers={**JSON, "Host": "emu.example.test:9443"})
    assert ok.status_code == 200
    refused = _raw(emulator, "POST", "/reset", headers={**JSON, "Host": "other.example.test"})
    assert refused.status_code == 403


def test_a_control_token_is_required_once_configured(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(control_token="s3cret-token")
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        _token_is_required(emulator, api)


def _token_is_required(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    pool_id, _ = create_pool(api, name="keep me")
    for auth in [None, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "Bearer", "s3cret-token"]:
        headers = {**JSON, **({"Authorization": auth} if auth else {})}
        for method, path in [("POST", "/reset"), ("GET", "/"), ("GET", "/faults")]:
            response = _raw(emulator, method, path, headers=headers)
            assert response.status_code == 401, (auth, method, path)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get(f"/SenderPools/{pool_id}").status_code == 200  # nothing was reset
    good = {**JSON, "Authorization": "Bearer s3cret-token"}
    assert _raw(emulator, "GET", "/", headers=good).status_code == 200
    assert _raw(emulator, "POST", "/reset", headers=good).status_code == 200
    assert api.get(f"/SenderPools/{pool_id}").status_code == 404
    # The public API keeps its own (Basic) credentials: the token is for /_emulator/ only.
    assert api.get("/Senders").status_code == 200


def test_control_bodies_are_size_limited(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(max_body_bytes=4096)
    patterns = [f"+1{n:010d}*" for n in range(1000)]  # about 16 KiB
    response = _raw(emulator, "PUT", "/rcs-capable", headers=JSON, json={"patterns": patterns})
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    assert _raw(emulator, "GET", "/rcs-capable").json() == {"patterns": []}


DEEP = b'{"account":' + b"[" * 5000 + b"]" * 5000 + b"}"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/accounts/{sid}/senders", b'{"senders":[1]}'),  # was a 500 (issue 12, #4)
        ("/accounts/{sid}/senders", b'{"senders":["x", null]}'),
        ("/accounts/{sid}/senders", b'{"senders":{"id":"x"}}'),
        ("/accounts/{sid}/senders", b'{"senders":[{"id":"x"}]}'),  # not a Sender
        ("/accounts/{sid}/senders", b"{}"),
        ("/reset", b'{"account": 5}'),
        ("/reset", b'{"account": "AC1", "extra": true}'),
        ("/reset", b"[]"),
        ("/reset", b"not json"),
        ("/reset", b'{"account": NaN}'),
        ("/reset", b'{"account": "\\ud800"}'),  # a lone surrogate
        ("/reset", b'{"account": "\xff"}'),  # not UTF-8
        ("/reset", DEEP),
        ("/progression", b'{"progression": "seconds:inf"}'),  # never completes (#8)
        ("/progression", b'{"progression": "seconds:nan"}'),
        ("/progression", b'{"progression": "seconds:-1"}'),
        ("/progression", b'{"progression": "polls:inf"}'),
        ("/progression", b'{"progression": 3}'),
        ("/progression", b"{}"),
        ("/faults", b'{"status": 429, "count": 1.5}'),  # never expires (#8)
        ("/faults", b'{"status": 429, "count": -1}'),
        ("/faults", b'{"status": 429, "rate": NaN}'),
        ("/faults", b'{"status": 429, "rate": 1e999}'),
        ("/faults", b'{"status": 429, "count": 1, "retryAfter": Infinity}'),
        ("/rcs-capable", b'{"patterns": [1]}'),
        ("/rcs-capable", b'{"patterns": "*"}'),
    ],
)
def test_invalid_control_bodies_are_400_and_change_nothing(
    emulator: ThreadedEmulator,
    control: httpx.Client,
    before: list[dict[str, Any]],
    path: str,
    body: bytes,
) -> None:
    sid = before[0]["sid"]
    url = path.format(sid=sid)
    method = "POST" if path in ("/reset", "/faults") else "PUT"
    response = _raw(emulator, method, url, headers=JSON, content=body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["status"] == 400
    assert len(response.content) < 4096  # bounded, whatever came in
    assert _after(control) == before
    assert control.get("/progression").json() == {"progression": "immediate"}
    assert control.get("/rcs-capable").json() == {"patterns": []}


def test_bodiless_calls_take_no_body(
    emulator: ThreadedEmulator, control: httpx.Client, before: list[dict[str, Any]]
) -> None:
    response = _raw(emulator, "DELETE", "/faults", headers=JSON, content=b'{"status": 429}')
    assert response.status_code == 400
    assert _after(control) == before


def test_valid_control_calls_still_work(control: httpx.Client) -> None:
    rule = {"status": 503, "count": 2, "operationId": "listSenders", "retryAfter": 0}
    assert control.post("/faults", json=rule).status_code == 200
    assert control.get("/faults").json()["faults"][0]["count"] == 2
    assert control.put("/progression", json={"progression": "seconds:0.5"}).status_code == 200
    assert control.post("/reset", content=b"").status_code == 200
    assert control.post("/reset", json={}).status_code == 200
    summary = json.loads(control.get("/").content)
    assert summary["progression"] == "seconds:0.5"


@pytest.mark.slow
def test_a_large_control_body_is_checked_off_the_event_loop(
    make_emulator: MakeEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking 10,000 senders against the control schema took ~0.15 s on the event loop, and
    every client of the API waited that long per call."""
    threads = record_threads(monkeypatch, ControlGuard, "_decode")
    senders = [
        {"address": f"+1202555{n:04d}", "channel": "SMS", "status": "ACTIVATED"}
        for n in range(1000)
    ]
    emulator = make_emulator()  # its own: the inventory given stays after a reset
    sid = emulator.auth[0]
    with httpx.Client(base_url=f"{emulator.url}/_emulator", timeout=10) as control:
        small = control.put(f"/accounts/{sid}/senders", json={"senders": senders[:1]})
        large = control.put(f"/accounts/{sid}/senders", json={"senders": senders})
    assert [small.status_code, large.status_code] == [200, 200]
    assert large.json()["senders"] == 1000
    assert len(json.dumps(senders)) > OFF_LOOP_BODY_BYTES
    # The small one on the event loop (the server's thread), the large one elsewhere.
    assert threads[0].startswith("comms-emulator:")
    assert not threads[1].startswith("comms-emulator:")
