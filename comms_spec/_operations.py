"""The spec's operations (`SpecOperation`, so the name never clashes with the API's own
Operation resource), with path- and operation-level parameters merged, and where each one's
request and response schemas are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from comms_spec._pointer import pointer
from comms_spec._refs import resolve

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA_TYPE = "application/json"


@dataclass(frozen=True)
class SpecOperation:
    path: str
    method: str
    op_id: str
    node: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]

    def parameter(self, location: str, name: str) -> dict[str, Any] | None:
        for param in self.parameters:
            if param["in"] == location and param["name"] == name:
                return param
        return None

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.op_id})"

    @property
    def pointer(self) -> str:
        """Where the operation is in the spec, e.g. `/paths/~1SenderPools/get`."""
        return pointer("paths", self.path, self.method)

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.node

    @property
    def provenance(self) -> str:
        return str(self.node.get("x-provenance", "documented"))


def iter_operations(spec: dict[str, Any]) -> Iterator[SpecOperation]:
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
            yield SpecOperation(path, method, node.get("operationId", ""), node, tuple(merged))


def operations_by_id(spec: dict[str, Any]) -> dict[str, SpecOperation]:
    return {op.op_id: op for op in iter_operations(spec)}


def json_media(spec: dict[str, Any], holder: Any) -> dict[str, Any] | None:
    """The JSON media object (schema, examples) of a request body or a response object."""
    if holder is None:
        return None
    media = resolve(spec, holder).get("content", {}).get(JSON_MEDIA_TYPE)
    return None if media is None else dict(media)


def request_media(spec: dict[str, Any], op: SpecOperation) -> dict[str, Any] | None:
    """The JSON media object of the request body, if the body is JSON."""
    return json_media(spec, op.node.get("requestBody"))


def response_media(
    spec: dict[str, Any], op: SpecOperation, status: str | int
) -> dict[str, Any] | None:
    """The JSON media object of one declared response, if that response has a JSON body."""
    return json_media(spec, op.node.get("responses", {}).get(str(status)))


def request_schema(spec: dict[str, Any], op: SpecOperation) -> dict[str, Any] | None:
    media = request_media(spec, op)
    return None if media is None else media.get("schema")


def response_schema(
    spec: dict[str, Any], op: SpecOperation, status: str | int
) -> dict[str, Any] | None:
    media = response_media(spec, op, status)
    return None if media is None else media.get("schema")
