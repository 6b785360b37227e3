"""What the spec's own extensions say about operations and their Operations.

`x-terminal-statuses`: which Operation statuses are final. The generated client's wait helpers
and the contract suite both poll until one of these, so adding a status is one spec edit.
`x-sends-messages`: which operations send Messages, which the contract suite's safety reads.
`x-read-only`: which POSTs only read (Search, Resolve take their query as a body), so the suite's
mutation guard and `--read-only` let them through like a GET.
"""

from __future__ import annotations

from typing import Any

from comms_spec._operations import iter_operations

TERMINAL_STATUSES_KEY = "x-terminal-statuses"
SENDS_MESSAGES_KEY = "x-sends-messages"
READ_ONLY_KEY = "x-read-only"


def terminal_statuses(spec: dict[str, Any]) -> frozenset[str]:
    """Every status any Operation schema declares terminal."""
    return frozenset(
        status
        for schema in spec.get("components", {}).get("schemas", {}).values()
        for status in schema.get(TERMINAL_STATUSES_KEY, ())
    )


def sending_operation_ids(spec: dict[str, Any]) -> frozenset[str]:
    """The operations marked `x-sends-messages`: calling them messages real people."""
    return frozenset(
        op.operation_id for op in iter_operations(spec) if op.node.get(SENDS_MESSAGES_KEY) is True
    )


def read_only_operation_ids(spec: dict[str, Any]) -> frozenset[str]:
    """The operations that change nothing: every GET, and the POSTs marked `x-read-only`."""
    return frozenset(
        op.operation_id
        for op in iter_operations(spec)
        if op.method == "get" or op.node.get(READ_ONLY_KEY) is True
    )
