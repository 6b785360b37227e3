"""Self-check mode: every response the emulator sends is validated against the spec.

A mismatch raises `SelfCheckFailed`, which surfaces as a 500 and, in-process, as the exception
itself in the test that caused it, so the emulator cannot drift from the spec unnoticed.
"""

from __future__ import annotations

from typing import Any

from comms_spec import ResponseConformance, SpecOperation


class SelfCheckFailed(AssertionError):
    pass


class ResponseChecker:
    def __init__(self, spec: dict[str, Any], operations: list[SpecOperation]) -> None:
        self._conformance = ResponseConformance(spec, operations)

    def check(self, operation_id: str, status: int, body: Any, headers: dict[str, str]) -> None:
        violations = self._conformance.violations(operation_id, status, body, headers)
        if violations:
            raise SelfCheckFailed(
                f"{operation_id} {status}: " + "; ".join(v.message for v in violations)
            )
