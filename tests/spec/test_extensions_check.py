from __future__ import annotations

from typing import Any

import pytest

from comms_spec.checks import check_extensions
from tests.spec.helpers import messages, operation

OPERATION = "SenderPoolOperation"


def test_the_specs_extensions_are_well_formed(spec: dict[str, Any]) -> None:
    assert check_extensions(spec) == []


@pytest.mark.parametrize(
    ("terminal", "message"),
    [
        (["COMPLETED", "FINISHED"], "lists ['FINISHED']"),
        (["PROCESSING", "COMPLETED", "CANCELED"], "leaves no in-progress status"),
        ([], "non-empty list"),
        ("COMPLETED", "non-empty list"),
    ],
)
def test_bad_terminal_statuses_are_reported(
    spec: dict[str, Any], terminal: object, message: str
) -> None:
    spec["components"]["schemas"][OPERATION]["x-terminal-statuses"] = terminal
    assert message in messages(check_extensions(spec))


def test_terminal_statuses_need_a_required_status_enum(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["SenderPool"]
    schema["x-terminal-statuses"] = ["COMPLETED"]
    assert "needs a `status` property that is an enum" in messages(check_extensions(spec))
    spec["components"]["schemas"][OPERATION]["required"].remove("status")
    assert "needs `status` to be required" in messages(check_extensions(spec))


def test_sends_messages_must_be_true_on_a_post(spec: dict[str, Any]) -> None:
    send = operation(spec, "sendMessages")
    send["x-sends-messages"] = "yes"
    assert "x-sends-messages must be true" in messages(check_extensions(spec))
    send["x-sends-messages"] = True
    operation(spec, "listMessages")["x-sends-messages"] = True
    assert "belongs on a POST" in messages(check_extensions(spec))


def test_the_send_operation_is_marked(spec: dict[str, Any]) -> None:
    from comms_spec import sending_op_ids

    assert sending_op_ids(spec) == {"sendMessages"}


def test_read_only_must_be_true_on_a_post_that_sends_nothing(spec: dict[str, Any]) -> None:
    search = operation(spec, "searchSenders")
    search["x-read-only"] = "yes"
    assert "x-read-only must be true" in messages(check_extensions(spec))
    search["x-read-only"] = True
    operation(spec, "listSenders")["x-read-only"] = True
    assert "x-read-only belongs on a POST" in messages(check_extensions(spec))
    del operation(spec, "listSenders")["x-read-only"]
    operation(spec, "sendMessages")["x-read-only"] = True
    assert "x-read-only on an operation that sends Messages" in messages(check_extensions(spec))


def test_the_read_only_operations_are_the_gets_search_and_resolve(spec: dict[str, Any]) -> None:
    from comms_spec import iter_operations, read_only_op_ids

    gets = {op.op_id for op in iter_operations(spec) if op.method == "get"}
    assert read_only_op_ids(spec) == gets | {"searchSenders", "resolveSenders"}
    del operation(spec, "resolveSenders")["x-read-only"]
    assert "resolveSenders" not in read_only_op_ids(spec)
