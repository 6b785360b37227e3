"""JSON as the run reads a target's answer: an object with a key twice is not JSON (which value
a client reads is then up to its parser), nor is a text nested too deep to parse."""

from __future__ import annotations

import json
from typing import Any


def strict_loads(data: str | bytes) -> Any:
    """`data` parsed; ValueError when it is not JSON, has a key twice in one object, or nests
    too deep for the parser."""
    try:
        return json.loads(data, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise ValueError("nested too deep to parse") from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("a key twice in one object")
    return dict(pairs)
