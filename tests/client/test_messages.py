"""The generated client's Messages operations against the emulator: send through a pool, wait
for the Message Operation, find the Messages by operationId, fetch one, list Operations."""

from __future__ import annotations

import asyncio

from twilio_comms_sender_pools import AuthenticatedClient
from twilio_comms_sender_pools.api.messages import (
    fetch_message,
    fetch_message_operation,
    list_message_operations,
    list_messages,
    send_messages,
)
from twilio_comms_sender_pools.api.sender_pools import (
    create_sender_pool,
    delete_sender_pool,
    fetch_sender_pool_operation,
    list_sender_pools,
)
from twilio_comms_sender_pools.api.senders import list_senders
from twilio_comms_sender_pools.models import (
    AcceptedOperation,
    AddressFrom,
    AddressRecipient,
    CommsError,
    CommunicationOperationStatus,
    CreateSenderPoolRequest,
    Message,
    MessageContentTextWithMedia,
    MessageSenderChannel,
    SenderCommunicationChannel,
    SenderPoolFrom,
    SenderReference,
    SenderStatus,
    SendMessagesRequest,
    Tags,
)
from twilio_comms_sender_pools.types import present

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.models.progression import Progression
from tests.client.conftest import Emulated, in_process_client

HELLO = MessageContentTextWithMedia(text="Hello, World!")


def _pool(client: AuthenticatedClient, *channels: SenderCommunicationChannel) -> str:
    senders = [
        s
        for channel in channels
        for s in list_senders.sync_all(
            client=client, channel=channel, status=SenderStatus.ACTIVATED
        )
    ]
    accepted = create_sender_pool.sync(
        client=client,
        body=CreateSenderPoolRequest(senders=[SenderReference(sender_id=s.id) for s in senders]),
    )
    assert isinstance(accepted, AcceptedOperation)
    done = fetch_sender_pool_operation.sync_wait(present(accepted.operation_id), client=client)
    [pool] = list_sender_pools.sync_all(client=client, operation_id=done.id)
    return pool.id


def test_send_through_a_pool_and_read_back(emulated: Emulated) -> None:
    with emulated.client() as client:
        pool_id = _pool(client, SenderCommunicationChannel.SMS, SenderCommunicationChannel.WHATSAPP)
        emulated.progression("polls:2")
        body = SendMessagesRequest(
            from_=SenderPoolFrom(sender_pool_id=pool_id),
            to=[
                AddressRecipient(address="+12025550100", channel="PHONE"),
                AddressRecipient(address="+12025550101", channel="WHATSAPP"),
            ],
            content=HELLO,
            tags=Tags.from_dict({"campaign": "client"}),
        )
        accepted = send_messages.sync_detailed(client=client, body=body)
        assert accepted.status_code == 202
        assert isinstance(accepted.parsed, AcceptedOperation)
        assert accepted.headers["Location"] == accepted.parsed.operation_location
        operation = fetch_message_operation.sync_wait(
            present(accepted.parsed.operation_id), client=client, poll_interval=0.01
        )
        assert operation.status == CommunicationOperationStatus.COMPLETED
        assert (operation.stats.recipients, operation.stats.sent) == (2, 2)
        messages = list_messages.sync_wait_and_find(operation.id, client=client, timeout=10)
        channels = {m.to[0].channel: m.from_.channel for m in messages}
        assert channels == {
            "PHONE": MessageSenderChannel.SMS,
            "WHATSAPP": MessageSenderChannel.WHATSAPP,
        }
        assert {m.from_.sender_pool_id for m in messages} == {pool_id}
        assert delete_sender_pool.sync_detailed(pool_id, client=client).status_code == 202
        message = fetch_message.sync(messages[0].id, client=client)
        assert isinstance(message, Message)
        content = present(message.content)
        assert isinstance(content, MessageContentTextWithMedia)
        assert content.text == HELLO.text
        assert present(message.from_).sender_pool_id == pool_id
        assert message.scheduled_for is None
        operations = list(list_message_operations.sync_all(client=client))
        assert [o.id for o in operations] == [operation.id]


def test_send_errors_parse_into_the_error_model(emulated: Emulated) -> None:
    with emulated.client() as client:
        body = SendMessagesRequest(
            from_=AddressFrom(address="+10000000000", channel=MessageSenderChannel.SMS),
            to=[AddressRecipient(address="+12025550100", channel="PHONE")],
            content=HELLO,
        )
        rejected = send_messages.sync_detailed(client=client, body=body)
    assert rejected.status_code == 400
    assert isinstance(rejected.parsed, CommsError)
    assert rejected.parsed.details
    assert rejected.parsed.details[0].location == "body.from"


def test_async_send_in_process() -> None:
    app = create_app(EmulatorConfig(self_check=True, progression=Progression.parse("polls:2")))
    client = in_process_client(app)

    async def run() -> None:
        async with client:
            accepted = await send_messages.asyncio(
                client=client,
                body=SendMessagesRequest(
                    to=[AddressRecipient(address="+12025550100", channel="PHONE")],
                    content=HELLO,
                ),
            )
            assert isinstance(accepted, AcceptedOperation)
            operation = await fetch_message_operation.asyncio_wait(
                present(accepted.operation_id), client=client, poll_interval=0.01
            )
            assert operation.stats.total == 1
            [message] = await list_messages.asyncio_wait_and_find(
                operation.id, client=client, timeout=10, poll_interval=0.01
            )
            fetched = await fetch_message.asyncio(message.id, client=client)
            assert isinstance(fetched, Message)
            assert present(present(fetched.attempts)[0].id).startswith("SM")

    asyncio.run(run())
