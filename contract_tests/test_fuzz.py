"""Property-based: every operation, the examples, coverage and fuzzing phases, every check.

Stateless fuzzing rarely reaches existing resources (random IDs are 404); the stateful test
below and the deterministic workflows cover what needs state."""

from __future__ import annotations

import schemathesis

from contract_tests._context import context
from contract_tests._fuzz import Fuzzer
from contract_tests._schema import run_schema

schema = run_schema()


@schema.parametrize()
@context().profile.hypothesis_settings()
def test_every_operation_conforms(case: schemathesis.Case, fuzzer: Fuzzer) -> None:
    fuzzer.run(case)
