"""A conformance run against the emulator in this process, with one deliberate drift and,
optionally, seeded faults: what the seed and shard tests run, each in a fresh process (the
drift patches the emulator's handlers, and Schemathesis builds its tests once per process).

    python -m tests.contract.seeded_run DRIFT FAULT_RATE -- COMMS-CONFORMANCE-OPTIONS [TESTS...]

DRIFT is a variant of broken_server.DRIFTS or "intact"; the options are the runner's (--seed,
--shard, --report-dir, ...); TESTS are suite files to run (default: the whole suite).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_spec import Contract
from contract_tests._context import ConformanceRun
from contract_tests._options import RunConfig
from contract_tests._seed import EMULATOR_FAULTS, derive
from contract_tests._target import EMULATOR_ACCOUNTS, in_process_target
from contract_tests.cli.runner import SUITE, SUITE_INI, build_parser
from tests.contract.broken_server import DRIFTS


def main(argv: list[str]) -> int:
    drift, fault_rate, separator, *rest = argv
    assert separator == "--", __doc__
    args = build_parser().parse_args(rest)
    settings = RunConfig.from_values(vars(args))
    if drift != "intact":
        DRIFTS[drift]()
    contract = Contract.load()
    config = EmulatorConfig(
        accounts=dict(EMULATOR_ACCOUNTS),
        fault_rate=float(fault_rate),
        fault_retry_after=0,  # every fault is still waited out, but the run is not sleeping
        fault_seed=derive(settings.seed, EMULATOR_FAULTS),  # as the runner seeds its emulator
    )
    target = replace(in_process_target(contract), app=create_app(config, contract))
    tests = [str(SUITE / name) for name in args.pytest_args] or [str(SUITE)]
    status = pytest.main(
        [
            *tests,
            "-c",
            str(SUITE_INI),
            f"--rootdir={SUITE.parents[1]}",
            "-p",
            "no:cacheprovider",
            "-q",
            "-W",
            "ignore::pytest.PytestAssertRewriteWarning",
        ],
        plugins=[ConformanceRun(contract, settings.with_target(target))],
    )
    return 0 if Path(settings.report_dir or ".", "report.json").exists() else int(status) or 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
