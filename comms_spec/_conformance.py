"""Does a response conform to the spec? One judge for the emulator's self-check and the suite."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from comms_spec._operations import SpecOperation, iter_operations
from comms_spec._refs import resolve
from comms_spec._validation import schema_validator

# Names say what a passing check proves; the drift report groups findings by them.
STATUS_DOCUMENTED = "status_code_is_documented"
BODY_MATCHES_SCHEMA = "body_matches_schema"
HEADERS_PRESENT = "required_headers_present"


@dataclass(frozen=True)
class Violation:
    check: str
    message: str


@dataclass(frozen=True)
class _Expected:
    validator: Draft202012Validator | None
    required_headers: tuple[str, ...]
    provenance: str


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
                )
            self._expected[op.operation_id] = per_status
            self._inferred_classes[op.operation_id] = {
                kind for kind, inferred in codes_by_class.items() if all(inferred)
            }

    def provenance(self, operation_id: str, status: int) -> str | None:
        """The label of a finding about this response: the declared response's; for a status
        the spec does not declare, "inferred" when every code it declares in that class is only
        inferred (a 200 where we guessed 202), else None (the operation's label applies)."""
        expected = self._expected.get(operation_id, {}).get(str(status))
        if expected is not None:
            return expected.provenance
        if str(status)[0] in self._inferred_classes.get(operation_id, set()):
            return "inferred"
        return None

    def violations(
        self, operation_id: str, status: int, body: Any, headers: Mapping[str, str]
    ) -> list[Violation]:
        expected = self._expected[operation_id].get(str(status))
        if expected is None:
            declared = ", ".join(sorted(self._expected[operation_id]))
            return [
                Violation(
                    STATUS_DOCUMENTED,
                    f"status {status} is not declared for {operation_id} ({declared})",
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
                for e in expected.validator.iter_errors(body)
            ]
        return found
