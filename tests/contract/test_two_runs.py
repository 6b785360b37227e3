"""Two conformance runs in one process share nothing: each collects the fuzz test with its own
schema, and each report says its own configuration (before, the second run reused the first
run's schema, built at import time and cached in the module)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comms_spec import Contract
from contract_tests._context import ConformanceRun
from contract_tests._options import RunConfig
from contract_tests.cli.runner import SUITE, SUITE_INI

# Each run loads the schema and starts an in-process emulator: seconds, not milliseconds.
pytestmark = pytest.mark.slow


class Collected:
    """Records the operations a run's fuzz test was parametrized with."""

    def __init__(self) -> None:
        self.operations: list[str] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.operations = [str(getattr(item, "operation_label", "")) for item in session.items]


def _collect(contract: Contract, config: RunConfig) -> list[str]:
    collected = Collected()
    status = pytest.main(
        [
            str(SUITE / "test_fuzz.py"),
            "-c",
            str(SUITE_INI),
            f"--rootdir={SUITE.parents[1]}",
            "-p",
            "no:cacheprovider",
            "--collect-only",
            "-q",
        ],
        plugins=[ConformanceRun(contract, config), collected],
    )
    assert status == pytest.ExitCode.OK
    return collected.operations


def test_two_runs_in_one_process_each_see_their_own_config(
    contract: Contract, tmp_path: Path
) -> None:
    writes = _collect(contract, RunConfig(profile="quick", report_dir=tmp_path / "first"))
    reads = _collect(
        contract, RunConfig(profile="default", read_only=True, report_dir=tmp_path / "second")
    )
    assert "POST /SenderPools" in writes
    assert "POST /SenderPools" not in reads  # the read-only run's own schema
    assert "GET /SenderPools" in reads
    assert set(reads) < set(writes)
    first, second = (
        json.loads((tmp_path / name / "report.json").read_text()) for name in ("first", "second")
    )
    assert (first["profile"], first["readOnly"]) == ("quick", False)
    assert (second["profile"], second["readOnly"]) == ("default", True)
