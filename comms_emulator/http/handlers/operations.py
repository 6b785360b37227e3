"""SenderPool Operations: the progress of creates and of add-senders."""

from __future__ import annotations

from comms_emulator.http.handlers._call import Call, Reply, list_reply
from comms_emulator.http.render import operation_json
from comms_emulator.models.records import Operation


def list_sender_pool_operations(call: Call) -> Reply:
    status = call.request.query.get("status")

    def matches(operation: Operation) -> bool:
        return operation.status == status

    return list_reply(
        call,
        "operations",
        call.account.operation_index,
        operation_json,
        {"status": status},
        None if status is None else matches,
    )


def fetch_sender_pool_operation(call: Call) -> Reply:
    operation = call.account.poll(call.path("operationId"), call.world.progression)
    return Reply(200, operation_json(operation))
