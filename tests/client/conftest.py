"""An emulator over HTTP for the generated client, with its control plane at hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from twilio_comms_sender_pools import AuthenticatedClient
from twilio_comms_sender_pools.api.sender_pools import create_sender_pool
from twilio_comms_sender_pools.models import AcceptedOperation, CreateSenderPoolRequest, Tags

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract


class CountingTransport(httpx.HTTPTransport):
    """Counts what really goes over the wire, under the client's retry layer."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, request.url.path))
        return super().handle_request(request)


class Emulated:
    """One running emulator: clients for it, and its control plane (faults, progression)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.base_url = f"{url}/v1"
        self.control = httpx.Client(base_url=f"{url}/_emulator")

    def client(self, **kwargs: Any) -> AuthenticatedClient:
        return AuthenticatedClient(
            self.base_url, username=DEFAULT_ACCOUNT_SID, password=DEFAULT_AUTH_TOKEN, **kwargs
        )

    def fault(self, op_id: str, status: int = 429, count: int = 1, retry_after: int = 0) -> None:
        rule = {"operationId": op_id, "status": status, "count": count}
        self.control.post("/faults", json={**rule, "retryAfter": retry_after}).raise_for_status()

    def faults_left(self) -> int:
        """How many faulted answers are still to come (count-based rules)."""
        rules = self.control.get("/faults").raise_for_status().json()["faults"]
        return sum(rule["count"] for rule in rules)

    def progression(self, text: str) -> None:
        self.control.put("/progression", json={"progression": text}).raise_for_status()

    def create_pool(self, client: AuthenticatedClient, name: str) -> str:
        """Start creating a pool; the ID of its Operation."""
        body = CreateSenderPoolRequest(name=name, tags=Tags.from_dict({"suite": "client"}))
        accepted = create_sender_pool.sync(client=client, body=body)
        assert isinstance(accepted, AcceptedOperation), accepted
        assert isinstance(accepted.operation_id, str), accepted
        return accepted.operation_id


def in_process_client(app: Any) -> AuthenticatedClient:
    """A client for the async API that talks to the emulator `app` without a network."""
    return AuthenticatedClient(
        "http://emulator/v1",
        username=DEFAULT_ACCOUNT_SID,
        password=DEFAULT_AUTH_TOKEN,
        async_transport=httpx.ASGITransport(app=app),
    )


@pytest.fixture(scope="session")
def contract() -> Contract:
    """The spec, read once for the client tests (a composition root, like the CLI)."""
    return Contract.load()


@pytest.fixture
def emulated(contract: Contract) -> Iterator[Emulated]:
    with ThreadedEmulator(create_app(EmulatorConfig(self_check=True), contract)) as server:
        emulated = Emulated(server.url)
        with emulated.control:
            yield emulated
