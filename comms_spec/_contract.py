"""The contract: the spec read once, with everything the kit asks of it.

Composition roots (the emulator's CLI, the conformance runner, test fixtures) build one
`Contract` and hand it down; nothing else loads the spec or copies a value it holds. What the
layers need (routing, schemas, defaults, enums, list envelopes, stats counters, which
operations send Messages) is answered here, from the document, so a spec edit is the only edit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from comms_spec._extensions import (
    read_only_op_ids,
    sending_op_ids,
    terminal_statuses,
)
from comms_spec._load import load_spec, spec_path
from comms_spec._operations import (
    SpecOperation,
    iter_operations,
    request_schema,
    response_schema,
)
from comms_spec._overlay import suite_document
from comms_spec._refs import inline_refs, resolve
from comms_spec._router import Router

if TYPE_CHECKING:  # jsonschema is imported on first use: it is a third of the emulator's start-up
    from jsonschema import Draft202012Validator

    from comms_spec._conformance import ResponseConformance

# The literal head of an anchored pattern: `^comms_senderpool_[0-7]...` -> `comms_senderpool_`.
_LITERAL_HEAD = re.compile(r"\^([A-Za-z0-9_]+)")
CODE_BY_STATUS = "x-code-by-status"


@dataclass(frozen=True)
class SpecLink:
    source: str  # operationId
    status: str
    name: str
    target: str  # operationId
    parameters: tuple[tuple[str, str], ...]  # (target parameter, runtime expression), sorted


class Contract:
    def __init__(self, document: dict[str, Any], path: Path | None = None) -> None:
        self.document = document
        self.path = path  # the file it was read from, for tools that read the file themselves
        self.operations: tuple[SpecOperation, ...] = tuple(iter_operations(document))
        self._by_id = {op.op_id: op for op in self.operations}
        self.router = Router(self.operations)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Contract:
        """The contract in a spec file (default: `COMMS_SPEC_PATH`, else the kit's own)."""
        resolved = Path(path) if path is not None else spec_path()
        return cls(load_spec(resolved), resolved)

    def __repr__(self) -> str:
        return f"Contract({self.path or '<document>'}, {len(self.operations)} operations)"

    # --- operations --------------------------------------------------------------------------

    def operation(self, op_id: str) -> SpecOperation:
        try:
            return self._by_id[op_id]
        except KeyError:
            raise KeyError(f"the spec has no operation {op_id!r}") from None

    @property
    def op_ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    @functools.cached_property
    def api_versions(self) -> tuple[str, ...]:
        """The first path segment every server serves (`v1`, `preview`), from `servers`: the
        last segment of each server URL (a `{version}` variable counts each value it allows)."""
        versions: list[str] = []
        for server in self.document.get("servers", []):
            variable = server.get("variables", {}).get("version")
            if variable:
                found = list(variable.get("enum", [variable.get("default")]))
            else:
                found = [urlsplit(server.get("url", "")).path.rstrip("/").rpartition("/")[2]]
            for value in found:
                if value and value not in versions:
                    versions.append(value)
        return tuple(versions)

    @functools.cached_property
    def suite(self) -> Contract:
        """This contract as the contract suite reads it: the suite overlay applied
        (`spec/overlays/suite.yaml`: link request bodies, `uniqueItems` for the fuzzer)."""
        return Contract(suite_document(self.document))

    @functools.cached_property
    def sending_op_ids(self) -> frozenset[str]:
        return sending_op_ids(self.document)

    @functools.cached_property
    def read_only_op_ids(self) -> frozenset[str]:
        """Operations that change nothing on the target: GETs and the `x-read-only` POSTs."""
        return read_only_op_ids(self.document)

    @functools.cached_property
    def terminal_statuses(self) -> frozenset[str]:
        return terminal_statuses(self.document)

    # --- schemas -----------------------------------------------------------------------------

    def schema(self, name: str) -> dict[str, Any]:
        """A named component schema, `$ref` followed."""
        return dict(resolve(self.document, self.document["components"]["schemas"][name]))

    def enum(self, schema_name: str) -> tuple[str, ...]:
        return tuple(self.schema(schema_name)["enum"])

    def required(self, schema_name: str) -> tuple[str, ...]:
        """The required properties of a schema, in the spec's order."""
        return tuple(self.schema(schema_name).get("required", ()))

    def id_prefix(self, schema_name: str) -> str:
        """The literal prefix an ID schema's pattern starts with (`comms_senderpool_`)."""
        matched = _LITERAL_HEAD.match(self.schema(schema_name).get("pattern", ""))
        if matched is None:
            raise ValueError(f"schema {schema_name} has no anchored literal prefix")
        return matched.group(1)

    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        """A compiled validator for a node of this spec (local `$ref`s resolve into it)."""
        from comms_spec._validation import schema_validator

        return schema_validator(self.document, schema)

    def request_schema(self, op_id: str) -> dict[str, Any] | None:
        return request_schema(self.document, self.operation(op_id))

    def body_properties(self, op_id: str) -> dict[str, dict[str, Any]]:
        """The properties of an object request body, each `$ref` followed (empty: none)."""
        schema = resolve(self.document, self.request_schema(op_id) or {})
        return {
            name: dict(resolve(self.document, prop))
            for name, prop in schema.get("properties", {}).items()
        }

    def response_schema(self, op_id: str, status: int | str) -> dict[str, Any] | None:
        return response_schema(self.document, self.operation(op_id), status)

    def parameter_default(self, op_id: str, name: str, location: str = "query") -> Any:
        param = self.operation(op_id).parameter(location, name)
        if param is None:
            raise KeyError(f"{op_id} has no {location} parameter {name!r}")
        return resolve(self.document, param.get("schema", {})).get("default")

    def declared_statuses(self, op_id: str) -> tuple[int, ...]:
        responses = self.operation(op_id).node.get("responses", {})
        return tuple(sorted(int(s) for s in responses if str(s).isdigit()))

    def error_statuses(self, op_id: str) -> tuple[int, ...]:
        return tuple(s for s in self.declared_statuses(op_id) if s >= 400)

    @functools.cached_property
    def error_codes(self) -> dict[int, int]:
        """HTTP status -> the `code` an error body carries (the `CommsError` schema's
        `x-code-by-status`); empty when the spec names none."""
        code = resolve(
            self.document, self.schema("CommsError").get("properties", {}).get("code", {})
        )
        return {int(status): int(value) for status, value in code.get(CODE_BY_STATUS, {}).items()}

    @functools.cached_property
    def list_keys(self) -> dict[str, str]:
        """operationId -> the array a paginated list's 200 body pages through."""
        keys: dict[str, str] = {}
        for op in self.operations:
            schema = resolve(self.document, response_schema(self.document, op, 200) or {})
            properties = schema.get("properties", {})
            arrays = [
                name
                for name, prop in properties.items()
                if resolve(self.document, prop).get("type") == "array"
            ]
            if "pagination" in properties and len(arrays) == 1:
                keys[op.op_id] = arrays[0]
        return keys

    @functools.cached_property
    def enum_fields(self) -> dict[str, tuple[str, ...]]:
        """Property name -> every value its enums allow, over all schemas and parameters
        (`channel`, `status`, ...): what a coverage report counts as sent and received."""
        found: dict[str, set[str]] = {}

        def walk(node: Any, name: str | None) -> None:
            if isinstance(node, dict):
                if name is not None and isinstance(node.get("enum"), list):
                    found.setdefault(name, set()).update(str(v) for v in node["enum"])
                properties = node.get("properties")
                for key, value in (properties if isinstance(properties, dict) else {}).items():
                    walk(value, key)
                for key, value in node.items():
                    if key != "properties":
                        walk(value, name if key in ("items", "allOf", "anyOf", "oneOf") else None)
            elif isinstance(node, list):
                for item in node:
                    walk(item, name)

        walk(inline_refs(self.document, self.document.get("components", {})), None)
        for op in self.operations:
            for param in op.parameters:
                walk(resolve(self.document, param.get("schema", {})), param["name"])
        return {name: tuple(sorted(values)) for name, values in sorted(found.items())}

    @functools.cached_property
    def links(self) -> tuple[SpecLink, ...]:
        """Every response link: source operation and status, name, target and the runtime
        expressions (`$response.body#/id`) that fill the target's parameters."""
        found = []
        for op in self.operations:
            for status, response in op.node.get("responses", {}).items():
                for name, link in resolve(self.document, response).get("links", {}).items():
                    link = resolve(self.document, link)
                    found.append(
                        SpecLink(
                            op.op_id,
                            str(status),
                            name,
                            link["operationId"],
                            tuple(sorted(link.get("parameters", {}).items())),
                        )
                    )
        return tuple(found)

    @functools.cached_property
    def conformance(self) -> ResponseConformance:
        """The response judge (built on first use: it compiles a validator per response)."""
        from comms_spec._conformance import ResponseConformance

        return ResponseConformance(self.document, list(self.operations))
