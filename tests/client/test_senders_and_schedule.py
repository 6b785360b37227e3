"""The generated client's Search, Resolve and scheduled sends against the emulator (scheduling on
the emulator's injected clock: nothing sleeps)."""

from __future__ import annotations

import datetime

import pytest
from twilio_comms_sender_pools.api.messages import (
    fetch_message,
    fetch_message_operation,
    list_messages,
    send_messages,
)
from twilio_comms_sender_pools.api.senders import list_senders, resolve_senders, search_senders
from twilio_comms_sender_pools.errors import ApiError
from twilio_comms_sender_pools.models import (
    AddressRecipient,
    CommunicationOperationStatus,
    MessageContentTextWithMedia,
    MessageSchedule,
    MessageStatus,
    ResolveSendersRequest,
    SearchSendersRequest,
    SenderChannelControl,
    SenderCommunicationChannel,
    SenderList,
    SenderStatus,
    SendMessagesRequest,
)
from twilio_comms_sender_pools.types import present

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.models.clock import ManualClock
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from tests.client.conftest import Emulated

HELLO = MessageContentTextWithMedia(text="Hello, World!")
PHONE = AddressRecipient(address="+12025550100", channel="PHONE")


def test_search_finds_a_sender_by_address_and_channel(emulated: Emulated) -> None:
    with emulated.client() as client:
        sender = next(iter(list_senders.sync_all(client=client, channel="SMS")))
        found = search_senders.call(
            client=client,
            body=SearchSendersRequest(
                address=sender.address, channel=SenderCommunicationChannel.SMS
            ),
        )
        assert isinstance(found, SenderList)
        # The list envelope's required list is inferred (phase A), so both fields are optional.
        assert [s.id for s in present(found.senders)] == [sender.id]
        assert present(found.pagination).next_ is None
        none = search_senders.call(
            client=client,
            body=SearchSendersRequest(
                address=sender.address, channel="SMS", status=SenderStatus.DEACTIVATED
            ),
        )
        assert none.senders == []


def test_resolve_names_the_sender_a_send_uses(emulated: Emulated) -> None:
    with emulated.client() as client:
        resolved = resolve_senders.call(
            client=client,
            body=ResolveSendersRequest(
                recipient_addresses=[PHONE],
                channels=SenderChannelControl(filter_in=[SenderCommunicationChannel.SMS]),
            ),
        )
        # Resolve's required lists are inferred, so the client types its fields optional.
        best = [r for r in present(resolved.results) if r.priority == 1]
        assert [present(r.to).address for r in best] == [PHONE.address]
        assert present(best[0].from_).channel == SenderCommunicationChannel.SMS
        accepted = send_messages.call(
            client=client, body=SendMessagesRequest(to=[PHONE], content=HELLO)
        )
        operation = fetch_message_operation.sync_wait(
            present(accepted.operation_id), client=client, poll_interval=0.01
        )
        [message] = list(list_messages.sync_all(client=client, operation_id=operation.id))
        assert message.from_.sender_id == present(best[0].from_).sender_id


def test_resolve_rejects_more_than_a_hundred_recipients(emulated: Emulated) -> None:
    with emulated.client() as client, pytest.raises(ApiError) as raised:
        resolve_senders.call(
            client=client, body=ResolveSendersRequest(recipient_addresses=[PHONE] * 101)
        )
    assert raised.value.status_code == 400


def test_a_scheduled_send_reads_back_scheduled_until_its_time(contract: Contract) -> None:
    clock = ManualClock()
    app = create_app(EmulatorConfig(self_check=True, clock=clock), contract)
    send_at = datetime.datetime.fromtimestamp(clock.now_ms() / 1000 + 3600, tz=datetime.UTC)
    with ThreadedEmulator(app) as server, Emulated(server.url).client() as client:
        body = SendMessagesRequest(
            to=[PHONE], content=HELLO, schedule=MessageSchedule(send_at=[send_at])
        )
        accepted = send_messages.call(client=client, body=body)
        operation = fetch_message_operation.call(present(accepted.operation_id), client=client)
        assert operation.status == CommunicationOperationStatus.SCHEDULED
        assert operation.stats.scheduled == 1
        [message] = list(list_messages.sync_all(client=client, operation_id=operation.id))
        assert message.status == MessageStatus.SCHEDULED
        assert message.scheduled_for == send_at
        assert present(fetch_message.call(message.id, client=client).attempts) == []
        clock.advance(3600)
        done = fetch_message_operation.call(operation.id, client=client)
        assert done.status == CommunicationOperationStatus.COMPLETED
        assert (done.stats.scheduled, done.stats.sent) == (0, 1)
        sent = fetch_message.call(message.id, client=client)
        assert (sent.status, sent.scheduled_for) == (MessageStatus.SENT, send_at)


def test_the_client_round_trips_a_schedule() -> None:
    send_at = datetime.datetime(2025, 3, 4, 9, tzinfo=datetime.UTC)
    body = SendMessagesRequest(
        to=[PHONE], content=HELLO, schedule=MessageSchedule(send_at=[send_at])
    )
    wire = body.to_dict()
    assert wire["schedule"] == {"sendAt": ["2025-03-04T09:00:00+00:00"]}
    assert SendMessagesRequest.from_dict(wire).to_dict() == wire
