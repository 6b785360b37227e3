"""Operations: the progress of creates and add-senders (and, through `list_operations`, of
sends)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from comms_emulator.http.handlers._call import Call, Reply, list_reply
from comms_emulator.http.render import operation_json
from comms_emulator.models.records import Listable


class _Operation(Listable, Protocol):
    status: str


T = TypeVar("T", bound=_Operation)


def list_operations(call: Call, index: Iterable[T], render: Callable[[T], dict[str, Any]]) -> Reply:
    """Any Operations listing: one page of `index`, filtered by `?status=`."""
    status = call.request.query.get("status")

    def matches(operation: T) -> bool:
        return operation.status == status

    return list_reply(
        call, "operations", index, render, {"status": status}, None if status is None else matches
    )


def list_sender_pool_operations(call: Call) -> Reply:
    return list_operations(call, call.account.operation_index, operation_json)


def fetch_sender_pool_operation(call: Call) -> Reply:
    operation = call.account.poll(call.path("operationId"), call.world.progression)
    return Reply(200, operation_json(operation))
