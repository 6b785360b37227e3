"""Does a response conform to the spec? One judge for the emulator's self-check and the suite."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from jsonschema import Draft202012Validator

from comms_spec._operations import SpecOperation, iter_operations
from comms_spec._refs import inline_refs, resolve
from comms_spec._validation import schema_validator

# Names say what a passing check proves; the drift report groups findings by them.
STATUS_DOCUMENTED = "status_code_is_documented"
BODY_MATCHES_SCHEMA = "body_matches_schema"
HEADERS_PRESENT = "required_headers_present"
# Additive drift: the response carries more than the spec declares (the spec is stale).
UNDECLARED_FIELD = "no_undeclared_response_fields"
UNDECLARED_HEADER = "no_undeclared_response_headers"
# The most schema errors one body is judged by: a list of a million bad items is as much drift
# as one of twenty, and finding every error took minutes and gigabytes (10^6 empty objects).
MAX_SCHEMA_ERRORS = 20
# Headers any HTTP server or proxy may add; they say nothing about the API's contract.
TRANSPORT_HEADERS = frozenset(
    {
        "access-control-allow-credentials",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-allow-origin",
        "access-control-expose-headers",
        "age",
        "cache-control",
        "connection",
        "content-encoding",
        "content-length",
        "content-type",
        "date",
        "etag",
        "expires",
        "keep-alive",
        "pragma",
        "server",
        "strict-transport-security",
        "transfer-encoding",
        "vary",
        "via",
        "x-content-type-options",
        "x-frame-options",
        "x-request-id",
        "x-xss-protection",
    }
)


@dataclass(frozen=True)
class Violation:
    check: str
    message: str


@dataclass(frozen=True)
class _Expected:
    validator: Draft202012Validator | None
    required_headers: tuple[str, ...]
    provenance: str
    schema: Any = None  # the body schema with its $refs inlined, for `undeclared`
    headers: frozenset[str] = frozenset()  # every declared header, lower case


class ResponseConformance:
    def __init__(self, spec: dict[str, Any], operations: list[SpecOperation] | None = None) -> None:
        self._expected: dict[str, dict[str, _Expected]] = {}
        # Per operation, the status classes ("2") whose declared codes are all our inference
        # (`x-inferred.status`): a different code there contradicts an inference, not a promise.
        self._inferred_classes: dict[str, set[str]] = {}
        for op in operations if operations is not None else iter_operations(spec):
            per_status = {}
            codes_by_class: dict[str, list[bool]] = {}
            for status, response_node in op.node.get("responses", {}).items():
                response = resolve(spec, response_node)
                inferred_code = "status" in (response.get("x-inferred") or {}) or (
                    response.get("x-provenance") == "inferred"
                )
                codes_by_class.setdefault(str(status)[0], []).append(inferred_code)
                media = response.get("content", {}).get("application/json")
                per_status[str(status)] = _Expected(
                    None if media is None else schema_validator(spec, media["schema"]),
                    tuple(
                        name
                        for name, header in response.get("headers", {}).items()
                        if resolve(spec, header).get("required")
                    ),
                    response.get("x-provenance", "documented"),
                    None if media is None else inline_refs(spec, media["schema"]),
                    frozenset(name.lower() for name in response.get("headers", {})),
                )
            self._expected[op.op_id] = per_status
            self._inferred_classes[op.op_id] = {
                kind for kind, inferred in codes_by_class.items() if all(inferred)
            }

    def provenance(self, op_id: str, status: int) -> str | None:
        """The label of a finding about this response: the declared response's; for a status
        the spec does not declare, "inferred" when every code it declares in that class is only
        inferred (a 200 where we guessed 202), else None (the operation's label applies)."""
        expected = self._expected.get(op_id, {}).get(str(status))
        if expected is not None:
            return expected.provenance
        if str(status)[0] in self._inferred_classes.get(op_id, set()):
            return "inferred"
        return None

    def violations(
        self, op_id: str, status: int, body: Any, headers: Mapping[str, str]
    ) -> list[Violation]:
        expected = self._expected[op_id].get(str(status))
        if expected is None:
            declared = ", ".join(sorted(self._expected[op_id]))
            return [
                Violation(
                    STATUS_DOCUMENTED,
                    f"status {status} is not declared for {op_id} ({declared})",
                )
            ]
        present = {name.lower() for name in headers}
        found = [
            Violation(HEADERS_PRESENT, f"missing required header {name}")
            for name in expected.required_headers
            if name.lower() not in present
        ]
        if expected.validator is not None:
            found += [
                Violation(
                    BODY_MATCHES_SCHEMA,
                    f"body at /{'/'.join(map(str, e.absolute_path))}: {e.message}",
                )
                for e in islice(expected.validator.iter_errors(body), MAX_SCHEMA_ERRORS)
            ]
        return found

    def undeclared(
        self, op_id: str, status: int, body: Any, headers: Mapping[str, str]
    ) -> list[Violation]:
        """What a response carries beyond the spec: body fields no schema declares and headers
        the response does not declare (transport headers aside). Not a broken promise, so kept
        apart from `violations`: a client is fine, the spec is stale."""
        expected = self._expected.get(op_id, {}).get(str(status))
        if expected is None:
            return []
        found = [
            Violation(UNDECLARED_HEADER, f"undeclared response header {name}")
            for name in sorted({n.lower() for n in headers})
            if name not in expected.headers and name not in TRANSPORT_HEADERS
        ]
        if expected.schema is not None:
            found += [
                Violation(UNDECLARED_FIELD, f"undeclared response field {path}")
                for path in sorted(set(_undeclared_fields(expected.schema, body, "")))
            ]
        return found


def _undeclared_fields(schema: Any, value: Any, path: str) -> list[str]:
    """JSON pointers (array indexes as `*`) of object members `schema` does not declare. An
    object schema with `additionalProperties` (a map, e.g. tags) declares every member."""
    if not isinstance(schema, dict):
        return []
    branches = [schema, *(b for k in ("allOf", "anyOf", "oneOf") for b in schema.get(k, []))]
    if isinstance(value, dict):
        properties: dict[str, Any] = {}
        for branch in branches:
            if isinstance(branch, dict):
                if branch.get("additionalProperties") not in (None, False):
                    return []
                properties.update(branch.get("properties", {}))
        if not properties:
            return []  # an object the spec leaves open
        found = []
        for name, member in value.items():
            if name not in properties:
                found.append(f"{path}/{name}")
            else:
                found += _undeclared_fields(properties[name], member, f"{path}/{name}")
        return found
    if isinstance(value, list):
        items = [b.get("items") for b in branches if isinstance(b, dict) and "items" in b]
        return [
            f for item in value for s in items for f in _undeclared_fields(s, item, f"{path}/*")
        ]
    return []
