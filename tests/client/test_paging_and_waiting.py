"""The generated helpers: sync_all/asyncio_all on list operations, sync_wait/asyncio_wait on
Operations, against the emulator (pagination, progression `polls:N`/`seconds:T`, faults)."""

from __future__ import annotations

import asyncio
import importlib
import re
from types import ModuleType
from typing import Any

import pytest
from twilio_comms_sender_pools import AuthenticatedClient, errors
from twilio_comms_sender_pools.api.messages import list_messages, send_messages
from twilio_comms_sender_pools.api.sender_pools import (
    create_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pool_operations,
    list_sender_pools,
)
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.models import (
    AcceptedOperation,
    AddressRecipient,
    CreateSenderPoolRequest,
    MessageContentTextWithMedia,
    OperationStatus,
    SenderList,
    SenderPoolFrom,
    SenderStatus,
    SendMessagesRequest,
)
from twilio_comms_sender_pools.types import present

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.progression import Progression
from comms_spec import Contract, SpecOperation, resolve
from tests.client.conftest import CountingTransport, Emulated, in_process_client

UNKNOWN_OPERATION = "comms_operation_01h9krwprkeee8fzqspvwy6nq8"


def test_sync_all_visits_every_item_once_in_order(emulated: Emulated) -> None:
    wire = CountingTransport()
    with emulated.client(transport=wire) as client:
        for n in range(7):
            emulated.create_pool(client, f"pool-{n}")
        wire.sent.clear()
        pools = list(list_sender_pools.sync_all(client=client, page_size=3))
    assert [p.name for p in pools] == [f"pool-{n}" for n in range(7)]
    assert len({p.id for p in pools}) == 7
    assert wire.sent == [("GET", "/v1/SenderPools")] * 3


def test_sync_all_keeps_the_filters_on_every_page(emulated: Emulated) -> None:
    with emulated.client() as client:
        everything = list(list_senders.sync_all(client=client, page_size=2))
        activated = list(
            list_senders.sync_all(client=client, status=SenderStatus.ACTIVATED, page_size=2)
        )
    assert activated == [s for s in everything if s.status == SenderStatus.ACTIVATED]
    assert 0 < len(activated) < len(everything)


def test_sync_all_is_lazy_and_resumes_from_a_page_token(emulated: Emulated) -> None:
    wire = CountingTransport()
    with emulated.client(transport=wire) as client:
        first_page = list_senders.sync(client=client, page_size=4)
        assert isinstance(first_page, SenderList)
        token = present(first_page.pagination).next_
        assert isinstance(token, str)
        rest = list_senders.sync_all(client=client, page_size=4, page_token=token)
        wire.sent.clear()
        head = next(iter(rest))
        assert len(wire.sent) == 1  # one page fetched for one item
        everything = list(list_senders.sync_all(client=client))
    assert head == everything[4]


def test_a_page_answered_with_an_error_raises_api_error(emulated: Emulated) -> None:
    with emulated.client() as client, pytest.raises(errors.ApiError) as raised:
        list(list_senders.sync_all(client=client, page_token="not-a-token"))
    assert raised.value.status_code == 400
    assert raised.value.code == 20400
    assert "pageToken" in raised.value.message


def test_wait_polls_until_completed(emulated: Emulated) -> None:
    emulated.progression("polls:3")
    wire = CountingTransport()
    with emulated.client(transport=wire) as client:
        operation_id = emulated.create_pool(client, "slow")
        assert list(list_sender_pools.sync_all(client=client, operation_id=operation_id)) == []
        wire.sent.clear()
        done = fetch_sender_pool_operation.sync_wait(
            operation_id, client=client, poll_interval=0.01
        )
        pools = list(list_sender_pools.sync_all(client=client, operation_id=operation_id))
    assert done.status == OperationStatus.COMPLETED
    assert done.stats.queued == 0
    polls = [path for _, path in wire.sent if "/Operations/" in path]
    assert len(polls) == 3
    assert [p.name for p in pools] == ["slow"]


def test_wait_rides_out_a_rate_limit(emulated: Emulated) -> None:
    emulated.progression("polls:2")
    with emulated.client() as client:
        operation_id = emulated.create_pool(client, "busy")
        emulated.fault("fetchSenderPoolOperation", count=2)
        done = fetch_sender_pool_operation.sync_wait(
            operation_id, client=client, poll_interval=0.01
        )
    assert done.status == OperationStatus.COMPLETED
    assert emulated.faults_left() == 0


def test_wait_times_out_with_the_last_operation(emulated: Emulated) -> None:
    emulated.progression("seconds:600")
    with emulated.client() as client:
        operation_id = emulated.create_pool(client, "never")
        with pytest.raises(errors.OperationTimeout) as raised:
            fetch_sender_pool_operation.sync_wait(
                operation_id, client=client, timeout=0.05, poll_interval=0.01
            )
    assert raised.value.operation.status == OperationStatus.PROCESSING
    assert raised.value.operation.id == operation_id
    assert operation_id in str(raised.value)
    assert "PROCESSING" in str(raised.value)


def test_wait_for_an_unknown_operation_raises_not_found(emulated: Emulated) -> None:
    with emulated.client() as client, pytest.raises(errors.ApiError) as raised:
        fetch_sender_pool_operation.sync_wait(UNKNOWN_OPERATION, client=client)
    assert (raised.value.status_code, raised.value.code) == (404, 20404)


def test_async_helpers_in_process() -> None:
    app = create_app(EmulatorConfig(self_check=True, progression=Progression.parse("polls:2")))
    client = in_process_client(app)

    async def run() -> None:
        async with client:
            senders = [s async for s in list_senders.asyncio_all(client=client, page_size=5)]
            assert len({s.id for s in senders}) == len(senders) > 5
            accepted = await _create(client)
            done = await fetch_sender_pool_operation.asyncio_wait(
                accepted, client=client, poll_interval=0.01
            )
            assert done.status == OperationStatus.COMPLETED
            operations = [
                o async for o in list_sender_pool_operations.asyncio_all(client=client, page_size=1)
            ]
            assert [o.id for o in operations] == [accepted]

    asyncio.run(run())


async def _create(client: AuthenticatedClient) -> str:
    accepted = await create_sender_pool.asyncio(client=client, body=CreateSenderPoolRequest())
    assert isinstance(accepted, AcceptedOperation)
    return present(accepted.operation_id)


def _module(operation: dict[str, Any]) -> ModuleType:
    tag = re.sub(r"\W+", "_", operation["tags"][0]).lower()
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", operation["operationId"]).lower()
    return importlib.import_module(f"twilio_comms_sender_pools.api.{tag}.{name}")


def _is_list(op: SpecOperation) -> bool:
    return op.parameter("query", "pageToken") is not None


def _is_operation_fetch(contract: Contract, op: SpecOperation) -> bool:
    schema = contract.response_schema(op.op_id, 200) or {}
    return op.method == "get" and "x-terminal-statuses" in resolve(contract.document, schema)


def test_every_list_operation_has_paging_helpers_and_only_those(contract: Contract) -> None:
    listing = [op.op_id for op in contract.operations if _is_list(op)]
    assert len(listing) >= 4
    for op in contract.operations:
        module = _module(op.node)
        has = hasattr(module, "sync_all"), hasattr(module, "asyncio_all")
        assert has == (_is_list(op), _is_list(op)), op.op_id


def test_every_operation_fetch_has_wait_helpers_and_only_those(contract: Contract) -> None:
    waiting = [op.op_id for op in contract.operations if _is_operation_fetch(contract, op)]
    assert sorted(waiting) == ["fetchMessageOperation", "fetchSenderPoolOperation"]
    for op in contract.operations:
        module = _module(op.node)
        has = hasattr(module, "sync_wait"), hasattr(module, "asyncio_wait")
        expected = _is_operation_fetch(contract, op)
        assert has == (expected, expected), op.op_id


def test_sync_find_rides_out_a_lagging_list(emulated: Emulated) -> None:
    # Lists lag every write by 1 s: the first reads after the Operation completes are empty.
    emulated.control.put("/consistency", json={"consistency": "eventual:1"}).raise_for_status()
    with emulated.client() as client:
        operation_id = emulated.create_pool(client, "found-late")
        assert list(list_sender_pools.sync_all(client=client, operation_id=operation_id)) == []
        [pool] = list_sender_pools.sync_find(
            operation_id, client=client, timeout=10, poll_interval=0.05
        )
        assert pool.name == "found-late"
        # An Operation that made no pool (an unknown one): NotListed at the deadline.
        with pytest.raises(errors.NotListed) as raised:
            list_sender_pools.sync_find(
                UNKNOWN_OPERATION, client=client, timeout=0.3, poll_interval=0.05
            )
    assert raised.value.operation_id == UNKNOWN_OPERATION
    assert raised.value.timeout == 0.3


def test_every_list_by_operation_has_find_helpers_and_only_those(contract: Contract) -> None:
    helpers = ("sync_find", "asyncio_find", "sync_wait_and_find", "asyncio_wait_and_find")
    for op in contract.operations:
        by_operation = _is_list(op) and any(
            p.get("name") == "operationId" and p.get("in") == "query" for p in op.parameters
        )
        module = _module(op.node)
        has = tuple(hasattr(module, name) for name in helpers)
        assert has == (by_operation,) * 4, op.op_id
    assert hasattr(list_sender_pools, "sync_wait_and_find")


def test_wait_and_find_waits_then_rides_out_busy_answers_and_a_lagging_list(
    emulated: Emulated,
) -> None:
    # The Operation takes two polls, lists lag every write by 0.5 s, and with no retry layer one
    # poll is answered 503 and the first list read 429: the helper itself must ride them out.
    emulated.progression("polls:2")
    emulated.control.put("/consistency", json={"consistency": "eventual:0.5"}).raise_for_status()
    wire = CountingTransport()
    with emulated.client(transport=wire, retry=None) as client:
        operation_id = emulated.create_pool(client, "found-after-wait")
        emulated.fault("fetchSenderPoolOperation", status=503)
        emulated.fault("listSenderPools", status=429)
        wire.sent.clear()
        [pool] = list_sender_pools.sync_wait_and_find(
            operation_id, client=client, timeout=10, poll_interval=0.05
        )
    assert pool.name == "found-after-wait"
    assert emulated.faults_left() == 0
    polls = [path for _, path in wire.sent if "/Operations/" in path]
    reads = [path for _, path in wire.sent if path == "/v1/SenderPools"]
    assert len(polls) == 3  # the 503, then PROCESSING, then COMPLETED: no read before it ended
    assert len(reads) >= 3  # the 429, at least one empty read inside the lag, the one that found
    assert wire.sent.index(("GET", "/v1/SenderPools")) > len(polls) - 1


def test_wait_and_find_gives_up_at_the_window_not_the_deadline(emulated: Emulated) -> None:
    with emulated.client() as client:
        pool_operation = emulated.create_pool(client, "empty")
        [pool] = list_sender_pools.sync_wait_and_find(pool_operation, client=client, timeout=5)
        # A send from a pool without Senders: its Operation COMPLETES with every recipient
        # unaddressable and no Message. NotListed after the 0.2 s window, though the deadline is
        # 60 s away (a helper that ignored the window would hang the test for a minute).
        body = SendMessagesRequest(
            from_=SenderPoolFrom(sender_pool_id=pool.id),
            to=[AddressRecipient(address="+12025550100", channel="PHONE")],
            content=MessageContentTextWithMedia(text="nobody sends this"),
        )
        sent = send_messages.call(client=client, body=body)
        with pytest.raises(errors.NotListed) as raised:
            list_messages.sync_wait_and_find(
                present(sent.operation_id),
                client=client,
                timeout=60,
                poll_interval=0.05,
                consistency_window=0.2,
            )
        assert raised.value.timeout == 0.2
        with pytest.raises(errors.ApiError) as unknown:
            list_sender_pools.sync_wait_and_find(UNKNOWN_OPERATION, client=client, timeout=5)
    assert (unknown.value.status_code, unknown.value.code) == (404, 20404)


def test_async_wait_and_find_in_process() -> None:
    config = EmulatorConfig(
        self_check=True,
        progression=Progression.parse("polls:2"),
        consistency=Consistency.parse("eventual:0.3"),
    )
    client = in_process_client(create_app(config))

    async def run() -> None:
        async with client:
            accepted = await _create(client)
            assert [p async for p in list_sender_pools.asyncio_all(client=client)] == []
            [pool] = await list_sender_pools.asyncio_wait_and_find(
                accepted, client=client, timeout=10, poll_interval=0.05
            )
            assert [p.id async for p in list_sender_pools.asyncio_all(client=client)] == [pool.id]

    asyncio.run(run())
