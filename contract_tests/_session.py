"""The HTTP session deterministic tests use: guarded, rate limited, patient with 429, and
validating every response against the spec."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx

from comms_spec import parse_retry_after
from contract_tests._checks import SuiteChecks
from contract_tests._context import RunContext
from contract_tests._headers import header
from contract_tests._patience import Inconclusive
from contract_tests._redaction import Redactor
from contract_tests._safety import (
    RUN_TAG,
    Blocked,
    Ledger,
    MutationGuard,
    RateLimiter,
    tag_for_run,
)
from contract_tests._target import Credentials, SyncASGITransport


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
TIMED_OUT = "operation_completes_within_timeout"


class ExchangeObserver(Protocol):
    """Sees every request the session sends and its answer (the parity recorder)."""

    def observe(
        self,
        response: httpx.Response,
        *,
        body: Any,
        content: bytes | None,
        credentials: Credentials | None,
        anonymous: bool,
    ) -> None: ...


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, kept for the drift report."""

    method: str
    url: str
    request_body: Any
    status: int
    response_text: str

    def curl(self, redactor: Redactor) -> str:
        parts = [f"curl -X {self.method} -u '[REDACTED]'"]
        if self.request_body is not None:
            parts.append(
                f"-H 'Content-Type: application/json' -d '{json.dumps(self.request_body)[:2000]}'"
            )
        parts.append(f"'{self.url}'")
        return redactor.redact(" ".join(parts))


class Drift(AssertionError):
    """The target answered in a way the spec does not allow."""

    def __init__(self, operation_id: str, check: str, message: str, exchange: Exchange) -> None:
        super().__init__(f"{operation_id}: [{check}] {message}")
        self.operation_id = operation_id
        self.check = check
        self.exchange = exchange


class ApiSession:
    def __init__(self, run: RunContext, ledger: Ledger, redactor: Redactor) -> None:
        self.run = run
        self.contract = run.contract
        self.target = target = run.target
        self.ledger = ledger
        self.redactor = redactor
        self.clock = run.clock
        self.checks = SuiteChecks(run.contract)
        self.guard = MutationGuard(
            ledger,
            run.contract,
            read_only=target.read_only,
            may_send=target.may_send,
            may_fuzz_sends=not target.external,
        )
        self.limiter = RateLimiter(target.rate_limit, run.clock)
        self.conformance = run.contract.conformance
        self.patience = run.patience
        self.version_prefix = urlsplit(target.api_base).path  # e.g. /v1
        transport = SyncASGITransport(target.app) if target.app is not None else None
        self._client = httpx.Client(transport=transport, timeout=60, follow_redirects=False)
        self.last: Exchange | None = None
        self.closed = False
        # Set to record a transcript (--record); None costs the run nothing.
        self.observer: ExchangeObserver | None = None

    def close(self) -> None:
        self.closed = True
        self._client.close()

    def operation_provenance(self, operation_id: str) -> str:
        if operation_id not in self.contract.operation_ids:
            return "documented"  # a finding about no single operation
        return self.contract.operation(operation_id).provenance

    # --- requests ----------------------------------------------------------------------------

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
        handed out (e.g. an operationLocation)."""
        url = path if path.startswith("http") else f"{self.target.api_base}{path}"
        api_path = self.api_path(url)
        self.guard.check(method, api_path)
        auth = None if anonymous else (credentials or self.target.credentials).pair
        response = self._send(
            method, url, json=json, params=params, content=content, headers=headers, auth=auth
        )
        operation = self.contract.router.match(method, api_path)
        # A caller that does not judge the answer (cleanup, the parity recorder) gets it as it
        # came, after the retries; one that judges it gets patience, or an inconclusive test.
        for attempt in range(RETRIES if validate else 0):
            if response.status_code != 503 or self._resendable(method, operation):
                break
            # A 503 to a POST or DELETE: "not known to be processed". Read to find out; send
            # again only what was not processed, so nothing is ever created twice.
            self._unknown_outcome(method, url, operation.operation_id if operation else None, json)
            self.clock.sleep(retry_delay(response, attempt))
            response = self._send(
                method, url, json=json, params=params, content=content, headers=headers, auth=auth
            )
        if validate and response.status_code in (429, 503):
            raise Inconclusive(
                f"{method} {api_path} still answered {response.status_code} after "
                f"{RETRIES} retries: the API is too busy to judge this test"
            )
        body = self._json(response)
        query = {**_pairs(url), **(params or {})}
        self.run.coverage.record(method, api_path, query, json, response.status_code, body)
        self.last = Exchange(
            method,
            str(response.request.url),
            json,
            response.status_code,
            self.redactor.redact(response.text[:2000]),
        )
        if self.observer is not None:
            self.observer.observe(
                response, body=json, content=content, credentials=credentials, anonymous=anonymous
            )
        if operation is not None:
            self.note_undeclared(
                operation.operation_id, response.status_code, body, response.headers, self.last
            )
        if validate and operation is not None:
            for violation in self.conformance.violations(
                operation.operation_id, response.status_code, body, response.headers
            ):
                raise Drift(operation.operation_id, violation.check, violation.message, self.last)
        return response

    def note_undeclared(
        self,
        operation_id: str,
        status: int,
        body: Any,
        headers: Mapping[str, Any],
        exchange: Exchange | None,
    ) -> None:
        """Additive drift (undeclared fields and headers) goes in the report without failing
        the test: clients are fine, the spec is stale."""
        for violation in self.conformance.undeclared(operation_id, status, body, headers):
            self.run.note_additive(
                {
                    "test": os.environ.get("PYTEST_CURRENT_TEST", "-").rsplit(" ", 1)[0],
                    "operation": operation_id,
                    "check": violation.check,
                    "provenance": "documented",
                    "impact": "additive",
                    "message": violation.message,
                    "reproduce": exchange.curl(self.redactor) if exchange else "",
                }
            )

    def api_path(self, url: str) -> str:
        """The path of `url` under its API version (any server of the spec: /v1, /preview)."""
        path = urlsplit(url).path
        if path.startswith(self.version_prefix + "/"):
            return path.removeprefix(self.version_prefix)
        version, _, rest = path.lstrip("/").partition("/")
        return f"/{rest}" if version in self.contract.api_versions else path

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        matched = self.contract.router.match(method, self.api_path(url))
        return self.send_patiently(
            method,
            lambda: self._client.request(method, url, **kwargs),
            operation_id=matched.operation_id if matched else None,
        )

    def _resendable(self, method: str, operation: Any) -> bool:
        """May a 503 be answered by sending again? For what a repeat cannot change: GET,
        PATCH, PUT, and the POSTs the spec marks `x-read-only` (Search, Resolve)."""
        return method.upper() in IDEMPOTENT or (
            operation is not None
            and operation.operation_id in self.contract.read_only_operation_ids
        )

    def send_patiently(
        self, method: str, send: Callable[[], R], *, operation_id: str | None = None
    ) -> R:
        """The one sending policy of the suite, for its own requests and the fuzzer's: rate
        limited, counted, and retried on 429 (documented as "not processed", so even a POST
        may be sent again) and on a GET's 503, waiting as `Retry-After` says."""
        for attempt in range(RETRIES + 1):
            self.limiter.wait()
            self.run.count_request()
            response = send()
            status = response.status_code
            retryable = status == 429 or (
                status == 503
                and (
                    method.upper() in IDEMPOTENT
                    or operation_id in self.contract.read_only_operation_ids
                )
            )
            if not retryable or attempt == RETRIES:
                return response
            self.patience.retried(status)
            self.clock.sleep(retry_delay(response, attempt))
        raise AssertionError("unreachable")

    def _unknown_outcome(self, method: str, url: str, operation_id: str | None, body: Any) -> None:
        """A POST or DELETE answered 503: find out by reading whether it was processed.
        Returns when it was not (the caller sends it again); raises Inconclusive when it was,
        or when no read can tell (the answer that was lost cannot be checked)."""
        what = f"{method} {urlsplit(url).path} answered 503"
        if operation_id == "createSenderPool" and isinstance(body, dict):
            known = set(self.ledger.pools)

            def strangers() -> list[str]:
                return [p for p in self.tagged_pools() if p not in known]

            # Wait the whole window: a pool that exists but is not listed yet must be found.
            made = self.patience.observe(strangers, lambda ids: False)
            if not made:
                return
            for pool_id in made:
                self.ledger.created(pool_id)
            raise Inconclusive(f"{what}, but reading back shows it was processed", processed=True)
        if method.upper() == "DELETE" and operation_id == "deleteSenderPool":
            if self.get(urlsplit(url).path.removeprefix(self.version_prefix)).status_code == 200:
                return
            raise Inconclusive(f"{what}, but reading back shows it was processed", processed=True)
        raise Inconclusive(f"{what}; not sent again, since no read tells if it was processed")

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return response.text

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def control(self, method: str, path: str, json: Any = None) -> Any:
        """A call to the emulator's control plane (tests that need the built-in emulator)."""
        assert self.target.control_url, "the target has no emulator control plane"
        # The control plane takes state changes only as application/json, even without a body.
        headers = {"Content-Type": "application/json"}
        url = f"{self.target.control_url}{path}"
        response = self._client.request(method, url, json=json, headers=headers)
        response.raise_for_status()
        return response.json()

    # --- workflows ---------------------------------------------------------------------------

    def create_pool(self, **body: Any) -> tuple[str, dict[str, Any]]:
        """Create a pool tagged with the run id; return (pool id, its completed Operation)."""
        body["tags"] = tag_for_run(body.get("tags"), self.ledger.run_id)
        accepted = self.request("POST", "/SenderPools", json=body)
        assert accepted.status_code == 202, f"create answered {accepted.status_code}"
        operation = self.wait_for_operation(accepted.json()["operationLocation"])
        pools = self.observe(
            lambda: self.collect("/SenderPools", "senderPools", operationId=operation["id"]),
            lambda found: len(found) == 1,
        )
        assert len(pools) == 1, f"GET /SenderPools?operationId= found {len(pools)} pools"
        self.ledger.created(pools[0]["id"])
        return pools[0]["id"], operation

    def adopt(self, operation_location: str) -> list[str]:
        """Put the pools an accepted Operation produced in the ledger, so cleanup finds them
        even when the create was not meant to succeed."""
        operation = self.wait_for_operation(operation_location)
        listed = self.observe(
            lambda: self.collect("/SenderPools", "senderPools", operationId=operation["id"]),
            lambda found: operation["status"] != "COMPLETED" or bool(found),
        )
        pools = [p["id"] for p in listed]
        for pool_id in pools:
            self.ledger.created(pool_id)
        return pools

    def observe(self, read: Callable[[], Any], until: Callable[[Any], bool]) -> Any:
        """Read a list until it shows what it must (`until`), within the consistency window;
        the last read either way, for the caller to judge."""
        return self.patience.observe(read, until)

    def wait_for_operation(self, location: str) -> dict[str, Any]:
        """Poll an Operation until it ends; past `--operation-timeout` that is a finding."""
        timeout = self.patience.operation_timeout
        deadline = self.clock.monotonic() + timeout
        delay = 0.05
        while True:
            operation: dict[str, Any] = self.get(location).json()
            if operation["status"] in self.contract.terminal_statuses:
                return operation
            if self.clock.monotonic() > deadline:
                path = urlsplit(location).path.removeprefix(self.version_prefix)
                matched = self.contract.router.match("GET", path)
                assert self.last is not None
                raise Drift(
                    matched.operation_id if matched else path,
                    TIMED_OUT,
                    f"Operation {operation['id']} did not complete: still "
                    f"{operation['status']} after {timeout:g}s (--operation-timeout)",
                    self.last,
                )
            self.clock.sleep(min(delay, max(deadline - self.clock.monotonic(), 0.01)))
            delay = min(delay * 2, 5.0)

    def collect(self, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a list, following `pagination.next`."""
        items: list[dict[str, Any]] = []
        query = dict(params)
        for _ in range(10_000):
            page = self.get(path, params=query).json()
            items += page[key]
            if page["pagination"]["next"] is None:
                return items
            query["pageToken"] = page["pagination"]["next"]
        raise AssertionError(f"{path}: pagination did not end after 10,000 pages")

    def tagged_pools(self) -> list[str]:
        """The pools listed with this run's tag (a list: recent ones may be missing). The
        pool list has no tag filter, so this reads every pool of the account."""
        return [
            p["id"]
            for p in self.collect("/SenderPools", "senderPools", pageSize=1000)
            if (p.get("tags") or {}).get(RUN_TAG) == self.ledger.run_id
        ]

    def cleanup(self) -> list[str]:
        """Delete every pool this run created, in the ledger or listed with the run's tag (a
        create whose answer was lost); return the ones that could not be deleted."""
        failed = []
        if not self.target.read_only:
            try:
                for pool_id in self.tagged_pools():
                    self.ledger.created(pool_id)
            except (httpx.HTTPError, Blocked, Inconclusive, Drift, KeyError, ValueError):
                pass  # the ledger alone, then
        for pool_id in self.ledger.remaining():
            try:
                status = self.request(
                    "DELETE", f"/SenderPools/{pool_id}", validate=False
                ).status_code
            except Inconclusive as unknown:
                status = 404 if unknown.processed else -1
            except (httpx.HTTPError, Blocked):
                status = -1
            if 200 <= status < 300 or status == 404:
                self.ledger.deleted.add(pool_id)
            else:
                failed.append(pool_id)
        return failed


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
