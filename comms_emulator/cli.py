"""`comms-emulator`: serve the emulator over HTTP.

Credentials come from repeatable --account SID:TOKEN and --api-key KEY:SECRET:SID, else from
TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN (and TWILIO_API_KEY + TWILIO_API_SECRET), else a default
development account that is printed at start-up.

The spec (COMMS_SPEC_PATH, else the kit's own) is read once at start-up but not validated:
validating it is the job of `nox -s lint` and the spec tests, so a launch stays well under a
second. Request schemas compile on first use.

Safety: it binds to loopback by default. Binding elsewhere (e.g. --host 0.0.0.0) needs
--allow-remote, a control token (--control-token or COMMS_EMULATOR_CONTROL_TOKEN, then sent as
`Authorization: Bearer <token>` on every /_emulator/ call) and an explicit --account: the
development account's credentials are published. URLs in responses start with --public-url
(default: the address a request arrived on), never with the request's Host header.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from comms_emulator._limits import (
    MAX_BODY_PIECES,
    MAX_HEAD_BYTES,
    MAX_HEADER_FIELDS,
    MAX_PIECES_PER_TURN,
    MAX_PIPELINED,
    MAX_TARGET_BYTES,
)
from comms_emulator._net import bind_socket
from comms_emulator._serve import ConnectionLimits, GracefulServer, server_config
from comms_emulator.app import create_app
from comms_emulator.config import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_JOURNAL_SIZE,
    DEFAULT_MAX_BODY_BYTES,
    EmulatorConfig,
)
from comms_emulator.http.render_cache import DEFAULT_MAX_BYTES
from comms_emulator.http.validation import MAX_PROBLEMS
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.inventory import load_inventory_file
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_emulator.models.records import MAX_STRING
from comms_emulator.models.retention import Retention
from comms_spec import Contract

READY_PREFIX = "comms-emulator listening on "
CONTROL_TOKEN_ENV = "COMMS_EMULATOR_CONTROL_TOKEN"
# Each kept request holds at most 16 KiB of body: a million is the most that stays sane.
MAX_JOURNAL_SIZE = 1_000_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="comms-emulator",
        description=__doc__,
        epilog=_fixed_limits(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface (default: 127.0.0.1); a non-loopback one needs --allow-remote",
    )
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
        "--pool-limits",
        type=_pool_quota,
        default=PoolQuota(),
        metavar="POOLS:MEMBERSHIPS",
        help="how many SenderPools, and pool memberships (pool, Sender pairs), each account may "
        "hold; a create or add-senders past either is answered 409, nothing applied (default: "
        f"{PoolQuota()}; full at the default: ~650 MiB more resident)",
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
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        metavar="N",
        help="request body limit, for the API and the control plane (default: 2 MiB): a body "
        "over it is refused at once (400; 413 on the control plane), the connection closes",
    )
    remote = parser.add_argument_group("reach and control plane")
    remote.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other hosts can reach; needs --control-token and --account",
    )
    remote.add_argument(
        "--control-token",
        metavar="TOKEN",
        help=f"require `Authorization: Bearer TOKEN` on /_emulator/ (or set {CONTROL_TOKEN_ENV})",
    )
    remote.add_argument(
        "--public-url",
        metavar="URL",
        help="origin of the URLs the emulator writes (Location, operationLocation, "
        "/openapi.json servers), e.g. http://emulator.internal:8080; default: the address a "
        "request arrived on",
    )
    limits = parser.add_argument_group("connections")
    default = ConnectionLimits()
    limits.add_argument(
        "--keep-alive-timeout",
        type=_seconds(whole=True),
        default=default.keep_alive_timeout,
        metavar="S",
        help=f"close an idle keep-alive connection after S seconds ({default.keep_alive_timeout})",
    )
    limits.add_argument(
        "--header-timeout",
        type=_seconds(),
        default=default.header_timeout,
        metavar="S",
        help=f"close a connection whose request headers take over S s ({default.header_timeout:g})",
    )
    limits.add_argument(
        "--body-timeout",
        type=_seconds(),
        default=DEFAULT_BODY_TIMEOUT,
        metavar="S",
        help=f"answer 408 to a request body not complete in S s ({DEFAULT_BODY_TIMEOUT:g})",
    )
    limits.add_argument(
        "--limit-concurrency",
        type=int,
        default=default.concurrency,
        metavar="N",
        help=f"at most N connections ({default.concurrency}); at the limit a new one displaces "
        "the longest-waiting connection without a request in flight, and a request is answered "
        "503 only when every connection has one in flight",
    )
    limits.add_argument(
        "--write-timeout",
        type=_seconds(),
        default=default.write_timeout,
        metavar="S",
        help="drop a connection whose client has not read its answers for S s "
        f"({default.write_timeout:g})",
    )
    limits.add_argument(
        "--shutdown-timeout",
        type=_seconds(whole=True),
        default=default.graceful_shutdown,
        metavar="S",
        help="on SIGTERM/SIGINT, wait at most S s for in-flight requests "
        f"({default.graceful_shutdown})",
    )
    variance = parser.add_argument_group("variance of a real, busy API (all off by default)")
    variance.add_argument(
        "--consistency",
        type=_consistency,
        default=Consistency(),
        help="strong (default) or eventual:SECONDS: lists show every write (create, change, "
        "removal) that much later; fetch by id at once",
    )
    variance.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        metavar="R",
        help="answer a fraction R of requests 429 or 503 (seeded); default 0",
    )
    variance.add_argument("--fault-seed", type=int, default=None, help="seed for --fault-rate")
    variance.add_argument(
        "--fault-retry-after",
        type=int,
        default=1,
        metavar="SECONDS",
        help="the Retry-After of --fault-rate's answers (default 1)",
    )
    variance.add_argument(
        "--latency", type=float, default=0.0, metavar="SECONDS", help="delay every answer"
    )
    parser.add_argument(
        "--journal-size",
        type=_journal_size,
        default=DEFAULT_JOURNAL_SIZE,
        metavar="N",
        help="how many requests GET /_emulator/requests keeps, oldest dropped first "
        f"(default {DEFAULT_JOURNAL_SIZE}; 0 turns the journal off)",
    )
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser


def _fixed_limits() -> str:
    retention = Retention()
    return (
        "fixed limits (docs/sdk-authors/emulator-limits.md), each answered in the API's error "
        "shape:\n"
        f"  request line + headers <= {MAX_HEAD_BYTES:,} bytes and {MAX_HEADER_FIELDS} fields "
        f"(431); request target <= {MAX_TARGET_BYTES:,} bytes (414);\n"
        "  HTTP/1.0 and 1.1 only, with one Host (400); Transfer-Encoding exactly "
        "`chunked`,\n  never with Content-Length (400); "
        f"a stored string <= {MAX_STRING:,} characters (400);\n"
        f"  a request body in <= {MAX_BODY_PIECES:,} pieces (chunks; 400), parsed at most "
        f"{MAX_PIECES_PER_TURN:,} per connection\n  per turn of the event loop (each "
        "connection streaming tiny chunks delays another's request by\n  ~2 ms a turn, for "
        f"a few turns); at most {MAX_PIPELINED} pipelined requests read ahead;\n"
        f"  at most {MAX_PROBLEMS} problems "
        "are looked for in a rejected body, a body over 16 KiB is checked off the event loop;\n"
        f"  Messages kept per account <= {retention.max_records:,} and ~"
        f"{retention.max_bytes >> 20} MiB of content (oldest dropped); pool encodings cached "
        f"<= ~{DEFAULT_MAX_BYTES >> 20} MiB."
    )


def _journal_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        size = -1
    if not 0 <= size <= MAX_JOURNAL_SIZE:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to {MAX_JOURNAL_SIZE}, got {text!r}"
        )
    return size


def _consistency(text: str) -> Consistency:
    try:
        return Consistency.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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


def _pool_quota(text: str) -> PoolQuota:
    try:
        return PoolQuota.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _seconds(*, whole: bool = False) -> type[float] | type[int]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0) or (whole and not value.is_integer()):
            kind = "a whole number of seconds" if whole else "seconds"
            raise argparse.ArgumentTypeError(f"expected {kind} > 0, got {text!r}")
        return int(value) if whole else value

    return parse  # type: ignore[return-value]


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_reach(args: argparse.Namespace, config: EmulatorConfig) -> str | None:
    """Why this bind is refused (None: allowed). Off loopback, anyone on the network can
    reach the API and the control plane: that must be asked for, and guarded."""
    if is_loopback(args.host):
        return None
    if not args.allow_remote:
        return (
            f"--host {args.host} lets other hosts reach the emulator and its control plane; "
            "pass --allow-remote (with --control-token and --account) if that is intended"
        )
    if not config.control_token:
        return (
            f"--host {args.host} needs a control token: pass --control-token TOKEN or set "
            f"{CONTROL_TOKEN_ENV}, then send `Authorization: Bearer TOKEN` to /_emulator/"
        )
    if not config.accounts:
        return (
            f"--host {args.host} needs --account SID:TOKEN (or TWILIO_ACCOUNT_SID and "
            "TWILIO_AUTH_TOKEN): the development account's credentials are published"
        )
    return None


def _public_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"--public-url must be an http(s) URL such as http://host:8080, got {text!r}"
        )
    return text.rstrip("/")


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
        pool_quota=args.pool_limits,
        control_token=args.control_token or env.get(CONTROL_TOKEN_ENV) or None,
        body_timeout=args.body_timeout,
        public_url=_public_url(args.public_url) if args.public_url else None,
        consistency=args.consistency,
        fault_rate=args.fault_rate,
        fault_seed=args.fault_seed,
        fault_retry_after=args.fault_retry_after,
        latency=args.latency,
        journal_size=args.journal_size,
    )


def _split(text: str, parts: int, form: str) -> tuple[str, ...]:
    pieces = tuple(text.split(":", parts - 1))
    if len(pieces) != parts or not all(pieces):
        raise ValueError(f"expected {form}, got {text!r}")
    return pieces


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    sock = None
    try:
        config = config_from_args(args, os.environ)
        refusal = check_reach(args, config)
        if refusal:
            raise ValueError(refusal)
        sock = bind_socket(args.host, args.port)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        app = create_app(config, Contract.load())
    except (ValueError, OSError) as error:
        if sock is not None:
            sock.close()
        print(f"comms-emulator: error: {error}", file=sys.stderr)
        return 2
    accounts = ", ".join(app.state.world.account_sids)
    ready = (
        f"{READY_PREFIX}http://{shown}:{port} (/v1, /preview; spec at /openapi.json; "
        f"control plane at /_emulator/) for accounts {accounts}; "
        f"progression {config.progression}; retention {config.retention}"
    )
    if config.public_url:
        ready += f"\ncomms-emulator: URLs in responses start with {config.public_url}"
    if not is_loopback(args.host):
        # After the start-up line, which supervisors and tests read first.
        ready += (
            f"\ncomms-emulator: WARNING: listening on {args.host}: other hosts can reach the "
            "API, and with the control token the control plane. The control plane accepts "
            "a Host naming loopback, the address a client connected to, or --public-url's host."
        )
    if not config.accounts:
        [default] = config.credentials().values()
        ready += (
            "\ncomms-emulator: no account configured; use the development account "
            f"{default.username}:{default.secret}"
        )
    limits = ConnectionLimits(
        keep_alive_timeout=args.keep_alive_timeout,
        header_timeout=args.header_timeout,
        concurrency=args.limit_concurrency,
        write_timeout=args.write_timeout,
        graceful_shutdown=args.shutdown_timeout,
    )
    server = GracefulServer(server_config(app, limits, log_level=args.log_level), ready)
    server.run(sockets=[sock])
    print("comms-emulator stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
