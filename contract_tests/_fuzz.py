"""Sending Schemathesis cases the way the suite sends everything: through the mutation guard,
with the run tag on creates, the rate limit, patience with 429, and the ledger for cleanup."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from typing import Any

from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup

from contract_tests._judge import PAGE_WITHIN_PAGE_SIZE, Drift, Observed, oversized_page
from contract_tests._patience import Inconclusive
from contract_tests._safety import Blocked, tag_for_run
from contract_tests._schema import RunTransport
from contract_tests._session import ApiSession
from contract_tests._transport import RETRIES, backoff

# Schemathesis' auth probes (its own extra requests, sent without our retry policy) fail with
# this when the API was merely busy: a 429/503 says nothing about authentication.
_BUSY_PROBE = re.compile(r"got `(429|503)\b")


class FuzzDrift(AssertionError):
    def __init__(self, op_id: str, status: int, failures: list[tuple[str, str]], curl: str) -> None:
        # A check may fail with no message at all: its name is then the whole summary.
        summary = "; ".join(
            f"[{check}] {next(iter(message.splitlines()), '(no message)')}"
            for check, message in failures
        )
        super().__init__(f"{op_id} answered {status}: {summary}")
        self.op_id = op_id
        self.status = status
        self.failures = failures
        self.curl = curl


class Fuzzer:
    def __init__(
        self, session: ApiSession, budget_spent: Callable[[], bool] = lambda: False
    ) -> None:
        self.session = session
        self.budget_spent = budget_spent  # the profile's time budget (or Ctrl-C)
        self.checks = session.checks.for_schemathesis()
        self.sends = session.contract.sending_op_ids
        # Locations of the Operations fuzzed creates started, adopted by `finish_creates` once the
        # fuzzing is done: a case never waits for its Operation in turn (with Operations that
        # take seconds, that waiting was most of a run), and they progress meanwhile.
        self.pending: list[str] = []
        self._pending_lock = threading.Lock()
        # The cases of the test under way judged, and those left unjudged as busy (429/503):
        # a test whose every case was busy checked nothing (`busy_throughout`).
        self.judged = 0
        self.unjudged = 0

    def busy_throughout(self) -> str:
        """Why the test under way proves nothing, if it does not: its cases were all answered
        429/503 (a target busy throughout passed every fuzz test, and the run exited 0)."""
        if self.judged or not self.unjudged:
            return ""
        return (
            f"all {self.unjudged} fuzzed cases were answered 429/503 (busy, after the retries "
            "the busy-wait budget allowed): none could be judged"
        )

    def send(self, case: Case[Any], **kwargs: Any) -> Any:
        """Send a case; raises Blocked for one the run must not send."""
        session = self.session
        call = session.transport.resolve(
            case.method,
            case.formatted_path,
            api_path=case.formatted_path,
            params=dict(case.query or {}),
            body=case.body,
        )
        session.guard.check_operation(call.method, call.api_path, call.operation, fuzzing=True)
        op_id = self.op_id(case)
        is_create = op_id == "createSenderPool"
        if is_create and self._positive(case) and isinstance(case.body, dict):
            tags = tag_for_run(case.body.get("tags"), session.ledger.run_id)
            case.body["tags"] = dict(tags)  # typed as the body's JSON values, not str -> str
        # Over the network, Schemathesis sends through the schema's RunTransport, which passes
        # the run's gate (its own probes too); in-process, it calls the app directly.
        wire = case.operation.schema.transport
        through_wire = isinstance(wire, RunTransport) and case.operation.app is None
        if through_wire:
            wire.bind(session.transport)
        response = session.transport.send(call, lambda: case.call(**kwargs), gated=not through_wire)
        session.judge.fuzzed(Observed(call, response, _json(response)))
        if is_create and response.status_code == 202:
            self._adopt(response)
        elif response.status_code == 202 and op_id in self.sends:
            # Known sends, so a test that waits for "nothing new" is not fooled by a late one.
            with contextlib.suppress(KeyError, ValueError, TypeError):
                session.ledger.message_operations.add(response.json()["operationId"])
        return response

    def validate(self, case: Case[Any], response: Any, **kwargs: Any) -> None:
        """Judge an answer. Its own checks' probes that met a busy API are sent again (the
        whole validation is), and judged inconclusive when the API stays busy."""
        if response.status_code in (429, 503):
            # Busy even after the retries (or a POST's 503: not known to be processed, and
            # never sent twice): inconclusive, not drift. The run tag finds a lost create.
            self.session.patience.unjudged()
            self.unjudged += 1
            return
        self.judged += 1
        op_id = self.op_id(case)
        if response.status_code == 200 and op_id in self.session.contract.list_keys:
            query = dict(getattr(case, "query", None) or {})
            oversized = oversized_page(self.session.contract, op_id, query, 200, _json(response))
            if oversized:  # before Schemathesis' checks, which validate every item
                curl = self.session.redactor.redact(case.as_curl_command())
                raise FuzzDrift(op_id, 200, [(PAGE_WITHIN_PAGE_SIZE, oversized)], curl)
        for attempt in range(RETRIES + 1):
            try:
                case.validate_response(response, additional_checks=self.checks, **kwargs)
                return
            except FailureGroup as group:
                failures = [(failure.title, failure.message) for failure in group.exceptions]
            drift = [(t, m) for t, m in failures if not _BUSY_PROBE.search(m)]
            if drift or attempt == RETRIES:
                break
            self.session.patience.retried(429)
            self.session.timer.sleep(backoff(attempt))
        if drift:
            curl = self.session.redactor.redact(case.as_curl_command())
            raise FuzzDrift(self.op_id(case), response.status_code, drift, curl)

    def run(self, case: Case[Any]) -> None:
        if self.budget_spent():
            return  # the profile's time budget is spent: not sent
        try:
            response = self.send(case)
        except Blocked:
            return  # not sent: the guard's refusal is the safe outcome, not a finding
        self.validate(case, response)

    def op_id(self, case: Case[Any]) -> str:
        return self.session.checks.op_id(case.method, case.path) or case.path

    @staticmethod
    def _positive(case: Case[Any]) -> bool:
        meta = case.meta
        return meta is None or meta.generation.mode == GenerationMode.POSITIVE

    def _adopt(self, response: Any) -> None:
        """A pool the fuzzer created is this run's: its Operation is noted, for `finish_creates`."""
        # A malformed 202 is reported by the checks; there is then nothing to adopt.
        with contextlib.suppress(KeyError, ValueError, TypeError):
            location = response.json()["operationLocation"]
            if isinstance(location, str):
                with self._pending_lock:
                    self.pending.append(location)

    def finish_creates(self) -> int:
        """Wait for the Operations fuzzed creates started and put their pools in the ledger;
        the number finished. The first that did not complete (or whose location did not
        resolve) is raised as the finding, after the rest were tried (each of those waits is
        short: the kind is then known stuck)."""
        with self._pending_lock:
            pending, self.pending = self.pending, []
        first: Drift | None = None
        for location in pending:
            try:
                self.session.adopt(location)
            except Drift as drift:
                first = first or drift
            except (Inconclusive, KeyError, ValueError):
                continue
        if first is not None:
            raise first
        return len(pending)


def _json(response: Any) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse: no JSON
        return None
