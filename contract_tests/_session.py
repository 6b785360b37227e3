"""The HTTP session deterministic tests use: a transport (guard, rate limit, patience with
429/503), a judge (every answer against the spec, coverage, the recorder) and the workflows,
put together. Each request is resolved against the spec once, and that resolution is what the
guard, the retry rule and every observer read."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx

from comms_spec import Contract
from contract_tests._checks import SuiteChecks
from contract_tests._context import RunContext
from contract_tests._coverage import Coverage
from contract_tests._deadline import DEFAULT_REQUEST_DEADLINE
from contract_tests._judge import AdditiveSink, Drift, Exchange, ExchangeObserver, Judge, Observed
from contract_tests._patience import Inconclusive, Patience
from contract_tests._redaction import Redactor
from contract_tests._safety import Ledger
from contract_tests._strict_json import strict_loads
from contract_tests._target import Credentials, Target
from contract_tests._timer import SYSTEM_TIMER, Timer
from contract_tests._transport import RETRIES, Transport, backoff, retry_delay
from contract_tests._workflows import TIMED_OUT, PoolWorkflows

__all__ = ["RETRIES", "TIMED_OUT", "ApiSession", "Drift", "Exchange", "backoff", "retry_delay"]


# The header that picks an emulator fault or variance rule armed with that key (the emulator's
# RULE_KEY_HEADER; tests/emulator/test_faults.py holds the two names equal).
EMULATOR_RULE_KEY = "X-Emulator-Rule-Key"


class ApiSession(PoolWorkflows):
    def __init__(
        self,
        contract: Contract,
        target: Target,
        ledger: Ledger,
        redactor: Redactor,
        *,
        timer: Timer = SYSTEM_TIMER,
        patience: Patience | None = None,
        coverage: Coverage | None = None,
        additive: AdditiveSink | None = None,
        count: Callable[[], None] | None = None,
        deadline: float = DEFAULT_REQUEST_DEADLINE,
    ) -> None:
        """A session of its own (parity, replay); a conformance run's is `for_run`."""
        self.contract = contract
        self.target = target
        self.ledger = ledger
        self.redactor = redactor
        self.timer = timer
        self.patience = patience if patience is not None else Patience(timer)
        self.requests_sent = 0
        self._count = count
        self._lock = threading.Lock()
        self.transport = Transport(
            contract, target, ledger, timer, self.patience, self._sent, deadline
        )
        self.guard = self.transport.guard
        self.version_prefix = self.transport.version_prefix
        self.judge = Judge(contract, redactor, coverage=coverage, additive=additive)
        self.checks = SuiteChecks(contract)
        self.closed = False

    @classmethod
    def for_run(cls, run: RunContext, ledger: Ledger, redactor: Redactor) -> ApiSession:
        """The session of a conformance run: its timer, patience, coverage, additive findings
        and request count are the run's."""
        return cls(
            run.contract,
            run.target,
            ledger,
            redactor,
            timer=run.timer,
            patience=run.patience,
            coverage=run.coverage,
            additive=run.note_additive,
            count=run.count_request,
            deadline=run.request_deadline,
        )

    def _sent(self) -> None:
        with self._lock:
            self.requests_sent += 1
        if self._count is not None:
            self._count()

    @property
    def last(self) -> Exchange | None:
        return self.judge.last

    @property
    def test_name(self) -> str:
        return self.judge.test

    @property
    def observer(self) -> ExchangeObserver | None:
        return self.judge.observer

    @observer.setter
    def observer(self, observer: ExchangeObserver | None) -> None:
        self.judge.observer = observer

    def close(self) -> None:
        self.closed = True
        self.transport.close()

    def api_path(self, url: str) -> str:
        return self.transport.api_path(url)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        credentials: Credentials | None = None,
        anonymous: bool = False,
        validate: bool = True,
    ) -> httpx.Response:
        """`path` is relative to the API base (e.g. /SenderPools) or an absolute URL the API
        handed out (e.g. an operationLocation). A caller that does not judge the answer
        (cleanup, the parity recorder) gets it as it came, after the retries; one that judges
        it gets patience, or an inconclusive test."""
        url = path if path.startswith("http") else f"{self.target.api_base}{path}"
        if _origin(url) != _origin(self.target.api_base):
            raise OffTarget(
                f"{method} {url}: not sent: a URL the API handed out (an operationLocation) "
                f"that is not on the target ({_origin(self.target.api_base)}); the run's "
                "credentials go to the target alone"
            )
        call = self.transport.resolve(method, url, params=params, body=json)
        self.guard.check_operation(call.method, call.api_path, call.operation)
        auth = None if anonymous else (credentials or self.target.credentials).pair
        send = self.transport.request(
            call, json=json, params=params, content=content, headers=headers, auth=auth
        )
        response = self.transport.send(
            call,
            send,
            unknown_outcome=self.unknown_outcome if validate else None,
            even_stopping=not validate,  # cleanup goes on while the run stops
        )
        if credentials is None and not anonymous:
            self.transport.authenticated(call, response.status_code)
        if validate and response.status_code in (429, 503):
            raise Inconclusive(
                f"{call.method} {call.api_path} still answered {response.status_code} after "
                f"up to {RETRIES} retries (within the run's busy-wait budget): the API is too "
                "busy to judge this test"
            )
        seen = Observed(call, response, _json(response), content, credentials, anonymous)
        self.judge.judge(seen, validate=validate)
        return response

    def control(self, method: str, path: str, json: Any = None) -> Any:
        """A call to the emulator's control plane (tests that need the built-in emulator)."""
        assert self.target.control_url, "the target has no emulator control plane"
        # The control plane takes state changes only as application/json, even without a body.
        headers = {"Content-Type": "application/json"}
        url = f"{self.target.control_url}{path}"
        client = self.transport.client
        self.transport.gate()  # counted and rate limited like every request of the run
        response = self.transport.exchange(
            lambda: client.request(method, url, json=json, headers=headers)
        )
        response.raise_for_status()
        return response.json()


class OffTarget(AssertionError):
    """A URL the API handed out points off the target: never sent (a finding)."""


def _origin(url: str) -> str:
    parsed = httpx.URL(url)
    port = parsed.port or {"http": 80, "https": 443}.get(parsed.scheme)
    return f"{parsed.scheme}://{parsed.host}:{port}"


def _json(response: httpx.Response) -> Any:
    """The answer's JSON; its text when it is not JSON, or when an object in it has a key
    twice (which value a client reads is then up to its parser: drift, judged as a body
    that is not the schema's)."""
    try:
        return strict_loads(response.content)
    except ValueError:
        return response.text
