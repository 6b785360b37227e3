"""Messages and Message Operations: sends, and reading what they produced."""

from __future__ import annotations

from typing import Any

from comms_emulator.http.errors import Problem, bad_request
from comms_emulator.http.handlers._call import Call, accepted, list_reply
from comms_emulator.http.render import (
    full_message_json,
    message_json,
    message_operation_json,
    message_operation_url,
)
from comms_emulator.http.reply import Reply
from comms_emulator.models.messaging import From
from comms_emulator.models.profiles import PROFILE_CHANNEL, profile_address
from comms_emulator.models.routing import Addressee, Recipient
from comms_spec import parse_rfc3339_ms


def send_messages(call: Call) -> Reply:
    body = call.body
    source = body.get("from") or {}
    operation = call.account.messages.send(
        recipients=[_addressee(item) for item in body["to"]],
        content=body["content"],
        tags=body.get("tags", {}),
        source=From(source.get("senderPoolId"), source.get("address"), source.get("channel")),
        rcs_capable=call.world.rcs_capable,
        progression=call.world.progression,
        send_at_ms=_send_at(body.get("schedule")),
    )
    return accepted(operation.id, message_operation_url(call.api_base, operation.id))


def _addressee(item: dict[str, Any]) -> Addressee:
    """One `to` item (validated: exactly one of the spec's three recipient forms)."""
    variables = item.get("variables")
    if "profileId" in item:
        # No Memory store here: the profile's stand-in address (models.profiles).
        address = Recipient(profile_address(item["profileId"]), PROFILE_CHANNEL)
        return Addressee((address,), item["profileId"], item["memoryStoreId"], variables)
    if "addresses" in item:
        addresses = tuple(Recipient(a["address"], a["channel"]) for a in item["addresses"])
        return Addressee(addresses, variables=variables)
    return Addressee((Recipient(item["address"], item["channel"]),), variables=variables)


def list_messages(call: Call) -> Reply:
    messages = call.account.messages.list_messages(call.filters)
    return list_reply(call, messages, lambda message: message_json(message, call.api_base))


def fetch_message(call: Call) -> Reply:
    message = call.account.messages.message(call.path("messageId"))
    return Reply(200, full_message_json(message, call.api_base))


def list_message_operations(call: Call) -> Reply:
    operations = call.account.messages.list_operations(call.filters)
    return list_reply(call, operations, message_operation_json)


def fetch_message_operation(call: Call) -> Reply:
    operation = call.account.messages.poll(call.path("operationId"), call.world.progression)
    return Reply(200, message_operation_json(operation))


def _send_at(schedule: dict[str, Any] | None) -> int | None:
    """The time a scheduled send names (the schema allows exactly one), or None."""
    if schedule is None:
        return None
    [send_at] = schedule["sendAt"]
    try:
        return parse_rfc3339_ms(send_at)
    except (ValueError, OverflowError):
        raise bad_request(
            f"Invalid schedule.sendAt {send_at!r}: not an RFC 3339 date-time",
            [Problem("not an RFC 3339 date-time", "body.schedule.sendAt")],
        ) from None
