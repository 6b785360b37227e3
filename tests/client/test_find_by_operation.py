"""The create-then-find helper (`sync_find_by_operation` / `asyncio_find_by_operation`) against
an eventually consistent emulator: the docs' "wait for the Operation, then list by operationId"
finds the new pool although the list lags the Operation, within one deadline."""

from __future__ import annotations

import asyncio
import time

import pytest
from twilio_comms_sender_pools import AuthenticatedClient, errors
from twilio_comms_sender_pools.api.sender_pools import create_sender_pool, list_sender_pools
from twilio_comms_sender_pools.models import AcceptedOperation, CreateSenderPoolRequest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.models.consistency import Consistency
from comms_emulator.testing import ThreadedEmulator
from comms_spec import Contract
from tests.client.conftest import Emulated, in_process_client

LAG_MS = 800  # lists show each write this long after it (--consistency eventual:0.8)


def _lagging() -> EmulatorConfig:
    return EmulatorConfig(self_check=True, consistency=Consistency(lag_ms=LAG_MS))


def test_the_new_pool_is_found_although_the_list_lags(contract: Contract) -> None:
    with ThreadedEmulator(create_app(_lagging(), contract)) as server:
        emulated = Emulated(server.url)
        with emulated.control, emulated.client() as client:
            operation_id = emulated.create_pool(client, "lagging")
            # The plain lookup right after the Operation: the list does not show the pool yet.
            assert list(list_sender_pools.sync_all(client=client, operation_id=operation_id)) == []
            [pool] = list_sender_pools.sync_find_by_operation(
                operation_id, client=client, poll_interval=0.05
            )
            assert pool.name == "lagging"
            # A window shorter than the lag returns what is listed by then: nothing.
            second = emulated.create_pool(client, "second")
            found = list_sender_pools.sync_find_by_operation(
                second, client=client, poll_interval=0.05, consistency_window=0.0
            )
            assert found == []


def test_an_unfinished_operation_ends_at_the_deadline(emulated: Emulated) -> None:
    emulated.progression("polls:1000")
    with emulated.client() as client:
        operation_id = emulated.create_pool(client, "slow")
        started = time.monotonic()
        with pytest.raises(errors.OperationTimeout):
            list_sender_pools.sync_find_by_operation(
                operation_id, client=client, timeout=0.3, poll_interval=0.05
            )
        assert time.monotonic() - started < 5  # bounded by the deadline, not by the polls


def test_the_async_twin_finds_it_too(contract: Contract) -> None:
    app = create_app(_lagging(), contract)

    async def run() -> None:
        async with in_process_client(app) as client:
            accepted = await _create(client)
            [pool] = await list_sender_pools.asyncio_find_by_operation(
                accepted, client=client, poll_interval=0.05
            )
            assert pool.name == "async"

    asyncio.run(run())


async def _create(client: AuthenticatedClient) -> str:
    accepted = await create_sender_pool.asyncio(
        client=client, body=CreateSenderPoolRequest(name="async")
    )
    assert isinstance(accepted, AcceptedOperation)
    assert isinstance(accepted.operation_id, str)
    return accepted.operation_id
