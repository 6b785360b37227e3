"""Which API the suite talks to, and with what credentials."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.asgi_transport import SyncASGITransport
from comms_spec import Contract
from contract_tests._deadline import DeadlineTransport, no_cookies, unbounded
from contract_tests._strict_json import strict_loads

# The built-in emulator's accounts: two, so account isolation can be tested.
EMULATOR_ACCOUNTS = {
    "AC" + "c0" * 16: "conformance-token-1",
    "AC" + "c1" * 16: "conformance-token-2",
}

# Who the built-in emulator's sends go to: invented numbers, since nothing leaves it.
EMULATOR_RECIPIENTS = (
    ("+19143188062", "PHONE"),
    ("+12025550100", "PHONE"),
    ("+12025550101", "WHATSAPP"),
)


# Every variable a credential may come from.
SECRET_VARIABLES = (
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_API_KEY",
    "TWILIO_API_SECRET",
    "TWILIO_SECOND_ACCOUNT_SID",
    "TWILIO_SECOND_AUTH_TOKEN",
)


class TargetError(Exception):
    """The target cannot be used as given (exit code 2)."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(repr=False)

    @property
    def pair(self) -> tuple[str, str]:
        return (self.username, self.password)


@dataclass(frozen=True)
class Target:
    name: str
    api_base: str  # e.g. https://comms.twilio.com/v1, no trailing slash
    credentials: Credentials
    second_account: Credentials | None = None
    app: Any = None  # an ASGI app reached in-process, or None for a network target
    control_url: str | None = None  # the emulator's control plane, when the target has one
    external: bool = False  # not the suite's own emulator: every safety rule applies
    read_only: bool = False
    rate_limit: float | None = None  # requests per second, None for unlimited
    # Sending Messages reaches real people on a real account: only the built-in emulator is
    # sent to, unless --allow-sending names the recipients (--send-to) the sends may go to.
    allow_sending: bool = False
    send_to: tuple[tuple[str, str], ...] = ()
    # Credential values of the environment the run does not authenticate with (the account SID
    # and token beside an API key): never printed either.
    other_secrets: tuple[str, ...] = field(default=(), repr=False)
    # Known, not probed: the built-in emulator a runner (or this process) started serves
    # strong consistency, so nothing is waited out to prove an absence on it.
    strongly_consistent: bool = False
    # Requests already sent to it while it was set up (the control-plane probe, the preflight
    # read): the first of the run's count.
    setup_requests: int = 0

    @property
    def may_send(self) -> bool:
        return not self.external or self.allow_sending

    @property
    def recipients(self) -> tuple[tuple[str, str], ...]:
        """(address, channel) pairs the deterministic send tests use."""
        return self.send_to or (() if self.external else EMULATOR_RECIPIENTS)

    @property
    def secrets(self) -> list[str]:
        """Every credential value, for redaction."""
        found = [self.credentials.password, self.credentials.username]
        if self.second_account:
            found += [self.second_account.password, self.second_account.username]
        return [s for s in [*found, *self.other_secrets] if s]


def wire_transport(
    target: Target, deadline: float, cap: Callable[[], float] = unbounded
) -> httpx.BaseTransport:
    """How requests reach `target`, each within `deadline` seconds (and `cap()`, what is left
    of the run): into its ASGI app in this process, or over the network. Decided here, with
    the target, so no other module of the suite needs the emulator."""
    if target.app is not None:
        return DeadlineTransport(deadline, SyncASGITransport(target.app), cap)
    return DeadlineTransport(deadline, cap=cap)


def in_process_target(
    contract: Contract | None = None, *, fault_seed: int | None = None, **overrides: Any
) -> Target:
    """The emulator in this process, serving `contract` (the run's; a caller without one gets
    the kit's spec); `fault_seed` seeds its fault injection (the run's, derived)."""
    config = EmulatorConfig(
        accounts=dict(EMULATOR_ACCOUNTS), self_check=True, fault_seed=fault_seed
    )
    app = create_app(config, contract or Contract.load())
    first, second = (Credentials(sid, token) for sid, token in EMULATOR_ACCOUNTS.items())
    return Target(
        name="emulator (in-process)",
        api_base="http://emulator.local/v1",
        credentials=first,
        second_account=second,
        app=app,
        control_url="http://emulator.local/_emulator",
        strongly_consistent=True,
        **overrides,
    )


def url_target(base_url: str, env: Mapping[str, str], **overrides: Any) -> Target:
    """Any server. Credentials come from the standard Twilio variables; a second account for the
    isolation tests from TWILIO_SECOND_ACCOUNT_SID / TWILIO_SECOND_AUTH_TOKEN."""
    base = base_url.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise TargetError(f"--base-url must be an http(s) URL, got {base_url!r}")
    if base.rsplit("/", 1)[-1] not in ("v1", "preview"):
        base += "/v1"
    credentials = _credentials(env)
    second = None
    if env.get("TWILIO_SECOND_ACCOUNT_SID") and env.get("TWILIO_SECOND_AUTH_TOKEN"):
        second = Credentials(env["TWILIO_SECOND_ACCOUNT_SID"], env["TWILIO_SECOND_AUTH_TOKEN"])
    origin = base.rsplit("/", 1)[0]
    control_url = _probe_control_plane(origin, credentials.username)
    _pace(overrides.get("rate_limit"))
    return Target(
        name=base,
        api_base=base,
        credentials=credentials,
        second_account=second,
        other_secrets=secrets_given(env, [base_url]),
        control_url=control_url,
        external=True,
        setup_requests=1,
        **overrides,
    )


def _pace(rate_limit: float | None) -> None:
    """After a set-up request, the pause the run's rate limit asks before the next request
    (the run's limiter starts after them)."""
    if rate_limit:
        time.sleep(1 / rate_limit)


def secrets_given(env: Mapping[str, str], urls: Iterable[str]) -> tuple[str, ...]:
    """Every credential value the user handed the run: the environment's, and any in the
    user-info of a URL (`https://SID:TOKEN@host`), which would otherwise be printed with it."""
    found = [env[name] for name in SECRET_VARIABLES if env.get(name)]
    for url in urls:
        parts = urlsplit(url) if "://" in url else None
        if parts is not None and "@" in parts.netloc:
            found += [unquote(parts.username or ""), unquote(parts.password or "")]
    return tuple(s for s in found if s)


def _credentials(env: Mapping[str, str]) -> Credentials:
    if env.get("TWILIO_API_KEY") and env.get("TWILIO_API_SECRET"):
        return Credentials(env["TWILIO_API_KEY"], env["TWILIO_API_SECRET"])
    if env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"):
        return Credentials(env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"])
    raise TargetError(
        "no credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
        "(or TWILIO_API_KEY and TWILIO_API_SECRET)"
    )


PROBE_DEADLINE = 5.0  # seconds for the control-plane probe, its whole answer included
PROBE_LIMIT = 64 * 1024  # bytes: an emulator's summary is a few hundred; more is not one

# GET /_emulator/ of the kit's emulator (comms_emulator/http/control.py): exactly these keys,
# and each account exactly its SID and these counts. Anything else is not the kit's emulator.
_SUMMARY_KEYS = frozenset(
    {"accounts", "progression", "consistency", "rcsCapable", "faults", "refusals"}
)
_ACCOUNT_COUNTS = frozenset(
    {"senders", "senderPools", "operations", "messages", "messageOperations"}
)
_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
# Twilio's own hosts are never an emulator, whatever they answer.
_TWILIO_HOSTS = ("twilio.com",)


def _probe_control_plane(origin: str, account: str) -> str | None:
    """An emulator answers GET /_emulator/ with its accounts; Twilio does not. Believed only
    when the answer is exactly the kit's summary and lists the run's own account: what the
    runner then does (the emulator-only tests, their control-plane calls) must not be
    something any server can switch on by mentioning "accounts". (No reset is ever sent to a
    target the runner did not start, believed an emulator or not: `test_stateful`.)"""
    host = (httpx.URL(origin).host or "").lower().rstrip(".")
    if any(host == name or host.endswith("." + name) for name in _TWILIO_HOSTS):
        return None
    try:
        with (
            _client(PROBE_DEADLINE) as client,
            client.stream("GET", f"{origin}/_emulator/") as response,
        ):
            if response.status_code != 200:
                return None
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > PROBE_LIMIT:
                    return None
            kind = response.headers.get("content-type", "")
    except httpx.HTTPError:
        return None
    return f"{origin}/_emulator" if is_emulator_summary(kind, body, account) else None


def is_emulator_summary(content_type: str, body: bytes, account: str) -> bool:
    """Whether an answer to GET /_emulator/ is the kit's emulator's summary, listing
    `account` (the run's credentials' account; an API key's run names no account)."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        return False
    try:
        summary = strict_loads(body)
    except ValueError:  # duplicate keys too: a spoofer's, not the emulator's
        return False
    if not isinstance(summary, dict) or set(summary) != _SUMMARY_KEYS:
        return False
    accounts = summary["accounts"]
    if not isinstance(accounts, list) or not accounts:
        return False
    sids = []
    for entry in accounts:
        if not isinstance(entry, dict) or set(entry) != _ACCOUNT_COUNTS | {"sid"}:
            return False
        sid = entry["sid"]
        if not isinstance(sid, str) or not _ACCOUNT_SID.fullmatch(sid):
            return False
        if not all(_count(entry[name]) for name in _ACCOUNT_COUNTS):
            return False
        sids.append(sid)
    shapes = (
        isinstance(summary["progression"], str),
        isinstance(summary["consistency"], str),
        isinstance(summary["rcsCapable"], list),
        isinstance(summary["faults"], list),
        isinstance(summary["refusals"], dict),
    )
    named = not account.startswith("AC") or account in sids
    return all(shapes) and len(set(sids)) == len(sids) and named


def _count(value: object) -> bool:
    return type(value) is int and 0 <= value < 2**63


def _client(deadline: float) -> httpx.Client:
    transport = DeadlineTransport(deadline)
    return httpx.Client(
        transport=transport, timeout=deadline, follow_redirects=False, cookies=no_cookies()
    )


def preflight(target: Target, deadline: float) -> Target:
    """One authenticated read before any test: a target that cannot be reached, drops the
    connection, or refuses the credentials is a set-up error (exit 2), never drift. The target,
    with the read counted."""
    if target.app is not None:
        return target
    try:
        with _client(deadline) as client:
            response = client.get(
                f"{target.api_base}/Senders",
                params={"pageSize": 1},
                auth=target.credentials.pair,
            )
    except httpx.HTTPError as error:
        raise TargetError(f"cannot reach {target.name}: {type(error).__name__}: {error}") from None
    if response.status_code in (401, 403):
        raise TargetError(
            f"{target.name} refused the credentials (HTTP {response.status_code} to an "
            "authenticated GET /Senders): check TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN "
            "(or TWILIO_API_KEY/TWILIO_API_SECRET)"
        )
    _pace(target.rate_limit)
    return replace(target, setup_requests=target.setup_requests + 1)


def target_from_options(
    base_url: str | None,
    *,
    contract: Contract,
    read_only: bool,
    rate_limit: float | None,
    owned: bool = False,
    allow_sending: bool = False,
    send_to: list[str] | None = None,
    env: Mapping[str, str] | None = None,
    fault_seed: int | None = None,
) -> Target:
    target = _target(contract, base_url, read_only, rate_limit, owned, env, fault_seed)
    return apply_sending(target, allow_sending, send_to or [], contract)


def apply_sending(
    target: Target, allow_sending: bool, send_to: list[str], contract: Contract
) -> Target:
    """The target with the run's sending rules, checked: real Messages go only to the
    recipients the user names."""
    recipients = tuple(_recipient(text, contract) for text in send_to)
    if target.external and recipients and not allow_sending:
        raise TargetError("--send-to only takes effect with --allow-sending")
    if target.external and allow_sending and not recipients:
        raise TargetError(
            f"--allow-sending against {target.name} sends real Messages: name who may receive "
            "them with --send-to ADDRESS:CHANNEL (repeatable; channel such as "
            f"{', '.join(_channel_examples(contract))})"
        )
    return replace(target, allow_sending=allow_sending, send_to=recipients)


def owned_emulator_target(origin: str, **overrides: Any) -> Target:
    """The built-in emulator a runner started at `origin`: the runner knows its accounts and
    control plane, so nothing is read from the environment or probed."""
    base = origin.rstrip("/") + "/v1"
    first, second = (Credentials(sid, token) for sid, token in EMULATOR_ACCOUNTS.items())
    return Target(
        name=f"emulator over HTTP ({base})",
        api_base=base,
        credentials=first,
        second_account=second,
        control_url=origin.rstrip("/") + "/_emulator",
        strongly_consistent=True,
        **overrides,
    )


def _channel_examples(contract: Contract) -> list[str]:
    # The recipient channels are open in the spec (no page closes the list): its examples.
    schema = contract.schema("RecipientChannel")
    return list(schema.get("enum") or schema.get("examples", []))


def _recipient(text: str, contract: Contract) -> tuple[str, str]:
    address, _, channel = text.rpartition(":")
    schema = contract.schema("RecipientChannel")
    if not address or not channel or not contract.validator(schema).is_valid(channel):
        raise TargetError(
            "--send-to takes ADDRESS:CHANNEL with a recipient channel such as "
            f"{', '.join(_channel_examples(contract))}, got {text!r}"
        )
    return address, channel


def _target(
    contract: Contract,
    base_url: str | None,
    read_only: bool,
    rate_limit: float | None,
    owned: bool,
    env: Mapping[str, str] | None,
    fault_seed: int | None = None,
) -> Target:
    if base_url:
        target = url_target(
            base_url, os.environ if env is None else env, read_only=read_only, rate_limit=rate_limit
        )
        if owned and target.control_url is None:
            raise TargetError("--owned-target needs an emulator at --base-url")
        return (
            replace(target, name=f"emulator over HTTP ({target.api_base})", external=False)
            if owned
            else target
        )
    return in_process_target(
        contract, fault_seed=fault_seed, read_only=read_only, rate_limit=rate_limit
    )
