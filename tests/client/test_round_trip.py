"""Every operation of the generated client, sync (over HTTP) and async (in-process), against
the self-checking emulator: create -> wait -> find by operationId -> fetch -> update -> add /
list / remove senders -> delete -> 404, with errors parsed into the CommsError model."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from twilio_comms_sender_pools import AuthenticatedClient, Client
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
    CommsError,
    CreateSenderPoolRequest,
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
from twilio_comms_sender_pools.types import present

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.models.progression import Progression
from tests.client.conftest import Emulated, in_process_client


@pytest.fixture
def client(emulated: Emulated) -> Iterator[AuthenticatedClient]:
    emulated.progression("polls:2")  # the create below has to be waited for
    with emulated.client() as client:
        yield client


def test_sync_round_trip(client: AuthenticatedClient) -> None:
    senders = list_senders.sync(client=client, status=SenderStatus.ACTIVATED, page_size=3)
    assert isinstance(senders, SenderList)
    ids = [s.id for s in present(senders.senders)]
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
    pending = fetch_sender_pool_operation.sync(present(accepted.parsed.operation_id), client=client)
    assert isinstance(pending, SenderPoolOperation)
    assert pending.status == OperationStatus.PROCESSING
    operation = fetch_sender_pool_operation.sync_wait(
        present(accepted.parsed.operation_id), client=client, poll_interval=0.01
    )
    assert operation.status == OperationStatus.COMPLETED
    assert (operation.stats.total, operation.stats.created) == (2, 2)

    pools = list_sender_pools.sync(client=client, operation_id=operation.id)
    assert isinstance(pools, SenderPoolList)
    assert present(pools.pagination).next_ is None
    pool_id = present(pools.sender_pools)[0].id
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
    fetch_sender_pool_operation.sync_wait(
        present(added.operation_id), client=client, poll_interval=0.01
    )
    members = list_sender_pool_senders.sync(pool_id, client=client)
    assert isinstance(members, SenderList)
    assert {m.id for m in present(members.senders)} == set(ids[:3])
    removed = remove_sender_pool_sender.sync(pool_id, ids[1], client=client)
    assert isinstance(removed, ResourceReference)
    assert removed.resource_id == ids[1]

    operations = list_sender_pool_operations.sync(client=client)
    assert isinstance(operations, SenderPoolOperationList)
    assert len(present(operations.operations)) == 2

    assert isinstance(delete_sender_pool.sync(pool_id, client=client), ResourceReference)
    gone = fetch_sender_pool.sync_detailed(pool_id, client=client)
    assert gone.status_code == 404
    assert isinstance(gone.parsed, CommsError)
    assert gone.parsed.code == 20404


def test_errors_parse_into_the_error_model(client: AuthenticatedClient) -> None:
    bad = list_sender_pools.sync_detailed(client=client, page_size=1001)
    assert bad.status_code == 400
    assert isinstance(bad.parsed, CommsError)
    assert bad.parsed.details
    assert bad.parsed.details[0].location == "query.pageSize"
    with Client(client.base_url) as anonymous:
        denied = list_senders.sync_detailed(client=anonymous)
    assert denied.status_code == 401
    assert isinstance(denied.parsed, CommsError)


def test_async_round_trip_in_process() -> None:
    app = create_app(EmulatorConfig(self_check=True, progression=Progression.parse("polls:2")))
    client = in_process_client(app)

    async def run() -> None:
        senders = await list_senders.asyncio(client=client, status=SenderStatus.ACTIVATED)
        assert isinstance(senders, SenderList)
        ids = [s.id for s in present(senders.senders)]
        sender = await fetch_sender.asyncio(ids[0], client=client)
        assert isinstance(sender, Sender)
        accepted = await create_sender_pool.asyncio(
            client=client,
            body=CreateSenderPoolRequest(senders=[SenderReference(sender_id=ids[0])]),
        )
        assert isinstance(accepted, AcceptedOperation)
        operation = await fetch_sender_pool_operation.asyncio_wait(
            present(accepted.operation_id), client=client, poll_interval=0.01
        )
        assert operation.status == OperationStatus.COMPLETED
        pools = await list_sender_pools.asyncio(client=client, operation_id=operation.id)
        assert isinstance(pools, SenderPoolList)
        [listed] = present(pools.sender_pools)
        assert listed.name == ""
        update = UpdateSenderPoolRequest(tags=Tags.from_dict({"stage": "async"}))
        assert isinstance(
            await update_sender_pool.asyncio(listed.id, client=client, body=update),
            ResourceReference,
        )
        pool = await fetch_sender_pool.asyncio(listed.id, client=client)
        assert isinstance(pool, SenderPool)
        assert pool.tags.to_dict() == {"stage": "async"}
        added = await add_sender_pool_senders.asyncio(
            listed.id, client=client, body=[SenderReference(sender_id=ids[1])]
        )
        assert isinstance(added, AcceptedOperation)
        await fetch_sender_pool_operation.asyncio_wait(
            present(added.operation_id), client=client, poll_interval=0.01
        )
        members = await list_sender_pool_senders.asyncio(listed.id, client=client)
        assert isinstance(members, SenderList)
        assert {m.id for m in present(members.senders)} == set(ids[:2])
        removed = await remove_sender_pool_sender.asyncio(listed.id, ids[0], client=client)
        assert isinstance(removed, ResourceReference)
        operations = await list_sender_pool_operations.asyncio(
            client=client, status=OperationStatus.COMPLETED
        )
        assert isinstance(operations, SenderPoolOperationList)
        assert {o.id for o in present(operations.operations)} == {
            accepted.operation_id,
            added.operation_id,
        }
        deleted = await delete_sender_pool.asyncio(listed.id, client=client)
        assert isinstance(deleted, ResourceReference)
        gone = await fetch_sender_pool.asyncio_detailed(listed.id, client=client)
        assert gone.status_code == 404
        assert isinstance(gone.parsed, CommsError)

    async def in_client() -> None:
        async with client:
            await run()

    asyncio.run(in_client())
