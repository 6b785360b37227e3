"""Which spec operation a concrete request is (for validation and for the drift report)."""

from __future__ import annotations

import re
from typing import Any

from comms_spec import iter_operations


class OperationRouter:
    def __init__(self, spec: dict[str, Any]) -> None:
        entries = []
        for op in iter_operations(spec):
            pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", op.path)
            literal_first = [(s.startswith("{"), s) for s in op.path.split("/")]
            entries.append(
                (literal_first, op.method.upper(), re.compile(f"^{pattern}$"), op.operation_id)
            )
        self._entries = [(m, p, o) for _, m, p, o in sorted(entries, key=lambda e: e[0])]

    def operation_id(self, method: str, api_path: str) -> str | None:
        """`api_path` is relative to the version prefix, e.g. /SenderPools/comms_senderpool_x."""
        matched_path = None
        for entry_method, pattern, operation_id in self._entries:
            if matched_path is not None and pattern.pattern != matched_path:
                break  # past the first matching template: its methods have all been seen
            if pattern.match(api_path):
                matched_path = pattern.pattern
                if entry_method == method.upper():
                    return operation_id
        return None
