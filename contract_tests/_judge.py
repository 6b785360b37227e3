"""What the suite makes of each answer, once per exchange: coverage, the record kept for the
drift report, the observers (the parity recorder), additive drift (undeclared fields and
headers, reported without failing), and spec violations (drift: the test fails)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from comms_spec import Contract
from contract_tests._coverage import Coverage
from contract_tests._finding import Finding
from contract_tests._redaction import Redactor
from contract_tests._target import Credentials
from contract_tests._transport import Call


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, kept for the drift report."""

    method: str
    url: str
    request_body: Any
    status: int
    response_text: str
    operation: str = ""  # its operationId, "" for a path the spec does not have

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

    def __init__(self, op_id: str, check: str, message: str, exchange: Exchange) -> None:
        super().__init__(f"{op_id}: [{check}] {message}")
        self.op_id = op_id
        self.check = check
        self.exchange = exchange


@dataclass(frozen=True)
class Observed:
    """An exchange as every observer sees it: the resolved request, the answer as it came
    (httpx's or Schemathesis') and its JSON (or text), and who sent it."""

    call: Call
    response: Any
    answer: Any
    content: bytes | None = None
    credentials: Credentials | None = None
    anonymous: bool = False


class ExchangeObserver(Protocol):
    """Sees every exchange the session judges (the parity recorder)."""

    def observe(self, seen: Observed) -> None: ...


AdditiveSink = Callable[[Finding], None]


class Judge:
    """The observers of a session's exchanges. `coverage` and `additive` are the run's (a
    parity session has neither); `test` names the test whose exchanges are judged now, set by
    whoever runs the tests (the suite's plugin), "-" outside one."""

    def __init__(
        self,
        contract: Contract,
        redactor: Redactor,
        *,
        coverage: Coverage | None = None,
        additive: AdditiveSink | None = None,
    ) -> None:
        self.contract = contract
        self.conformance = contract.conformance
        self.redactor = redactor
        self.coverage = coverage
        self.additive = additive
        self.test = "-"
        self.observer: ExchangeObserver | None = None  # None costs the run nothing
        self.last: Exchange | None = None

    def judge(self, seen: Observed, *, validate: bool) -> Exchange:
        """One of the session's own exchanges: every observer, then drift (raised, when the
        caller judges the answer)."""
        call, response = seen.call, seen.response
        self._cover(seen)
        self.last = exchange = Exchange(
            call.method,
            str(response.request.url),
            call.body,
            response.status_code,
            self.redactor.redact(response.text[:2000]),
            call.op_id or "",
        )
        if self.observer is not None:
            self.observer.observe(seen)
        op_id = call.op_id
        status = response.status_code
        oversized = oversized_page(self.contract, op_id, call.query, status, seen.answer)
        if validate and oversized and op_id is not None:
            raise Drift(op_id, PAGE_WITHIN_PAGE_SIZE, oversized, exchange)
        if op_id is not None:
            self._note_undeclared(op_id, seen, exchange)
        if validate and op_id is not None:
            for violation in self.conformance.violations(
                op_id, response.status_code, seen.answer, response.headers
            ):
                raise Drift(op_id, violation.check, violation.message, exchange)
        return exchange

    def fuzzed(self, seen: Observed) -> None:
        """One of the fuzzer's exchanges: Schemathesis judges it, so only coverage and the
        additive drift are the session's (fuzzed inputs are random: never recorded)."""
        self._cover(seen)
        if seen.call.op_id is not None:
            self._note_undeclared(seen.call.op_id, seen, None)

    def _cover(self, seen: Observed) -> None:
        if self.coverage is not None:
            call = seen.call
            self.coverage.record(
                call.method,
                call.route,
                call.query,
                call.body,
                seen.response.status_code,
                seen.answer,
            )

    def _note_undeclared(self, op_id: str, seen: Observed, exchange: Exchange | None) -> None:
        """Additive drift goes in the report without failing the test: clients are fine, the
        spec is stale."""
        if self.additive is None:
            return
        response = seen.response
        for violation in self.conformance.undeclared(
            op_id, response.status_code, seen.answer, response.headers
        ):
            self.additive(
                Finding(
                    self.test,
                    op_id,
                    violation.check,
                    "documented",
                    violation.message,
                    exchange.curl(self.redactor) if exchange else "",
                )
            )

    def provenance(self, op_id: str, status: int) -> str:
        """The label of a finding about this answer: the declared response's, else the
        operation's ("documented" for a finding about no single operation)."""
        label = self.conformance.provenance(op_id, status)
        if label is not None:
            return label
        if op_id not in self.contract.op_ids:
            return "documented"
        return self.contract.operation(op_id).provenance


PAGE_WITHIN_PAGE_SIZE = "page_within_page_size"


def oversized_page(
    contract: Contract, op_id: str | None, query: dict[str, Any], status: int, answer: Any
) -> str:
    """Why a list's page holds more items than its pageSize allows (the one asked, else the
    parameter's maximum), "" when it does not: judged before the rest, which would validate
    every item (a page of 120,000 valid Senders took 13 s, and a Ctrl-C waited for it)."""
    key = contract.list_keys.get(op_id or "")
    if status != 200 or key is None or not isinstance(answer, dict):
        return ""
    items = answer.get(key)
    param = contract.operation(op_id or "").parameter("query", "pageSize")
    maximum = (param or {}).get("schema", {}).get("maximum")
    if not isinstance(items, list) or not isinstance(maximum, int):
        return ""
    asked = str(query.get("pageSize", ""))
    fits = asked.isascii() and asked.isdigit() and len(asked) < 8 and 0 < int(asked) <= maximum
    limit = int(asked) if fits else maximum
    if len(items) <= limit:
        return ""
    return f"a page of {len(items):,} {key} for a pageSize of {limit}: not judged further"
