"""The HTTP session deterministic tests use: guarded, rate limited, patient with 429, and
validating every response against the spec."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from comms_spec import (
    ResponseConformance,
    iter_operations,
    load_spec,
    sending_operation_ids,
    terminal_statuses,
)
from contract_tests._asgi import SyncASGITransport
from contract_tests._context import context
from contract_tests._routes import OperationRouter
from contract_tests._safety import Blocked, Ledger, MutationGuard, RateLimiter, tag_for_run
from contract_tests._target import Credentials, Target
from contract_tests.redaction import Redactor
from contract_tests.responses import header

R = TypeVar("R")
MAX_RETRY_AFTER = 30.0  # seconds; a longer Retry-After is honoured up to this
RETRIES = 5


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
    def __init__(self, target: Target, ledger: Ledger, redactor: Redactor) -> None:
        self.target = target
        self.ledger = ledger
        self.redactor = redactor
        spec = load_spec()
        self.router = OperationRouter(spec)
        sending = sending_operation_ids(spec)
        self.guard = MutationGuard(
            ledger,
            read_only=target.read_only,
            sends=lambda method, path: self.router.operation_id(method, path) in sending,
            may_send=target.may_send,
            may_fuzz_sends=not target.external,
        )
        self.limiter = RateLimiter(target.rate_limit)
        self.conformance = ResponseConformance(spec)
        self._operation_provenance = {
            op.operation_id: op.node.get("x-provenance", "documented")
            for op in iter_operations(spec)
        }
        self.terminal_statuses = terminal_statuses(spec)
        self.version_prefix = urlsplit(target.api_base).path  # e.g. /v1
        transport = SyncASGITransport(target.app) if target.app is not None else None
        self._client = httpx.Client(transport=transport, timeout=60, follow_redirects=False)
        self.last: Exchange | None = None
        self.closed = False

    def close(self) -> None:
        self.closed = True
        self._client.close()

    def operation_provenance(self, operation_id: str) -> str:
        return self._operation_provenance.get(operation_id, "documented")

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
        api_path = urlsplit(url).path.removeprefix(self.version_prefix)
        self.guard.check(method, api_path)
        auth = None if anonymous else (credentials or self.target.credentials).pair
        response = self._send(
            method, url, json=json, params=params, content=content, headers=headers, auth=auth
        )
        body = self._json(response)
        self.last = Exchange(
            method,
            str(response.request.url),
            json,
            response.status_code,
            self.redactor.redact(response.text[:2000]),
        )
        operation_id = self.router.operation_id(method, api_path)
        if validate and operation_id is not None:
            for violation in self.conformance.violations(
                operation_id, response.status_code, body, response.headers
            ):
                raise Drift(operation_id, violation.check, violation.message, self.last)
        return response

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.send_patiently(method, lambda: self._client.request(method, url, **kwargs))

    def send_patiently(self, method: str, send: Callable[[], R]) -> R:
        """The one sending policy of the suite, for its own requests and the fuzzer's: rate
        limited, counted, and retried on 429 (documented as "not processed", so even a POST
        may be sent again) and on a GET's 503, waiting as `Retry-After` says."""
        for attempt in range(RETRIES + 1):
            self.limiter.wait()
            context().count_request()
            response = send()
            status = response.status_code  # type: ignore[attr-defined]
            retryable = status == 429 or (status == 503 and method.upper() == "GET")
            if not retryable or attempt == RETRIES:
                return response
            time.sleep(_retry_after(response, attempt))
        raise AssertionError("unreachable")

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
        response = self._client.request(method, f"{self.target.control_url}{path}", json=json)
        response.raise_for_status()
        return response.json()

    # --- workflows ---------------------------------------------------------------------------

    def create_pool(self, **body: Any) -> tuple[str, dict[str, Any]]:
        """Create a pool tagged with the run id; return (pool id, its completed Operation)."""
        body["tags"] = tag_for_run(body.get("tags"), self.ledger.run_id)
        accepted = self.request("POST", "/SenderPools", json=body)
        assert accepted.status_code == 202, f"create answered {accepted.status_code}"
        operation = self.wait_for_operation(accepted.json()["operationLocation"])
        pools = self.collect("/SenderPools", "senderPools", operationId=operation["id"])
        assert len(pools) == 1, f"GET /SenderPools?operationId= found {len(pools)} pools"
        self.ledger.created(pools[0]["id"])
        return pools[0]["id"], operation

    def adopt(self, operation_location: str) -> list[str]:
        """Put the pools an accepted Operation produced in the ledger, so cleanup finds them
        even when the create was not meant to succeed."""
        operation = self.wait_for_operation(operation_location, timeout=60)
        pools = [
            p["id"]
            for p in self.collect("/SenderPools", "senderPools", operationId=operation["id"])
        ]
        for pool_id in pools:
            self.ledger.created(pool_id)
        return pools

    def wait_for_operation(self, location: str, timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        delay = 0.05
        while True:
            operation: dict[str, Any] = self.get(location).json()
            if operation["status"] in self.terminal_statuses:
                return operation
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"Operation {operation['id']} still {operation['status']} after {timeout:.0f}s"
                )
            time.sleep(delay)
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

    def cleanup(self) -> list[str]:
        """Delete every pool this run created; return the ones that could not be deleted."""
        failed = []
        for pool_id in self.ledger.remaining():
            try:
                status = self.request(
                    "DELETE", f"/SenderPools/{pool_id}", validate=False
                ).status_code
            except (httpx.HTTPError, Blocked):
                status = -1
            if 200 <= status < 300 or status == 404:
                self.ledger.deleted.add(pool_id)
            else:
                failed.append(pool_id)
        return failed


def _retry_after(response: Any, attempt: int) -> float:
    try:
        return min(float(header(response, "Retry-After") or ""), MAX_RETRY_AFTER)
    except ValueError:
        return min(0.5 * 2**attempt, MAX_RETRY_AFTER)
