"""Self-check mode: every response the emulator sends is validated against the spec.

A mismatch raises `SelfCheckFailed`, which surfaces as a 500 and, in-process, as the exception
itself in the test that caused it, so the emulator cannot drift from the spec unnoticed.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from comms_spec import Operation, resolve, schema_validator


class SelfCheckFailed(AssertionError):
    pass


class ResponseChecker:
    def __init__(self, spec: dict[str, Any], operations: list[Operation]) -> None:
        self._expected: dict[str, dict[str, tuple[Draft202012Validator | None, list[str]]]] = {}
        for op in operations:
            per_status = {}
            for status, response_node in op.node.get("responses", {}).items():
                response = resolve(spec, response_node)
                media = response.get("content", {}).get("application/json")
                validator = None if media is None else schema_validator(spec, media["schema"])
                required = [
                    name
                    for name, header in response.get("headers", {}).items()
                    if resolve(spec, header).get("required")
                ]
                per_status[str(status)] = (validator, required)
            self._expected[op.operation_id] = per_status

    def check(self, operation_id: str, status: int, body: Any, headers: dict[str, str]) -> None:
        expected = self._expected[operation_id].get(str(status))
        if expected is None:
            raise SelfCheckFailed(f"{operation_id}: status {status} is not declared in the spec")
        validator, required = expected
        problems = [
            f"missing required header {name}"
            for name in required
            if name.lower() not in {h.lower() for h in headers}
        ]
        if validator is not None:
            problems += [
                f"body at /{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(body)
            ]
        if problems:
            raise SelfCheckFailed(f"{operation_id} {status}: " + "; ".join(problems))
