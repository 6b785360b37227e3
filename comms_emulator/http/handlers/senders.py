"""The account's sender inventory (read-only, as in the API): list, fetch, Search, Resolve."""

from __future__ import annotations

from typing import Any

from comms_emulator.http.handlers._call import Call, list_reply
from comms_emulator.http.render import resolved_sender_json, sender_json
from comms_emulator.http.reply import Reply
from comms_emulator.models.messaging import From
from comms_emulator.models.routing import ChannelControl, Recipient


def list_senders(call: Call) -> Reply:
    return list_reply(call, call.account.list_senders(call.filters), sender_json)


def fetch_sender(call: Call) -> Reply:
    return Reply(200, sender_json(call.account.sender(call.path("senderId"))))


def search_senders(call: Call) -> Reply:
    # The body's address, channel and status are list filters; its paging fields page it.
    return list_reply(call, call.account.list_senders(call.filters), sender_json)


def resolve_senders(call: Call) -> Reply:
    body = call.body
    recipients = [Recipient(r["address"], r["channel"]) for r in body["recipientAddresses"]]
    # The spec's `results.maxItems`: no recipient needs a deeper ranking than the whole answer.
    results_schema = call.world.contract.schema("ResolveSendersResponse")["properties"]["results"]
    limit: int | None = results_schema.get("maxItems")
    rankings = call.account.messages.resolve(
        recipients,
        From(sender_pool_id=body.get("senderPoolId")),
        call.world.rcs_capable,
        _channel_control(body.get("channels") or {}),
        depth=limit,
    )
    ranked = [
        (priority, index, recipient, sender)
        for index, (recipient, ranking) in enumerate(zip(recipients, rankings, strict=True))
        for priority, sender in enumerate(ranking, start=1)
    ]
    # The best results first (lower priority, then the recipients' order), as many as the
    # spec's `results.maxItems` allows.
    ranked.sort(key=lambda result: result[:2])
    results = [
        resolved_sender_json(sender, recipient, priority)
        for priority, _, recipient, sender in ranked[:limit]
    ]
    return Reply(200, {"results": results})


def _channel_control(channels: dict[str, Any]) -> ChannelControl:
    filter_in = channels.get("filterIn")
    return ChannelControl(
        None if filter_in is None else frozenset(filter_in),
        {entry["channel"]: entry["priority"] for entry in channels.get("priority", [])},
    )
