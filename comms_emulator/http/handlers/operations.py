"""Operations: the progress of creates and add-senders."""

from __future__ import annotations

from comms_emulator.http.handlers._call import Call, list_reply
from comms_emulator.http.render import operation_json
from comms_emulator.http.reply import Reply


def list_sender_pool_operations(call: Call) -> Reply:
    return list_reply(call, call.account.list_operations(call.filters), operation_json)


def fetch_sender_pool_operation(call: Call) -> Reply:
    operation = call.account.poll(call.path("operationId"), call.world.progression)
    return Reply(200, operation_json(operation))
