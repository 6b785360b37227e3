"""Which Operation statuses are final, as the spec's `x-terminal-statuses` says.

The generated client's wait helpers and the contract suite both poll until one of these, so
adding a status (say, Messages' SCHEDULED) is one spec edit.
"""

from __future__ import annotations

from typing import Any

TERMINAL_STATUSES_KEY = "x-terminal-statuses"


def terminal_statuses(spec: dict[str, Any]) -> frozenset[str]:
    """Every status any Operation schema declares terminal."""
    return frozenset(
        status
        for schema in spec.get("components", {}).get("schemas", {}).values()
        for status in schema.get(TERMINAL_STATUSES_KEY, ())
    )
