"""The generated client's retry layer against the emulator's fault injection (429/503 with
Retry-After): GET always retried, POST/PATCH/DELETE only when enabled, waits as asked."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from twilio_comms_sender_pools import Client, RetryPolicy
from twilio_comms_sender_pools.api.sender_pools import (
    create_sender_pool,
    delete_sender_pool,
    list_sender_pools,
)
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.client import retry_after_seconds
from twilio_comms_sender_pools.models import (
    AcceptedOperation,
    CommsError,
    CreateSenderPoolRequest,
    SenderList,
)
from twilio_comms_sender_pools.types import present

from comms_emulator import DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_emulator.models.faults import FaultRule
from tests.client.conftest import CountingTransport, Emulated, in_process_client

RETRY_LOG = "twilio_comms_sender_pools.client"


def _pools(emulated: Emulated) -> int:
    with emulated.client() as client:
        page = list_sender_pools.sync(client=client)
    assert page is not None
    assert not isinstance(page, CommsError)
    return len(present(page.sender_pools))


@pytest.mark.parametrize("status", [429, 503])
def test_get_is_retried_until_it_succeeds(
    emulated: Emulated, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    emulated.fault("listSenders", status=status, count=2)
    wire = CountingTransport()
    caplog.set_level(logging.INFO, logger=RETRY_LOG)
    with emulated.client(transport=wire) as client:
        response = list_senders.sync_detailed(client=client)
    assert response.status_code == 200
    assert isinstance(response.parsed, SenderList)
    assert wire.sent == [("GET", "/v1/Senders")] * 3
    assert emulated.faults_left() == 0
    retries = [r.getMessage() for r in caplog.records if r.name == RETRY_LOG]
    assert len(retries) == 2
    assert all(f"answered {status}" in line for line in retries)


def test_the_wait_is_what_retry_after_asks(
    emulated: Emulated, caplog: pytest.LogCaptureFixture
) -> None:
    emulated.fault("listSenders", status=503, count=1, retry_after=1)
    caplog.set_level(logging.INFO, logger=RETRY_LOG)
    with emulated.client() as client:
        assert list_senders.sync_detailed(client=client).status_code == 200
    [line] = [r.getMessage() for r in caplog.records if r.name == RETRY_LOG]
    assert "again in 1.0 s" in line
    assert DEFAULT_AUTH_TOKEN not in line


def test_post_is_not_retried_by_default(emulated: Emulated) -> None:
    emulated.fault("createSenderPool", status=429, count=1)
    wire = CountingTransport()
    with emulated.client(transport=wire) as client:
        response = create_sender_pool.sync_detailed(client=client, body=CreateSenderPoolRequest())
    assert response.status_code == 429
    assert isinstance(response.parsed, CommsError)
    assert response.headers["Retry-After"] == "0"
    assert len(wire.sent) == 1
    assert _pools(emulated) == 0


def test_post_is_retried_when_enabled_and_creates_once(emulated: Emulated) -> None:
    emulated.fault("createSenderPool", status=503, count=2)
    wire = CountingTransport()
    policy = RetryPolicy(retry_unsafe_methods=True)
    with emulated.client(transport=wire, retry=policy) as client:
        accepted = create_sender_pool.sync(client=client, body=CreateSenderPoolRequest(name="x"))
    assert isinstance(accepted, AcceptedOperation)
    assert len(wire.sent) == 3
    assert _pools(emulated) == 1


def test_delete_follows_the_unsafe_method_switch(emulated: Emulated) -> None:
    with emulated.client() as client:
        emulated.create_pool(client, "doomed")
        page = list_sender_pools.sync(client=client)
        assert page is not None
        assert not isinstance(page, CommsError)
        pool_id = present(page.sender_pools)[0].id
        emulated.fault("deleteSenderPool", count=1)
        assert delete_sender_pool.sync_detailed(pool_id, client=client).status_code == 429
    assert _pools(emulated) == 1
    emulated.fault("deleteSenderPool", count=1)
    with emulated.client(retry=RetryPolicy(retry_unsafe_methods=True)) as client:
        assert delete_sender_pool.sync_detailed(pool_id, client=client).status_code == 202
    assert _pools(emulated) == 0


def test_retries_stop_after_max_retries(emulated: Emulated) -> None:
    emulated.fault("listSenders", count=5)
    wire = CountingTransport()
    with emulated.client(transport=wire, retry=RetryPolicy(max_retries=2)) as client:
        assert list_senders.sync_detailed(client=client).status_code == 429
    assert len(wire.sent) == 3
    assert emulated.faults_left() == 2


def test_a_wait_longer_than_max_delay_is_not_made(emulated: Emulated) -> None:
    emulated.fault("listSenders", count=1, retry_after=120)
    wire = CountingTransport()
    with emulated.client(transport=wire, retry=RetryPolicy(max_delay=5)) as client:
        response = list_senders.sync_detailed(client=client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "120"
    assert len(wire.sent) == 1


def test_retry_none_sends_once(emulated: Emulated) -> None:
    emulated.fault("listSenders", count=1)
    wire = CountingTransport()
    with emulated.client(transport=wire, retry=None) as client:
        assert list_senders.sync_detailed(client=client).status_code == 429
    assert len(wire.sent) == 1


def test_async_get_is_retried_in_process() -> None:
    app = create_app(EmulatorConfig(self_check=True))

    app.state.world.faults.add(FaultRule(503, "listSenders", count=2, retry_after=0))
    client = in_process_client(app)

    async def run() -> int:
        async with client:
            response = await list_senders.asyncio_detailed(client=client)
        assert isinstance(response.parsed, SenderList)
        return len(app.state.world.faults.rules)

    assert asyncio.run(run()) == 0


def test_without_retry_after_the_backoff_doubles() -> None:
    policy = RetryPolicy(backoff=0.01, max_retries=3)
    bare = httpx.Response(503)
    assert [policy.delay("GET", bare, n) for n in range(4)] == [0.01, 0.02, 0.04, None]
    answers = iter([503, 503, 200])
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(next(answers), json={})

    with Client(
        "https://comms.example/v1", transport=httpx.MockTransport(handler), retry=policy
    ) as c:
        assert c.get_httpx_client().get("/Senders").status_code == 200
    assert len(sent) == 3


def test_only_the_configured_statuses_are_retried() -> None:
    policy = RetryPolicy()
    assert policy.delay("GET", httpx.Response(500, headers={"Retry-After": "0"}), 0) is None
    assert policy.delay("get", httpx.Response(429, headers={"Retry-After": "2"}), 0) == 2.0
    assert policy.delay("PATCH", httpx.Response(429, headers={"Retry-After": "2"}), 0) is None


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("0", 0.0), ("7", 7.0), (" 12 ", 12.0), ("soon", None), ("-3", None), (None, None)],
)
def test_retry_after_delta_seconds(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_retry_after_http_date() -> None:
    now = datetime(2026, 11, 22, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    earlier = format_datetime(now - timedelta(seconds=30), usegmt=True)
    assert retry_after_seconds(later, now=now) == 30.0
    assert retry_after_seconds(earlier, now=now) == 0.0


def test_transport_in_httpx_args_is_refused() -> None:
    with pytest.raises(ValueError, match="retry layer"):
        Client(httpx_args={"transport": httpx.MockTransport(lambda r: httpx.Response(200))})
