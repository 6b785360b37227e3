"""The account's sender inventory (read-only, as in the API)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from comms_emulator.http.handlers._call import Call, Reply, list_reply
from comms_emulator.http.render import sender_json
from comms_emulator.models.records import Sender


def sender_filters(call: Call) -> tuple[dict[str, Any], Callable[[Sender], bool] | None]:
    """The `channel` and `status` filters shared by both sender listings."""
    channel = call.request.query.get("channel")
    status = call.request.query.get("status")
    if channel is None and status is None:
        return {}, None

    def matches(sender: Sender) -> bool:
        return (channel is None or sender.channel == channel) and (
            status is None or sender.status == status
        )

    return {"channel": channel, "status": status}, matches


def list_senders(call: Call) -> Reply:
    filters, matches = sender_filters(call)
    return list_reply(call, "senders", call.account.sender_index, sender_json, filters, matches)


def fetch_sender(call: Call) -> Reply:
    return Reply(200, sender_json(call.account.sender(call.path("senderId"))))
