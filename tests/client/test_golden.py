"""Golden behaviour of the generated code where generators often go wrong, pinned on the wire
format rather than on the source text (freshness already pins the text)."""

from __future__ import annotations

import json
import typing

import httpx
from twilio_comms_sender_pools import Client
from twilio_comms_sender_pools.api.sender_pools import (
    add_sender_pool_senders,
    create_sender_pool,
    fetch_sender_pool,
)
from twilio_comms_sender_pools.models import (
    AcceptedOperation,
    CommsError,
    Sender,
    SenderPool,
    SenderReference,
    Tags,
)

POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"
SENDER = "comms_sender_01h9krwprkeee8fzqspvwy6nq8"


def _client(handler: typing.Callable[[httpx.Request], httpx.Response]) -> Client:
    client = Client(base_url="https://comms.example/v1")
    client.set_httpx_client(
        httpx.Client(transport=httpx.MockTransport(handler), base_url="https://comms.example/v1")
    )
    return client


def test_add_senders_sends_a_top_level_array() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            202,
            json={
                "operationId": "comms_operation_01h9krwprkeee8fzqspvwy6nq8",
                "operationLocation": "https://x/op",
            },
            headers={"Location": "https://x/op"},
        )

    with _client(handler) as client:
        response = add_sender_pool_senders.sync_detailed(
            POOL, client=client, body=[SenderReference(sender_id=SENDER)]
        )
    assert json.loads(sent[0].content) == [{"senderId": SENDER}]
    assert sent[0].url.path == f"/v1/SenderPools/{POOL}/Senders"
    assert isinstance(response.parsed, AcceptedOperation)
    assert response.headers["Location"] == response.parsed.operation_location


def test_display_name_is_nullable_and_round_trips_null() -> None:
    payload: dict[str, object] = {
        "id": SENDER,
        "displayName": None,
        "address": "+1",
        "channel": "SMS",
        "status": "ACTIVATED",
        "tags": {},
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z",
    }
    sender = Sender.from_dict(payload)
    assert sender.display_name is None
    assert sender.to_dict()["displayName"] is None
    assert "None" in str(Sender.__annotations__["display_name"])  # typed nullable


def test_tags_are_a_string_map() -> None:
    tags = Tags.from_dict({"env": "prod", "region": "eu"})
    assert tags["env"] == "prod"
    assert "region" in tags
    assert tags.to_dict() == {"env": "prod", "region": "eu"}
    pool = SenderPool.from_dict(
        {
            "id": POOL,
            "name": "p",
            "tags": {"a": "b"},
            "createdAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z",
        }
    )
    assert pool.tags.additional_properties == {"a": "b"}


def test_create_body_serialises_tags_and_senders() -> None:
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(
            400,
            json={
                "code": 20400,
                "message": "bad",
                "status": 400,
                "details": [{"message": "m", "location": "body"}],
            },
        )

    from twilio_comms_sender_pools.models import CreateSenderPoolRequest

    with _client(handler) as client:
        response = create_sender_pool.sync_detailed(
            client=client,
            body=CreateSenderPoolRequest(
                name="n",
                tags=Tags.from_dict({"k": "v"}),
                senders=[SenderReference(sender_id=SENDER)],
            ),
        )
    assert json.loads(sent[0]) == {
        "name": "n",
        "tags": {"k": "v"},
        "senders": [{"senderId": SENDER}],
    }
    assert isinstance(response.parsed, CommsError)
    assert (response.parsed.code, response.parsed.status) == (20400, 400)
    assert response.parsed.details[0].location == "body"  # type: ignore[index]


def test_error_bodies_parse_on_every_declared_error_status() -> None:
    for status in (400, 401, 404, 429, 500, 503):

        def handler(request: httpx.Request, status: int = status) -> httpx.Response:
            return httpx.Response(
                status, json={"code": status * 100, "message": "x", "status": status}
            )

        with _client(handler) as client:
            parsed = fetch_sender_pool.sync_detailed(POOL, client=client).parsed
        assert isinstance(parsed, CommsError), status
        assert parsed.status == status


def test_send_puts_from_on_the_wire_in_either_form() -> None:
    from twilio_comms_sender_pools.models import (
        AddressFrom,
        AddressRecipient,
        ConnectedAddressRecipient,
        MessageContentTextWithMedia,
        MessageSenderChannel,
        ProfileRecipient,
        SenderPoolFrom,
        SendMessagesRequest,
    )

    to: list[AddressRecipient | ConnectedAddressRecipient | ProfileRecipient] = [
        AddressRecipient(address="+19143188062", channel="PHONE")
    ]
    content = MessageContentTextWithMedia(text="Hello, World!")
    pooled = SendMessagesRequest(to=to, content=content, from_=SenderPoolFrom(sender_pool_id=POOL))
    assert pooled.to_dict() == {
        "to": [{"address": "+19143188062", "channel": "PHONE"}],
        "content": {"text": "Hello, World!"},
        "from": {"senderPoolId": POOL},
    }
    direct = SendMessagesRequest(
        to=to, content=content, from_=AddressFrom(address="+1", channel=MessageSenderChannel.RCS)
    )
    assert direct.to_dict()["from"] == {"address": "+1", "channel": "RCS"}
    assert "from" not in SendMessagesRequest(to=to, content=content).to_dict()
    parsed = SendMessagesRequest.from_dict(
        {**pooled.to_dict(), "from": {"address": "a", "channel": "SMS"}}
    )
    assert isinstance(parsed.from_, AddressFrom)


def test_a_message_without_a_pool_parses() -> None:
    from twilio_comms_sender_pools.models import MessageMetadata
    from twilio_comms_sender_pools.types import UNSET

    payload: dict[str, object] = {
        "id": "comms_message_01h2xcejqtf2nbrexx3vqjhp41",
        "from": {"senderId": SENDER, "address": "+1", "channel": "SMS"},
        "to": [{"address": "+2", "channel": "PHONE"}],
        "status": "SENT",
        "related": [],
        "tags": {},
        "scheduledFor": None,
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-01T00:00:00Z",
        "deletedAt": None,
    }
    message = MessageMetadata.from_dict(payload)
    assert message.from_.sender_pool_id is UNSET
    assert message.deleted_at is None
    round_trip = message.to_dict()
    assert round_trip["from"] == payload["from"]
    assert (round_trip["scheduledFor"], round_trip["deletedAt"]) == (None, None)
