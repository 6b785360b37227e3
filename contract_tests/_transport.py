"""How the suite's requests reach the target: guarded, rate limited, counted, and sent again
when the API was busy, by one rule and in one loop, for the suite's own requests and the
fuzzer's alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx
import requests

from comms_spec import Contract, Route, SpecOperation, parse_retry_after
from contract_tests._deadline import DEFAULT_REQUEST_DEADLINE, no_cookies
from contract_tests._headers import header
from contract_tests._patience import Inconclusive, Patience
from contract_tests._safety import Ledger, MutationGuard, RateLimiter
from contract_tests._target import Target, wire_transport
from contract_tests._timer import Timer


class _Answer(Protocol):
    """What the sending policy reads of a response, httpx's or Schemathesis'."""

    @property
    def status_code(self) -> int: ...


R = TypeVar("R", bound=_Answer)
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is honoured up to this
RETRIES = 5
# Sent again on a 503 without asking: a repeat leaves the same state (a 429 is documented as
# "not processed", so every method is sent again on it).
IDEMPOTENT = frozenset({"GET", "HEAD", "PATCH", "PUT"})

# Asked when a request that may not simply be resent answered 503: returns when reading shows
# it was not processed (it is then sent again), raises Inconclusive when it was or no read can
# tell.
UnknownOutcome = Callable[["Call"], None]
# A target whose requests fail this many times in a row (no connection, dropped, past the
# deadline) has stopped answering: the run ends there, as a set-up failure.
BROKEN_AFTER = 3
# ... and one whose answers to this many of the suite's requests in a row, sent with the run's
# own credentials, are 401 or 403 has stopped taking them (revoked mid-run, say): a set-up
# failure too, not hundreds of findings.
REFUSED_AFTER = 5
NETWORK_ERRORS = (httpx.TransportError, requests.exceptions.RequestException)


class TargetStopped(Exception):
    """The target stopped answering: no test can be judged any more (exit code 2)."""


class Stopping(Inconclusive):
    """The run is stopping (Ctrl-C, SIGTERM, --max-duration): the request was not sent, or
    its wait was cut short."""


@dataclass(frozen=True)
class Call:
    """One request, resolved once: its URL, its path under the API version, and the spec
    operation (with the path's parameters) it reaches, or None off the spec."""

    method: str
    url: str
    api_path: str
    route: Route | None = field(compare=False)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None

    @property
    def operation(self) -> SpecOperation | None:
        return None if self.route is None else self.route.operation(self.method)

    @property
    def op_id(self) -> str | None:
        operation = self.operation
        return None if operation is None else operation.op_id


class Transport:
    """The guard, the limiter, the request count and the one retry loop, over one client."""

    def __init__(
        self,
        contract: Contract,
        target: Target,
        ledger: Ledger,
        timer: Timer,
        patience: Patience,
        count: Callable[[], None],
        deadline: float = DEFAULT_REQUEST_DEADLINE,
    ) -> None:
        self.contract = contract
        self.target = target
        self.timer = timer
        self.patience = patience
        self.count = count
        self.guard = MutationGuard(
            ledger,
            contract,
            read_only=target.read_only,
            may_send=target.may_send,
            may_fuzz_sends=not target.external,
        )
        self.limiter = RateLimiter(target.rate_limit, timer)
        self.version_prefix = urlsplit(target.api_base).path  # e.g. /v1
        self.deadline = deadline
        self.client = httpx.Client(
            transport=wire_transport(target, deadline, patience.time_left),
            timeout=deadline,
            follow_redirects=False,
            cookies=no_cookies(),
        )
        self.failures = 0  # requests failed in a row
        self.refusals = 0  # requests with the run's credentials answered 401/403 in a row
        self.broken = ""  # why the target is taken as no longer answering

    def close(self) -> None:
        self.client.close()

    def api_path(self, url: str) -> str:
        """The path of `url` under its API version (any server of the spec: /v1, /preview)."""
        path = urlsplit(url).path
        if path.startswith(self.version_prefix + "/"):
            return path.removeprefix(self.version_prefix)
        version, _, rest = path.lstrip("/").partition("/")
        return f"/{rest}" if version in self.contract.api_versions else path

    def resolve(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        api_path: str | None = None,
    ) -> Call:
        """The request as the rest of the session sees it: the router is walked here, once."""
        path = self.api_path(url) if api_path is None else api_path
        query = {**_pairs(url), **(params or {})}
        route = self.contract.router.route(path)
        return Call(method.upper(), url, path, route, query, body)

    def may_resend(self, call: Call, status: int) -> bool:
        """The resend rule: a 429 is "not processed", so anything is sent again; a 503 only
        for what a repeat cannot change (GET, PATCH, PUT, and the POSTs the spec marks
        `x-read-only`: Search, Resolve)."""
        if status == 429:
            return True
        return status == 503 and (
            call.method in IDEMPOTENT or call.op_id in self.contract.read_only_op_ids
        )

    def gate(self, *, even_stopping: bool = False) -> None:
        """What every HTTP request of the run passes before it is sent, whoever sends it (the
        suite, the fuzzer, Schemathesis' own probes): the run is still going, the target still
        answers, the rate limit, the count."""
        if self.broken:
            raise TargetStopped(self.broken)
        if self.patience.abandoned:
            raise Stopping("not sent: the run was stopped at once (a second interrupt)")
        reason = self.patience.stopping()
        if reason and not even_stopping:
            raise Stopping(f"not sent: the run is stopping ({reason})")
        if reason and self.patience.grace_spent():
            raise Stopping(
                f"not sent: the run stopped ({reason}) and the "
                f"{self.patience.stop_grace:g} s its cleanup has after that are spent"
            )
        with self.patience.abortable():
            self.limiter.wait()
        self.count()

    def exchange(self, send: Callable[[], R]) -> R:
        """One exchange, counted towards "the target stopped answering"."""
        try:
            with self.patience.abortable():
                response = send()
        except NETWORK_ERRORS as error:
            reason = self.patience.stopping()
            if reason:  # cut short by the run's end (--max-duration): not the target's failure
                raise Stopping(f"no answer waited for: the run is stopping ({reason})") from error
            self.failures += 1
            if self.failures >= BROKEN_AFTER and not self.patience.stopping():
                self.broken = (
                    f"the target stopped answering: {self.failures} requests in a row failed "
                    f"(the last: {type(error).__name__}: {error})"
                )
            raise
        self.failures = 0
        return response

    def authenticated(self, call: Call, status: int) -> None:
        """The answer to one of the suite's requests sent with the run's own credentials,
        counted towards "the target refuses the credentials"."""
        if status not in (401, 403):
            self.refusals = 0
            return
        self.refusals += 1
        if self.refusals >= REFUSED_AFTER and not self.broken:
            self.broken = (
                f"the target refused the run's credentials: {self.refusals} requests in a row "
                f"sent with them answered 401/403 (the last: {call.method} {call.api_path} "
                f"answered {status}); check TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN "
                "(or TWILIO_API_KEY/TWILIO_API_SECRET)"
            )

    def send(
        self,
        call: Call,
        send: Callable[[], R],
        *,
        unknown_outcome: UnknownOutcome | None = None,
        gated: bool = True,
        even_stopping: bool = False,
    ) -> R:
        """The one sending policy: rate limited, counted, and sent again while the API is
        busy (see `may_resend`), waiting as `Retry-After` says, within the run's busy-wait
        budget. A 503 to anything else is sent again only when `unknown_outcome` finds by
        reading that it was not processed. (`gated=False`: `send` passes the gate itself.)"""
        for attempt in range(RETRIES + 1):
            if gated:
                self.gate(even_stopping=even_stopping)
            response = self.exchange(send) if gated else send()
            status = response.status_code
            if status not in (429, 503) or attempt == RETRIES:
                return response
            if not self.may_resend(call, status):
                if status != 503 or unknown_outcome is None:
                    return response
                unknown_outcome(call)  # returns: not processed, so sending again is safe
            delay = retry_delay(response, attempt)
            if not self.patience.may_wait(delay):
                return response  # the run's waiting is spent: the busy answer stands
            self.patience.retried(status)
            with self.patience.abortable():
                self.timer.sleep(delay)
        raise AssertionError("unreachable")

    def request(self, call: Call, **kwargs: Any) -> Callable[[], httpx.Response]:
        """What sends `call` once through the client (for `send` to repeat)."""
        return lambda: self.client.request(call.method, call.url, **kwargs)


def retry_delay(response: Any, attempt: int) -> float:
    """How long to wait before sending again: what `Retry-After` asks (up to a cap), else an
    exponential backoff. Works on httpx's and Schemathesis' responses alike."""
    asked = parse_retry_after(header(response, "Retry-After"))
    return backoff(attempt) if asked is None else min(asked, MAX_RETRY_AFTER)


def backoff(attempt: int) -> float:
    """Exponential backoff when the API does not say how long to wait."""
    return min(0.5 * 2.0**attempt, MAX_RETRY_AFTER)


def _pairs(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
