"""Self-check mode: a response that does not match the spec fails loudly."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.config import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN
from comms_emulator.http import render
from comms_emulator.http.handlers import HANDLERS, Reply
from comms_emulator.http.self_check import SelfCheckFailed


async def _get(app: Any, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://emulator/v1",
        auth=(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN),
    ) as client:
        return await client.get(path)


def test_a_response_missing_a_required_field_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(EmulatorConfig(self_check=True))

    def broken(sender: Any) -> dict[str, Any]:
        body = render.sender_json(sender)
        del body["displayName"]
        return body

    monkeypatch.setattr("comms_emulator.http.handlers.senders.sender_json", broken)
    with pytest.raises(SelfCheckFailed, match="'displayName' is a required property"):
        asyncio.run(_get(app, "/Senders"))


def test_an_undeclared_status_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(HANDLERS, "listSenderPools", lambda call: Reply(418, {"teapot": True}))
    app = create_app(EmulatorConfig(self_check=True))  # handlers are bound at creation
    with pytest.raises(SelfCheckFailed, match="status 418 is not declared"):
        asyncio.run(_get(app, "/SenderPools"))


def test_self_check_off_lets_drift_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the flag: without it the same drift would reach clients silently."""
    monkeypatch.setattr(
        "comms_emulator.http.handlers.senders.sender_json", lambda sender: {"id": sender.id}
    )
    response = asyncio.run(_get(create_app(EmulatorConfig(self_check=False)), "/Senders"))
    assert response.status_code == 200
    assert "displayName" not in response.json()["senders"][0]


def test_a_bug_in_a_handler_is_a_500_in_the_error_shape_and_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The API is served in front of Starlette: an unhandled error still gets the answer
    Starlette's handler gave (a 500 in the error shape, no stack trace) and is re-raised for
    the server's log."""

    def broken(call: Any) -> Reply:
        raise KeyError("secret detail")

    monkeypatch.setitem(HANDLERS, "listSenderPools", broken)
    app = create_app(EmulatorConfig(self_check=True))
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    basic = base64.b64encode(f"{DEFAULT_ACCOUNT_SID}:{DEFAULT_AUTH_TOKEN}".encode())
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v1/SenderPools",
        "raw_path": b"/v1/SenderPools",
        "query_string": b"",
        "headers": [(b"authorization", b"Basic " + basic)],
        "server": ("emulator", 80),
        "scheme": "http",
    }
    with pytest.raises(KeyError, match="secret detail"):
        asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 500
    body = json.loads(sent[1]["body"])
    assert body["message"] == "Internal emulator error: KeyError"
    assert "secret" not in sent[1]["body"].decode()
