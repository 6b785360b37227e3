"""`comms-emulator`: serve the emulator over HTTP.

Credentials come from repeatable --account SID:TOKEN and --api-key KEY:SECRET:SID, else from
TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (and TWILIO_API_KEY + TWILIO_API_SECRET), else a default
development account that is printed at start-up.

The spec (COMMS_SPEC_PATH, else the kit's own) is read once at start-up but not validated:
validating it is the job of `nox -s lint` and the spec tests, so a launch stays well under a
second. Request schemas compile on first use.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import uvicorn

from comms_emulator._net import bind_socket
from comms_emulator._serve import GracefulServer
from comms_emulator.app import create_app
from comms_emulator.config import DEFAULT_MAX_BODY_BYTES, EmulatorConfig
from comms_emulator.models.inventory import load_inventory_file
from comms_emulator.models.progression import Progression
from comms_emulator.models.retention import Retention
from comms_spec import Contract

READY_PREFIX = "comms-emulator listening on "


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-emulator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one")
    parser.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="SID:TOKEN",
        help="an account and its auth token (repeatable)",
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY:SECRET:SID",
        help="an API key, its secret and its account (repeatable)",
    )
    parser.add_argument(
        "--progression",
        type=_progression,
        default=Progression(),
        help="how Operations complete: immediate (default), polls:N, seconds:T",
    )
    parser.add_argument(
        "--retention",
        type=_retention,
        default=Retention(),
        metavar="TTL[:MAX]",
        help="how long Operations and Messages are kept (s, m, h, d) and at most how many of "
        f"each per account, oldest dropped first (default: {Retention()})",
    )
    parser.add_argument(
        "--senders",
        type=Path,
        metavar="FILE",
        help="JSON sender inventory replacing the default one",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="validate every response against the spec; fail loudly on drift",
    )
    parser.add_argument(
        "--rcs-capable",
        action="append",
        default=[],
        metavar="PATTERN",
        help="recipient addresses whose devices take RCS, as shell patterns such as '+1914*' "
        "or '*' (repeatable; default: none)",
    )
    parser.add_argument("--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES)
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser


def _progression(text: str) -> Progression:
    try:
        return Progression.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _retention(text: str) -> Retention:
    try:
        return Retention.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def config_from_args(args: argparse.Namespace, env: Mapping[str, str]) -> EmulatorConfig:
    accounts: dict[str, str] = {}
    for text in args.account:
        sid, token = _split(text, 2, "--account SID:TOKEN")
        accounts[sid] = token
    keys = {
        k: (s, sid)
        for k, s, sid in (_split(a, 3, "--api-key KEY:SECRET:SID") for a in args.api_key)
    }
    if not accounts and env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"):
        accounts[env["TWILIO_ACCOUNT_SID"]] = env["TWILIO_AUTH_TOKEN"]
    if not keys and env.get("TWILIO_API_KEY") and env.get("TWILIO_API_SECRET"):
        sid = env.get("TWILIO_ACCOUNT_SID", "")
        if not sid:
            raise ValueError("TWILIO_API_KEY needs TWILIO_ACCOUNT_SID to name its account")
        accounts.setdefault(sid, env.get("TWILIO_AUTH_TOKEN") or os.urandom(16).hex())
        keys[env["TWILIO_API_KEY"]] = (env["TWILIO_API_SECRET"], sid)
    return EmulatorConfig(
        accounts=accounts,
        api_keys=keys,
        inventory=load_inventory_file(args.senders) if args.senders else None,
        progression=args.progression,
        self_check=args.self_check,
        max_body_bytes=args.max_body_bytes,
        rcs_capable=args.rcs_capable,
        retention=args.retention,
    )


def _split(text: str, parts: int, form: str) -> tuple[str, ...]:
    pieces = tuple(text.split(":", parts - 1))
    if len(pieces) != parts or not all(pieces):
        raise ValueError(f"expected {form}, got {text!r}")
    return pieces


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args, os.environ)
        app = create_app(config, Contract.load())
        sock = bind_socket(args.host, args.port)
    except (ValueError, OSError) as error:
        print(f"comms-emulator: error: {error}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    accounts = ", ".join(app.state.world.account_sids)
    ready = (
        f"{READY_PREFIX}http://{shown}:{port} (/v1, /preview; spec at /openapi.json; "
        f"control plane at /_emulator/) for accounts {accounts}; "
        f"progression {config.progression}; retention {config.retention}"
    )
    if not config.accounts:
        [default] = config.credentials().values()
        ready += (
            "\ncomms-emulator: no account configured; use the development account "
            f"{default.username}:{default.secret}"
        )
    server = GracefulServer(uvicorn.Config(app, log_level=args.log_level, lifespan="off"), ready)
    server.run(sockets=[sock])
    print("comms-emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
