"""Messages and Message Operations: sends, and reading what they produced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from comms_emulator.http.handlers._call import Call, Reply, accepted, list_reply
from comms_emulator.http.handlers.operations import list_operations
from comms_emulator.http.render import (
    full_message_json,
    message_json,
    message_operation_json,
    message_operation_url,
)
from comms_emulator.models.messaging import From
from comms_emulator.models.records import Message
from comms_emulator.models.routing import Recipient


def send_messages(call: Call) -> Reply:
    body = call.body
    source = body.get("from") or {}
    operation = call.account.messages.send(
        recipients=[Recipient(r["address"], r["channel"]) for r in body["to"]],
        content=body["content"],
        tags=body.get("tags", {}),
        source=From(source.get("senderPoolId"), source.get("address"), source.get("channel")),
        rcs_capable=call.world.rcs_capable,
        progression=call.world.progression,
    )
    return accepted(operation.id, message_operation_url(call.api_base, operation.id))


def _tag_filter(text: str) -> dict[str, str]:
    """`region:EMEA;campaign:BUY_STUFF;` -> {"region": "EMEA", "campaign": "BUY_STUFF"}."""
    return dict(pair.split(":", 1) for pair in text.split(";") if pair)


def list_messages(call: Call) -> Reply:
    query = call.request.query
    book = call.account.messages
    operation_id = query.get("operationId")
    index = book.by_operation.get(operation_id, ()) if operation_id else book.index
    conditions: list[Callable[[Message], bool]] = []
    if "sessionId" in query or "profile" in query:
        # The emulator keeps no sessions or profiles, so those filters match nothing.
        conditions.append(lambda message: False)
    if "channel" in query:
        conditions.append(lambda message: message.from_channel == query["channel"])
    if "status" in query:
        conditions.append(lambda message: message.status == query["status"])
    if "tags" in query:
        tags = _tag_filter(query["tags"]).items()
        conditions.append(lambda message: all(message.tags.get(k) == v for k, v in tags))

    def matches(message: Message) -> bool:
        return all(condition(message) for condition in conditions)

    filters: dict[str, Any] = {
        name: query.get(name)
        for name in ("operationId", "sessionId", "profile", "channel", "status", "tags")
    }
    return list_reply(
        call,
        "messages",
        index,
        lambda message: message_json(message, call.api_base),
        filters,
        matches if conditions else None,
    )


def fetch_message(call: Call) -> Reply:
    message = call.account.messages.message(call.path("messageId"))
    return Reply(200, full_message_json(message, call.api_base))


def list_message_operations(call: Call) -> Reply:
    return list_operations(call, call.account.messages.operation_index, message_operation_json)


def fetch_message_operation(call: Call) -> Reply:
    operation = call.account.messages.poll(call.path("operationId"), call.world.progression)
    return Reply(200, message_operation_json(operation))
