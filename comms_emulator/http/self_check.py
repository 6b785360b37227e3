"""Self-check mode: every response the emulator sends is validated against the spec.

A mismatch raises `SelfCheckFailed`, which surfaces as a 500 and, in-process, as the exception
itself in the test that caused it, so the emulator cannot drift from the spec unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from comms_emulator.http.json_response import encode_json
from comms_spec import Contract


class SelfCheckFailed(AssertionError):
    pass


class ResponseChecker:
    def __init__(self, contract: Contract) -> None:
        self._contract = contract  # its judge compiles on the first check, not at start-up

    def check(self, op_id: str, status: int, body: Any, headers: Mapping[str, str]) -> None:
        conformance = self._contract.conformance
        violations = conformance.violations(op_id, status, body, headers)
        if violations:
            raise SelfCheckFailed(f"{op_id} {status}: " + "; ".join(v.message for v in violations))
        # A schema-valid body can still be unsendable: a stored lone surrogate passes every
        # `type: string` and then fails the UTF-8 encoder on every later read.
        try:
            encode_json(body)
        except (UnicodeEncodeError, ValueError, TypeError) as error:  # orjson's is a TypeError
            raise SelfCheckFailed(
                f"{op_id} {status}: the body cannot be encoded as JSON: {error}"
            ) from None

    def check_encoding(self, op_id: str, body: Any, encoded: bytes | None) -> None:
        """A reused (spliced) encoding must be exactly the encoding of the body just checked."""
        if encoded is not None and encoded != encode_json(body):
            raise SelfCheckFailed(f"{op_id}: the reused encoding differs from the body")
