"""Parity between two targets, and replays of recorded transcripts.

    comms-conformance parity --base-url A --against B [--report-dir reports]
                                         [--record FILE] [--rate-limit N]
                                         [--allow-sending --send-to ADDRESS:CHANNEL ...]
    comms-conformance replay FILE --base-url URL [--report-dir reports] ...

`parity` runs the parity workflows against A (the reference; recorded), replays them against
B, and reports every difference. `replay` re-sends a transcript's requests to URL and compares
the answers with the recorded ones. Either URL may be the word `emulator`: the built-in one,
in this process. A's credentials come from TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN (or
TWILIO_API_KEY/TWILIO_API_SECRET); B's from the same names with TWILIO_AGAINST_ in place of
TWILIO_ when set, else from A's. Every safety rule of a conformance run applies.

Exit codes: 0 the same, 1 differences found, 2 usage or set-up error.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from comms_spec import Contract
from contract_tests._parity import ParityRun, TranscriptError, run_parity, run_replay
from contract_tests._parity import load as load_transcript
from contract_tests._parity import write_report as write_parity_report
from contract_tests._target import Target, TargetError, in_process_target, target_from_options
from contract_tests.cli._guard import EXIT_FOUND, EXIT_OK, guarded_main

EXIT_DIFFERENT = EXIT_FOUND
EMULATOR = "emulator"
AGAINST_PREFIX = "TWILIO_AGAINST_"
SUBCOMMANDS = ("parity", "replay")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parity = commands.add_parser("parity", help="compare two targets exchange by exchange")
    parity.add_argument("--base-url", required=True, help=f"the reference (URL or {EMULATOR})")
    parity.add_argument("--against", required=True, help=f"the target compared (URL or {EMULATOR})")
    parity.add_argument("--record", type=Path, help="also write the reference's transcript here")
    replay = commands.add_parser("replay", help="re-send a transcript and compare the answers")
    replay.add_argument("transcript", type=Path)
    replay.add_argument("--base-url", required=True, help=f"the target (URL or {EMULATOR})")
    for sub in (parity, replay):
        sub.add_argument("--report-dir", type=Path, default=Path("reports"))
        sub.add_argument("--rate-limit", type=float, help="requests per second (0: unlimited)")
        sub.add_argument("--allow-sending", action="store_true", help="real Messages!")
        sub.add_argument("--send-to", action="append", default=[], metavar="ADDRESS:CHANNEL")
    return parser


def main(argv: list[str]) -> int:
    return guarded_main(
        build_parser(),
        argv,
        _main,
        name=lambda args: str(args.command),
        expected=(TargetError, TranscriptError),
    )


def _main(args: argparse.Namespace) -> int:
    contract = Contract.load()
    say = _say(args.command)
    clock_started = time.monotonic()
    if args.command == "parity":
        reference = _target(args, args.base_url, contract, os.environ)
        other = _target(args, args.against, contract, _against_env(os.environ))
        say(f"{reference.name} (reference) vs {other.name}")
        run = run_parity(contract, reference, other, record=args.record, say=say)
        if args.record:
            say(f"transcript of the reference written to {args.record}")
    else:
        entries = load_transcript(args.transcript)
        target = _target(args, args.base_url, contract, os.environ)
        say(f"{len(entries)} exchanges of {args.transcript} against {target.name}")
        run = run_replay(contract, entries, target, name=str(args.transcript), say=say)
    return _verdict(run, contract, args, time.monotonic() - clock_started)


def _target(
    args: argparse.Namespace, url: str, contract: Contract, env: Mapping[str, str]
) -> Target:
    if url == EMULATOR:
        return in_process_target(contract, rate_limit=args.rate_limit)
    return target_from_options(
        url,
        contract=contract,
        read_only=False,
        rate_limit=args.rate_limit if args.rate_limit is not None else 5.0,
        allow_sending=args.allow_sending,
        send_to=args.send_to,
        env=env,
    )


def _against_env(env: Mapping[str, str]) -> Mapping[str, str]:
    """B's credentials: TWILIO_AGAINST_* when any is set, else A's."""
    own = {
        "TWILIO_" + name.removeprefix(AGAINST_PREFIX): value
        for name, value in env.items()
        if name.startswith(AGAINST_PREFIX)
    }
    return own or env


def _verdict(run: ParityRun, contract: Contract, args: argparse.Namespace, seconds: float) -> int:
    markdown = write_parity_report(run, contract, args.report_dir)
    print("\n" + markdown.read_text(encoding="utf-8"))
    matched, total = run.score
    print(
        f"{args.command}: parity score {matched}/{total} exchanges match "
        f"({run.percent:.1f}%) in {seconds:.1f} s. Report: {markdown}"
    )
    return EXIT_OK if run.same else EXIT_DIFFERENT


def _say(command: str) -> Callable[[str], None]:
    def say(message: str) -> None:
        print(f"{command}: {message}", flush=True)

    return say


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
