"""The operations of the spec, with path-level and operation-level parameters merged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from comms_spec._refs import resolve

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    operation_id: str
    node: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]

    def parameter(self, location: str, name: str) -> dict[str, Any] | None:
        for param in self.parameters:
            if param["in"] == location and param["name"] == name:
                return param
        return None

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.operation_id})"


def iter_operations(spec: dict[str, Any]) -> Iterator[Operation]:
    for path, item in spec.get("paths", {}).items():
        shared = [resolve(spec, p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            node = item.get(method)
            if node is None:
                continue
            own = [resolve(spec, p) for p in node.get("parameters", [])]
            # An operation-level parameter overrides a path-level one of the same name and place.
            keys = {(p["in"], p["name"]) for p in own}
            merged = [p for p in shared if (p["in"], p["name"]) not in keys] + own
            yield Operation(path, method, node.get("operationId", ""), node, tuple(merged))


def operations_by_id(spec: dict[str, Any]) -> dict[str, Operation]:
    return {op.operation_id: op for op in iter_operations(spec)}
