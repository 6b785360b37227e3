"""SenderPool operations (moto's `responses` side for pools and their members)."""

from __future__ import annotations

from comms_emulator.http.handlers._call import Call, accepted, list_reply
from comms_emulator.http.render import (
    operation_url,
    pool_json,
    pool_url,
    sender_json,
    sender_url,
)
from comms_emulator.http.reply import Reply
from comms_emulator.models.records import PoolOperation


def _accepted(call: Call, operation: PoolOperation) -> Reply:
    return accepted(operation.id, operation_url(call.api_base, operation.id))


def _reference(resource_id: str, location: str, *, header: bool) -> Reply:
    return Reply(
        202,
        {"resourceId": resource_id, "resourceLocation": location},
        {"Location": location} if header else {},
    )


def list_sender_pools(call: Call) -> Reply:
    pools = call.account.list_pools(call.filters)
    return list_reply(call, pools, pool_json, call.renders)


def create_sender_pool(call: Call) -> Reply:
    body = call.body
    operation = call.account.create_pool(
        name=body.get("name", ""),
        tags=body.get("tags", {}),
        sender_ids=[s["senderId"] for s in body.get("senders", [])],
        progression=call.world.progression,
    )
    return _accepted(call, operation)


def fetch_sender_pool(call: Call) -> Reply:
    # The path mapping read directly, not through `call.path`: the API's most frequent
    # request, and a method call is a tenth of this handler's cost.
    return call.renders.reply(call.account.pool(call.request.path["senderPoolId"]))


def update_sender_pool(call: Call) -> Reply:
    pool_id = call.path("senderPoolId")
    call.account.update_pool(pool_id, call.body.get("name"), call.body.get("tags"))
    return _reference(pool_id, pool_url(call.api_base, pool_id), header=True)


def delete_sender_pool(call: Call) -> Reply:
    pool_id = call.path("senderPoolId")
    call.account.delete_pool(pool_id)
    return _reference(pool_id, pool_url(call.api_base, pool_id), header=False)


def list_sender_pool_senders(call: Call) -> Reply:
    members = call.account.list_pool_senders(call.path("senderPoolId"), call.filters)
    return list_reply(call, members, sender_json)


def add_sender_pool_senders(call: Call) -> Reply:
    operation = call.account.add_senders(
        call.path("senderPoolId"), [s["senderId"] for s in call.body], call.world.progression
    )
    return _accepted(call, operation)


def remove_sender_pool_sender(call: Call) -> Reply:
    sender_id = call.path("senderId")
    call.account.remove_sender(call.path("senderPoolId"), sender_id)
    return _reference(sender_id, sender_url(call.api_base, sender_id), header=False)
