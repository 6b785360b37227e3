"""What the spec's own extensions say about operations and their Operations.

`x-terminal-statuses`: which Operation statuses are final. The generated client's wait helpers
and the contract suite both poll until one of these, so adding a status is one spec edit.
`x-sends-messages`: which operations send Messages, which the contract suite's safety reads.
`x-read-only`: which POSTs only read (Search, Resolve take their query as a body), so the suite's
mutation guard and `--read-only` let them through like a GET.
`x-unique-items: true`: the array's items must be unique, exactly as JSON Schema's `uniqueItems`
(the emulator's validator enforces it). The spec says it this way because generators turn
`uniqueItems` into set types (typescript-fetch then calls `.map` on a `Set`); the suite's
overlay puts `uniqueItems` back for Schemathesis.
`x-inferred-reason`: why an inferred node (`x-provenance: inferred`), or an inferred rule of a
documented one, is what it is. Descriptions are for the SDK's users; this is for maintainers and
the drift report, and no generator prints it.
"""

from __future__ import annotations

from typing import Any

from comms_spec._operations import iter_operations

TERMINAL_STATUSES_KEY = "x-terminal-statuses"
SENDS_MESSAGES_KEY = "x-sends-messages"
READ_ONLY_KEY = "x-read-only"
UNIQUE_ITEMS_KEY = "x-unique-items"
INFERRED_REASON_KEY = "x-inferred-reason"
# How an inferred reason starts, wherever one is written (x-inferred-reason, x-inferred.<keyword>).
INFERRED_MARKER = "Inferred:"


def inferred_reason(node: dict[str, Any]) -> str | None:
    """The node's `x-inferred-reason`, when it is a non-empty string."""
    reason = node.get(INFERRED_REASON_KEY)
    return reason if isinstance(reason, str) and reason.strip() else None


def terminal_statuses(spec: dict[str, Any]) -> frozenset[str]:
    """Every status any Operation schema declares terminal."""
    return frozenset(
        status
        for schema in spec.get("components", {}).get("schemas", {}).values()
        for status in schema.get(TERMINAL_STATUSES_KEY, ())
    )


def sending_op_ids(spec: dict[str, Any]) -> frozenset[str]:
    """The operations marked `x-sends-messages`: calling them messages real people."""
    return frozenset(
        op.op_id for op in iter_operations(spec) if op.node.get(SENDS_MESSAGES_KEY) is True
    )


def read_only_op_ids(spec: dict[str, Any]) -> frozenset[str]:
    """The operations that change nothing: every GET, and the POSTs marked `x-read-only`."""
    return frozenset(
        op.op_id
        for op in iter_operations(spec)
        if op.method == "get" or op.node.get(READ_ONLY_KEY) is True
    )
