"""Run the conformance suite and write the drift report.

    comms-conformance [--base-url URL] [--profile quick|default|nightly]
                      [--read-only] [--rate-limit N] [--report-dir reports]
                      [--allow-sending --send-to ADDRESS:CHANNEL ...]
                      [--fail-on breaking|inferred|additive]
                      [--baseline PREVIOUS/report.json]
                      [--consistency-window S] [--operation-timeout S]

With no --base-url it starts the built-in emulator over HTTP and checks that (the main job).
With one, it checks that server using TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN (or TWILIO_API_KEY/
TWILIO_API_SECRET); every safety rule applies, and no Message is ever sent: the send tests run
only with --allow-sending, and then only to the --send-to recipients (the fuzzer never sends).

`--record FILE` also writes a sanitised transcript of the run's deterministic exchanges.
Parity and replay: `comms-conformance parity --help`, `comms-conformance replay --help`.

Exit codes: 0 no finding that fails the run under --fail-on, 1 drift found, 2 usage or set-up
error (or an interrupted run).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.testing import ThreadedEmulator
from comms_spec import Contract
from contract_tests import (
    DEFAULT_FAIL_ON,
    EMULATOR_ACCOUNTS,
    IMPACTS,
    PROFILES,
    ConformanceRun,
    Redactor,
)
from contract_tests import _parity_cli as parity
from contract_tests._cli import EXIT_ERROR, EXIT_FOUND, EXIT_OK, guarded_main

SUITE = Path(__file__).resolve().parent
SUITE_INI = SUITE / "_suite.ini"
EXIT_DRIFT = EXIT_FOUND


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--base-url", help="the API to check (default: built-in emulator)")
    parser.add_argument("--profile", default="default", choices=sorted(PROFILES))
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--rate-limit", type=float, help="requests per second (0: unlimited)")
    parser.add_argument(
        "--allow-sending",
        action="store_true",
        help="with --base-url: also run the send tests, which send real Messages",
    )
    parser.add_argument(
        "--send-to",
        action="append",
        default=[],
        metavar="ADDRESS:CHANNEL",
        help="with --allow-sending: a recipient the send tests may message (repeatable)",
    )
    parser.add_argument("--report-dir", type=Path, default=Path("reports"))
    parser.add_argument("--record", type=Path, help="write a sanitised transcript of the run")
    parser.add_argument(
        "--fail-on",
        choices=IMPACTS,
        default=DEFAULT_FAIL_ON,
        help="exit 1 on findings of this impact class or worse (breaking > inferred > "
        f"additive; default {DEFAULT_FAIL_ON}: additive findings alone never fail)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="REPORT_JSON",
        help="a previous report.json: mark findings new / still present / fixed",
    )
    parser.add_argument(
        "--consistency-window",
        type=float,
        metavar="SECONDS",
        help="how long lists may lag writes before that is drift (default 10)",
    )
    parser.add_argument(
        "--operation-timeout",
        type=float,
        metavar="SECONDS",
        help="how long an Operation may take before 'did not complete' is a finding (default 120)",
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in parity.SUBCOMMANDS:
        return parity.main(argv)
    return guarded_main(build_parser(), argv, _main, name=lambda _: "conformance")


def _main(args: argparse.Namespace) -> int:
    args.report_dir.mkdir(parents=True, exist_ok=True)
    contract = Contract.load()
    run = ConformanceRun(contract)
    if args.base_url:
        return _run(run, args, args.base_url, owned=False, secrets=_env_secrets())
    app = create_app(EmulatorConfig(accounts=dict(EMULATOR_ACCOUNTS), self_check=True), contract)
    with ThreadedEmulator(app) as emulator:
        (first_sid, first_token), (second_sid, second_token) = EMULATOR_ACCOUNTS.items()
        os.environ.update(
            {
                "TWILIO_ACCOUNT_SID": first_sid,
                "TWILIO_AUTH_TOKEN": first_token,
                "TWILIO_SECOND_ACCOUNT_SID": second_sid,
                "TWILIO_SECOND_AUTH_TOKEN": second_token,
            }
        )
        for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET"):
            os.environ.pop(name, None)
        print(f"conformance: started the built-in emulator at {emulator.url}", flush=True)
        if args.rate_limit is None:
            args.rate_limit = 0
        secrets = list(EMULATOR_ACCOUNTS.values())
        return _run(run, args, emulator.url, owned=True, secrets=secrets)


def _run(
    run: ConformanceRun,
    args: argparse.Namespace,
    base_url: str,
    *,
    owned: bool,
    secrets: list[str],
) -> int:
    junit = args.report_dir / "junit.xml"
    pytest_args = [
        str(SUITE),
        # The suite's own settings, wherever it is installed and whatever the caller's cwd
        # holds; rootdir is the suite's parent, so test ids read contract_tests/test_x.py::...
        "-c",
        str(SUITE_INI),
        f"--rootdir={SUITE.parent}",
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
        f"--report-dir={args.report_dir}",
        f"--base-url={base_url}",
        f"--profile={args.profile}",
    ]
    if owned:
        pytest_args.append("--owned-target")
    if args.read_only:
        pytest_args.append("--read-only")
    if args.rate_limit is not None:
        pytest_args.append(f"--rate-limit={args.rate_limit}")
    if args.allow_sending:
        pytest_args.append("--allow-sending")
    pytest_args += [f"--send-to={recipient}" for recipient in args.send_to]
    if args.record:
        pytest_args.append(f"--record-transcript={args.record}")
    pytest_args.append(f"--fail-on={args.fail_on}")
    if args.baseline is not None:
        pytest_args.append(f"--baseline={args.baseline}")
    if args.consistency_window is not None:
        pytest_args.append(f"--consistency-window={args.consistency_window}")
    if args.operation_timeout is not None:
        pytest_args.append(f"--operation-timeout={args.operation_timeout}")
    print(
        f"conformance: profile {args.profile} against {base_url}; reports in {args.report_dir}/",
        flush=True,
    )
    status = pytest.main([*pytest_args, *args.pytest_args], plugins=[run])
    if run.interrupted:
        status = pytest.ExitCode.INTERRUPTED  # whatever the tests said before it stopped
    _redact_files(args.report_dir, Redactor(secrets))
    if args.record and args.record.exists():
        print(f"conformance: transcript of the run's exchanges in {args.record}")
    report = args.report_dir / "report.md"
    if report.exists():
        print("\n" + report.read_text(encoding="utf-8"))
    if status == pytest.ExitCode.OK:
        print(f"conformance: no drift. Report: {report}")
        return EXIT_OK
    if status == pytest.ExitCode.TESTS_FAILED:
        print(f"conformance: DRIFT FOUND (--fail-on {args.fail_on}). Report: {report}")
        return EXIT_DRIFT
    print(f"conformance: the run did not complete (pytest exit {int(status)})", file=sys.stderr)
    return EXIT_ERROR


def _env_secrets() -> list[str]:
    names = (
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_SECRET",
        "TWILIO_SECOND_AUTH_TOKEN",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_API_KEY",
        "TWILIO_SECOND_ACCOUNT_SID",
    )
    return [os.environ[n] for n in names if os.environ.get(n)]


def _redact_files(directory: Path, redactor: Redactor) -> None:
    """Belt and braces: no credential survives in any report, whatever wrote it."""
    for path in directory.glob("*"):
        if path.is_file() and path.suffix in (".xml", ".json", ".md"):
            text = path.read_text(encoding="utf-8")
            cleaned = redactor.redact(text)
            if cleaned != text:
                path.write_text(cleaned, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
