"""Every operation of the generated client, sync (over HTTP) and async (in-process), against
the self-checking emulator: create -> wait -> find by operationId -> fetch -> update -> add /
list / remove senders -> delete -> 404, with errors parsed into the Error model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from twilio_comms_sender_pools import Client
from twilio_comms_sender_pools.api.sender_pools import (
    add_sender_pool_senders,
    create_sender_pool,
    delete_sender_pool,
    fetch_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pool_operations,
    list_sender_pool_senders,
    list_sender_pools,
    remove_sender_pool_sender,
    update_sender_pool,
)
from twilio_comms_sender_pools.api.senders import fetch_sender, list_senders
from twilio_comms_sender_pools.models import (
    AcceptedOperation,
    CreateSenderPoolRequest,
    Error,
    OperationStatus,
    ResourceReference,
    Sender,
    SenderList,
    SenderPool,
    SenderPoolList,
    SenderPoolOperation,
    SenderPoolOperationList,
    SenderReference,
    SenderStatus,
    Tags,
    UpdateSenderPoolRequest,
)

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, EmulatorConfig, create_app
from comms_emulator.testing import ThreadedEmulator

AUTH = (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)


@pytest.fixture
def client() -> Iterator[Client]:
    with (
        ThreadedEmulator(create_app(EmulatorConfig(self_check=True))) as emulator,
        Client(base_url=f"{emulator.url}/v1", httpx_args={"auth": AUTH}) as client,
    ):
        yield client


def test_sync_round_trip(client: Client) -> None:
    senders = list_senders.sync(client=client, status=SenderStatus.ACTIVATED, page_size=3)
    assert isinstance(senders, SenderList)
    ids = [s.id for s in senders.senders]
    first = fetch_sender.sync(ids[0], client=client)
    assert isinstance(first, Sender)
    assert first.display_name is None or isinstance(first.display_name, str)

    body = CreateSenderPoolRequest(
        name="client-pool",
        tags=Tags.from_dict({"env": "test"}),
        senders=[SenderReference(sender_id=ids[0])],
    )
    accepted = create_sender_pool.sync_detailed(client=client, body=body)
    assert accepted.status_code == 202
    assert isinstance(accepted.parsed, AcceptedOperation)
    assert accepted.headers["Location"] == accepted.parsed.operation_location
    operation = fetch_sender_pool_operation.sync(accepted.parsed.operation_id, client=client)
    assert isinstance(operation, SenderPoolOperation)
    assert operation.status == OperationStatus.COMPLETED
    assert (operation.stats.total, operation.stats.created) == (2, 2)

    pools = list_sender_pools.sync(client=client, operation_id=operation.id)
    assert isinstance(pools, SenderPoolList)
    assert pools.pagination.next_ is None
    pool_id = pools.sender_pools[0].id
    pool = fetch_sender_pool.sync(pool_id, client=client)
    assert isinstance(pool, SenderPool)
    assert pool.tags["env"] == "test"

    updated = update_sender_pool.sync(
        pool_id, client=client, body=UpdateSenderPoolRequest(name="renamed")
    )
    assert isinstance(updated, ResourceReference)
    assert updated.resource_id == pool_id
    refetched = fetch_sender_pool.sync(pool_id, client=client)
    assert isinstance(refetched, SenderPool)
    assert refetched.name == "renamed"

    added = add_sender_pool_senders.sync(
        pool_id, client=client, body=[SenderReference(sender_id=i) for i in ids[1:3]]
    )
    assert isinstance(added, AcceptedOperation)
    members = list_sender_pool_senders.sync(pool_id, client=client)
    assert isinstance(members, SenderList)
    assert {m.id for m in members.senders} == set(ids[:3])
    removed = remove_sender_pool_sender.sync(pool_id, ids[1], client=client)
    assert isinstance(removed, ResourceReference)
    assert removed.resource_id == ids[1]

    operations = list_sender_pool_operations.sync(client=client)
    assert isinstance(operations, SenderPoolOperationList)
    assert len(operations.operations) == 2

    assert isinstance(delete_sender_pool.sync(pool_id, client=client), ResourceReference)
    gone = fetch_sender_pool.sync_detailed(pool_id, client=client)
    assert gone.status_code == 404
    assert isinstance(gone.parsed, Error)
    assert gone.parsed.code == 20404


def test_errors_parse_into_the_error_model(client: Client) -> None:
    bad = list_sender_pools.sync_detailed(client=client, page_size=1001)
    assert bad.status_code == 400
    assert isinstance(bad.parsed, Error)
    assert bad.parsed.details
    assert bad.parsed.details[0].location == "query.pageSize"
    with Client(base_url=client._base_url) as anonymous:
        denied = list_senders.sync_detailed(client=anonymous)
    assert denied.status_code == 401
    assert isinstance(denied.parsed, Error)


def test_async_round_trip_in_process() -> None:
    app = create_app(EmulatorConfig(self_check=True))

    async def run() -> None:
        client = Client(base_url="http://emulator/v1")
        client.set_async_httpx_client(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://emulator/v1", auth=AUTH
            )
        )
        async with client:
            senders = await list_senders.asyncio(client=client)
            assert isinstance(senders, SenderList)
            accepted = await create_sender_pool.asyncio(
                client=client,
                body=CreateSenderPoolRequest(
                    senders=[SenderReference(sender_id=senders.senders[0].id)]
                ),
            )
            assert isinstance(accepted, AcceptedOperation)
            pools = await list_sender_pools.asyncio(
                client=client, operation_id=accepted.operation_id
            )
            assert isinstance(pools, SenderPoolList)
            [pool] = pools.sender_pools
            assert pool.name == ""
            assert isinstance(
                await delete_sender_pool.asyncio(pool.id, client=client), ResourceReference
            )
            gone = await fetch_sender_pool.asyncio_detailed(pool.id, client=client)
            assert gone.status_code == 404
            assert isinstance(gone.parsed, Error)

    asyncio.run(run())
