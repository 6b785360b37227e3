"""Run the conformance suite and write the drift report.

    comms-conformance [--base-url URL] [--profile quick|default|nightly]
                      [--read-only] [--rate-limit N] [--report-dir reports]
                      [--allow-sending --send-to ADDRESS:CHANNEL ...]
                      [--fail-on breaking|inferred|additive]
                      [--baseline PREVIOUS/report.json]
                      [--consistency-window S] [--operation-timeout S]
                      [--max-duration S] [--request-deadline S] [--busy-wait-budget S]

With no --base-url it starts the built-in emulator over HTTP and checks that (the main job).
With one, it checks that server using TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN (or TWILIO_API_KEY/
TWILIO_API_SECRET); every safety rule applies, and no Message is ever sent: the send tests run
only with --allow-sending, and then only to the --send-to recipients (the fuzzer never sends).

Whatever the target does, the run ends: each request within --request-deadline (its whole
answer, not each byte), busy answers waited out within --busy-wait-budget, the whole run
within --max-duration; Ctrl-C or SIGTERM stops it within seconds with its report. Credentials
never reach the output or a report, in any spelling.

`--record FILE` also writes a sanitised transcript of the run's deterministic exchanges.
Parity and replay: `comms-conformance parity --help`, `comms-conformance replay --help`; an
SDK's behaviour scorecard: `comms-conformance sdk-check --help`. `--seed N` replays a run;
`--shard I/N` runs one shard of it, and `comms-conformance merge SHARD/report.json ...` joins
the shards' reports (`comms-conformance merge --help`).

Exit codes: 0 no finding that fails the run under --fail-on, 1 drift found, 2 usage or set-up
error (the target unreachable, or refusing the credentials), or a run that did not complete
(interrupted, --max-duration, a target that stopped answering).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

import hypothesis.configuration
import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract
from contract_tests._context import ConformanceRun
from contract_tests._options import ConfigError, RunConfig, add_to_argparse
from contract_tests._redaction import RedactingStream, Redactor
from contract_tests._safety import rate_limit_note
from contract_tests._seed import EMULATOR_FAULTS, derive
from contract_tests._target import (
    EMULATOR_ACCOUNTS,
    TargetError,
    apply_sending,
    owned_emulator_target,
    preflight,
    secrets_given,
    target_from_options,
)
from contract_tests.cli import merge, parity
from contract_tests.cli._guard import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    guarded_main,
    nothing_checked,
)
from contract_tests.cli._workers import run_workers
from contract_tests.reporting._baseline import load_baseline

SUITE = Path(__file__).resolve().parents[1] / "suite"
SUITE_INI = SUITE / "_suite.ini"
DEFAULT_REPORT_DIR = Path("reports")
# The kit's own cache (Hypothesis' files): the only place besides the report directory that a
# run writes to.
KIT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "comms-conformance"
EXIT_DRIFT = EXIT_FOUND


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_to_argparse(parser)  # the one option table, shared with the suite's pytest plugin
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in parity.SUBCOMMANDS:
        return parity.main(argv)
    if argv and argv[0] in merge.SUBCOMMANDS:
        return merge.main(argv)
    if argv[:1] == ["sdk-check"]:
        from contract_tests._sdk import main as sdk_check  # its own engine, loaded when asked

        return sdk_check(argv[1:])
    # SIGTERM (what CI sends on cancel) stops the set-up as Ctrl-C does: with exit 2 and a
    # line saying so (the run's own handlers take over once its tests start). What is printed
    # before the run knows its target (a set-up error naming the URL) is redacted too.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    redactor = Redactor(secrets_given(os.environ, argv))
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactingStream(out, redactor), RedactingStream(err, redactor)
    try:
        return guarded_main(
            build_parser(),
            argv,
            lambda args: _main(args, argv),
            name=lambda _: "conformance",
            expected=(ConfigError, TargetError, ValueError),
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
        for stream in (sys.stdout, sys.stderr):
            stream.close()
        sys.stdout, sys.stderr = out, err


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _main(args: argparse.Namespace, argv: list[str]) -> int:
    settings = RunConfig.from_values(vars(args))
    report_dir = settings.report_dir or DEFAULT_REPORT_DIR
    settings = replace(settings, report_dir=report_dir)
    if settings.workers > 1:
        return run_workers(settings, argv, report_dir)
    contract = Contract.load()
    if settings.base_url:
        # Built here, from the environment the user set (read, never written): a target that
        # cannot be used is a set-up error before any test starts.
        target = target_from_options(
            settings.base_url,
            contract=contract,
            read_only=settings.read_only,
            rate_limit=settings.effective_rate_limit,
            allow_sending=settings.allow_sending,
            send_to=list(settings.send_to),
            env=os.environ,
        )
        if settings.baseline:
            load_baseline(settings.baseline)  # a usage error before the target is asked
        target = preflight(target, settings.request_deadline)
        report_dir.mkdir(parents=True, exist_ok=True)
        return _run(contract, settings.with_target(target), args.pytest_args)
    report_dir.mkdir(parents=True, exist_ok=True)
    emulator_config = EmulatorConfig(
        accounts=dict(EMULATOR_ACCOUNTS),
        self_check=True,
        fault_seed=derive(settings.seed, EMULATOR_FAULTS),  # its faults replay with the run
    )
    app = create_app(emulator_config, contract)
    with ThreadedEmulator(app) as emulator:
        print(f"conformance: started the built-in emulator at {emulator.url}", flush=True)
        # The runner knows the target it started: its accounts, its control plane, and that
        # it may be reset. Nothing is probed, and nothing goes through the environment.
        target = owned_emulator_target(
            emulator.url,
            read_only=settings.read_only,
            rate_limit=settings.rate_limit or None,
        )
        settings = replace(settings, base_url=emulator.url, owned_target=True)
        settings = settings.with_target(
            apply_sending(target, settings.allow_sending, list(settings.send_to), contract)
        )
        return _run(contract, settings, args.pytest_args)


def _run(contract: Contract, settings: RunConfig, extra: list[str]) -> int:
    """The suite under pytest, its output redacted as it is printed."""
    assert settings.target is not None
    redactor = Redactor(settings.target.secrets)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactingStream(out, redactor), RedactingStream(err, redactor)
    try:
        return _pytest(contract, settings, extra)
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.close()
        sys.stdout, sys.stderr = out, err


def banner(settings: RunConfig) -> list[str]:
    """The run's start-up lines: what it checks, how fast it may ask, how to replay it."""
    assert settings.target is not None
    report_dir = settings.report_dir or DEFAULT_REPORT_DIR
    target = settings.target.api_base
    return [
        f"conformance: profile {settings.profile} against {target}; reports in {report_dir}/",
        f"conformance: rate limit {rate_limit_note(settings.target.rate_limit, target)}",
        f"conformance: seed {settings.seed}; rerun with: {settings.rerun_command()}",
    ]


def _pytest(contract: Contract, settings: RunConfig, extra: list[str]) -> int:
    report_dir = settings.report_dir or DEFAULT_REPORT_DIR
    junit = report_dir / "junit.xml"
    pytest_args = [
        str(SUITE),
        # The suite's own settings, wherever it is installed and whatever the caller's cwd
        # holds; rootdir is the package's parent, so test ids read
        # contract_tests/suite/test_x.py::...
        "-c",
        str(SUITE_INI),
        f"--rootdir={SUITE.parents[1]}",
        "-p",
        "no:cacheprovider",
        "-v",
        "--tb=short",
        "--no-header",
        # This process imported the emulator (and with it anyio) before pytest started, so
        # pytest cannot rewrite asserts in anyio's plugin; that is harmless here.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        f"--junitxml={junit}",
    ]
    for line in banner(settings):
        print(line, flush=True)
    # Hypothesis keeps its files in the kit's cache, not in the caller's directory.
    hypothesis.configuration.set_hypothesis_home_dir(KIT_CACHE / "hypothesis")
    # The whole run's configuration goes in as one object; pytest's own options carry none.
    run = ConformanceRun(contract, settings)
    # From here to the run's own handlers (pytest_sessionstart) a signal is noted, not raised.
    previous = {
        signum: signal.signal(signum, run.take_early_signal)
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        status = pytest.main([*pytest_args, *extra], plugins=[run])
    except KeyboardInterrupt:  # a second Ctrl-C or SIGTERM: stopped at once, cleanup cut short
        written = (report_dir / "report.md").exists()
        where = f"the report of what was done is in {report_dir}/" if written else "no report"
        print(
            f"conformance: the run did not complete: stopped at once (a second interrupt); {where}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    try:
        return _verdict(run, status, settings, report_dir)
    except KeyboardInterrupt:  # after the tests ended: the report is complete, the verdict cut
        print(
            "conformance: interrupted after the run ended; the report of what was done is in "
            f"{report_dir}/",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _verdict(
    run: ConformanceRun, status: int | pytest.ExitCode, settings: RunConfig, report_dir: Path
) -> int:
    """The run's exit code, from pytest's and the report it wrote; the report printed."""
    stopped = run.context.patience.stopped if run.context else ""
    if run.interrupted or stopped:
        status = pytest.ExitCode.INTERRUPTED  # whatever the tests said before it stopped
    if settings.record and settings.record.exists():
        print(f"conformance: transcript of the run's exchanges in {settings.record}")
    report = report_dir / "report.md"
    if report.exists():
        print("\n" + report.read_text(encoding="utf-8"))
    unchecked = nothing_checked(_counts(report_dir / "report.json"))
    if status == pytest.ExitCode.OK and unchecked:
        print(f"conformance: {unchecked}. Report: {report}", file=sys.stderr)
        return EXIT_ERROR
    if status == pytest.ExitCode.OK:
        print(f"conformance: no drift. Report: {report}")
        return EXIT_OK
    if status == pytest.ExitCode.TESTS_FAILED:
        print(f"conformance: DRIFT FOUND (--fail-on {settings.fail_on}). Report: {report}")
        return EXIT_DRIFT
    why = f": {stopped}" if stopped else ""
    print(
        f"conformance: the run did not complete (pytest exit {int(status)}){why}",
        file=sys.stderr,
    )
    return EXIT_ERROR


def _counts(report: Path) -> dict[str, int]:
    """The outcome counts of a written report.json (none if the run wrote none)."""
    if not report.exists():
        return {}
    counts: dict[str, int] = json.loads(report.read_text(encoding="utf-8")).get("counts", {})
    return counts


if __name__ == "__main__":
    sys.exit(main())
