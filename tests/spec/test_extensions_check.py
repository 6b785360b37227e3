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
    from comms_spec import sending_operation_ids

    assert sending_operation_ids(spec) == {"sendMessages"}
