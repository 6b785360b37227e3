"""Property-based: every operation, the examples, coverage and fuzzing phases, every check.

Stateless fuzzing rarely reaches existing resources (random IDs are 404); the stateful test
below and the deterministic workflows cover what needs state.

The test is parametrized by the suite's plugin when it is collected, with the schema and the
Hypothesis settings of the run that collects it: nothing of a run is known at import."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

from contract_tests._fuzz import Fuzzer

# Every operation through every phase: seconds each, and the profile's budget in total.
pytestmark = pytest.mark.slow


@pytest.mark.every_operation
def test_every_operation_conforms(case: schemathesis.Case[Any], fuzzer: Fuzzer) -> None:
    fuzzer.run(case)


# It judges the Operations the fuzzed creates started: a shard runs it with those creates.
@pytest.mark.placed_with(
    "contract_tests/suite/test_fuzz.py::test_every_operation_conforms[POST /SenderPools]"
)
@pytest.mark.proves(
    "operation_completes_within_timeout",
    operations=["createSenderPool", "fetchSenderPoolOperation"],
    provenance="documented",
)
def test_fuzzed_creates_complete(fuzzer: Fuzzer) -> None:
    """The Operations the fuzzed creates started, waited for once the fuzzing is done (they
    progressed meanwhile), their pools adopted for cleanup."""
    if not fuzzer.pending:
        pytest.skip("not checked: no fuzzed create was accepted")
    fuzzer.finish_creates()
