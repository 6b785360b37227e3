"""The sdk-check command line (the runner dispatches `comms-conformance sdk-check ...` here)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from contract_tests._redaction import Redactor
from contract_tests._sdk import run as runs
from contract_tests._sdk.catalogue import CATALOGUE, DEFAULT_SLACK
from contract_tests._sdk.emulator import Credentials, EmulatorControl, built_in
from contract_tests._sdk.scorecard import write

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
DEFAULT_REPORT_DIR = Path("reports") / "sdk-check"
# The development account every emulator has when started without --account.
DEV_ACCOUNT = "AC00000000000000000000000000000000:emulator-auth-token"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-conformance sdk-check",
        description=__doc__ + "\n\nBehaviours: " + ", ".join(b.id for b in CATALOGUE),
    )
    parser.add_argument(
        "--adapter", required=True, metavar="CMD", help="the adapter command (a shell-like line)"
    )
    parser.add_argument(
        "--emulator-url", metavar="URL", help="a running emulator (default: start the kit's own)"
    )
    parser.add_argument(
        "--account",
        default=DEV_ACCOUNT,
        metavar="SID:TOKEN",
        help="with --emulator-url: an account of that emulator (default: its development one)",
    )
    parser.add_argument(
        "--api-key", metavar="KEY:SECRET", help="with --emulator-url: an API key of that account"
    )
    parser.add_argument("--control-token", metavar="TOKEN", help="the emulator's control token")
    parser.add_argument(
        "--only", action="append", default=[], metavar="ID", help="run these (ids or prefixes)"
    )
    parser.add_argument("--report-dir", type=Path, default=DEFAULT_REPORT_DIR)
    parser.add_argument(
        "--answer-timeout",
        type=_positive,
        default=DEFAULT_SLACK,
        metavar="S",
        help="how long the adapter may take to say hello, and to answer beyond the time an "
        f"action itself may take; past it the adapter is killed and the run stops (exit 2; "
        f"default {DEFAULT_SLACK:g})",
    )
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 86400:
        raise argparse.ArgumentTypeError(f"expected seconds > 0, got {text!r}")
    return value


def _pair(text: str, flag: str) -> Credentials:
    user, colon, secret = text.partition(":")
    if not colon or not user or not secret:
        raise ValueError(f"{flag} takes USER:SECRET, got {text!r}")
    return Credentials(user, secret)


@contextlib.contextmanager
def _emulator(args: argparse.Namespace) -> Iterator[EmulatorControl]:
    if args.emulator_url:
        api_key = _pair(args.api_key, "--api-key") if args.api_key else None
        control = EmulatorControl(
            args.emulator_url, _pair(args.account, "--account"), api_key, args.control_token
        )
        try:
            yield control
        finally:
            control.close()
        return
    with built_in() as (url, account, api_key):
        control = EmulatorControl(url, account, api_key)
        try:
            yield control
        finally:
            control.close()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code else EXIT_OK
    try:
        behaviours = runs.select(args.only)
        from comms_spec import Contract

        codes = Contract.load().error_codes
        with _emulator(args) as emulator:
            card = runs.run_check(
                args.adapter, emulator, behaviours, codes, slack=args.answer_timeout
            )
            secrets = [emulator.account.password] + (
                [emulator.api_key.password] if emulator.api_key else []
            )
        written = write(card, args.report_dir, Redactor(secrets))
    except (ValueError, OSError) as error:
        print(f"comms-conformance sdk-check: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    summary = ", ".join(f"{n} {o}" for o, n in card.summary().items() if n)
    print(f"sdk-check {card.adapter.get('name', args.adapter)}: {summary}")
    for row in card.rows:
        print(f"  {row.outcome:<13} {row.id}: {row.reason}")
    print("scorecard: " + ", ".join(str(p) for p in written))
    if card.problem:
        print(f"comms-conformance sdk-check: error: {card.problem}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FAILED if runs.failed(card) else EXIT_OK
