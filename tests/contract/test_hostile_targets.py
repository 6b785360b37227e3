"""The suite's sending against hostile targets, over real sockets on loopback: every request
ends by its deadline whatever the body does, busy answers cost a bounded wait, redirects are
never followed, every request Schemathesis sends (its own auth probes too) is counted and
passes the run's gate, and a target that stops answering ends the run."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import requests

from comms_spec import Contract
from contract_tests import _workflows
from contract_tests._context import RunContext
from contract_tests._deadline import NoRedirectSession
from contract_tests._fuzz import FuzzDrift, Fuzzer
from contract_tests._judge import Drift
from contract_tests._patience import Inconclusive, Patience
from contract_tests._profiles import PROFILES
from contract_tests._redaction import Redactor
from contract_tests._safety import Ledger
from contract_tests._schema import load_schema
from contract_tests._session import ApiSession, OffTarget
from contract_tests._target import Credentials, Target, preflight, url_target
from contract_tests._timer import SYSTEM_TIMER, Timer
from contract_tests._transport import (
    BROKEN_AFTER,
    MAX_RETRY_AFTER,
    REFUSED_AFTER,
    Stopping,
    TargetStopped,
)
from tests.contract.hostile_targets import SENDERS_A_PAGE, HostileTarget, _gzip_bomb, hostile
from tests.contract.support import ManualTimer

DEADLINE = 1.0  # seconds: small, so a test that proves a bound takes about that long
# For a test whose claim is not the deadline: inflating a bomb on a busy CI machine (six test
# workers on two cores) took longer than DEADLINE, and the test saw a timeout, not the limit.
ROOMY_DEADLINE = 30.0


def _target(url: str) -> Target:
    return Target(url, url, Credentials("AC" + "d0" * 16, "hostile-token-1"), external=True)


@contextmanager
def _session(
    server: HostileTarget,
    timer: Timer = SYSTEM_TIMER,
    budget: float = 120.0,
    deadline: float = DEADLINE,
) -> Iterator[ApiSession]:
    target = _target(server.url)
    patience = Patience(timer, busy_budget=budget)
    session = ApiSession(
        Contract.load(),
        target,
        Ledger(),
        Redactor(target.secrets),
        timer=timer,
        patience=patience,
        deadline=deadline,
    )
    try:
        yield session
    finally:
        session.close()


@pytest.mark.parametrize("kind", ["trickle", "trickle_head", "hang", "informational"])
def test_a_request_ends_by_its_deadline_whatever_the_body_does(kind: str) -> None:
    """A body trickling a byte every 0.3 s (about 14 s in all), or a status line and headers
    trickling without end, never trip a per-read timeout; a body that never comes trips it
    only after the read timeout; 1xx interim answers without end never make a final one. All
    end at the deadline."""
    with (
        hostile(kind, interval=0.3) as server,
        _session(server) as api,
        pytest.raises(httpx.TimeoutException),
    ):
        api.get("/Senders")
    assert len(server.requests) == 1  # not sent again: a timeout is not a busy answer


@pytest.mark.parametrize("kind", ["trickle_head", "hang"])
def test_schemathesis_sends_end_by_the_deadline_too(kind: str) -> None:
    # requests' stack (http.client reads a status line and headers without any deadline).
    with (
        hostile(kind, interval=0.3) as server,
        NoRedirectSession(DEADLINE) as session,
        pytest.raises(requests.exceptions.Timeout, match="request deadline"),
    ):
        session.get(server.url + "/Senders")
    assert len(server.requests) == 1


@pytest.mark.parametrize("kind", ["gzip_bomb", "huge"])
def test_an_answer_beyond_the_size_limit_is_refused_unread(kind: str) -> None:
    """A gzip body of 33 KB that inflates past the limit, and a body past it whose length is
    not announced: refused at the limit by both stacks (memory holds at most the limit)."""
    with hostile(kind) as server:
        with (
            _session(server, deadline=ROOMY_DEADLINE) as api,
            pytest.raises(httpx.RemoteProtocolError, match="MiB"),
        ):
            api.get("/Senders")
        with (
            NoRedirectSession(ROOMY_DEADLINE) as session,
            pytest.raises(requests.exceptions.ConnectionError, match="MiB"),
        ):
            session.get(server.url + "/Senders")
    assert len(server.requests) == 2


def test_an_answer_in_a_coding_the_run_cannot_decode_is_read_as_it_came() -> None:
    """`gzip, x-unknown`: httpx decoded the gzip it knows, whole and unbounded, past the size
    limit (a double gzip bomb so named took 200 MiB from 500 bytes); the run reads such an
    answer undecoded, and requests' stack refuses it."""
    with hostile("gzip_mixed") as server:
        with _session(server, deadline=ROOMY_DEADLINE) as api:
            assert api.get("/Senders", validate=False).content == _gzip_bomb()
        with (
            NoRedirectSession(ROOMY_DEADLINE) as session,
            pytest.raises(requests.exceptions.ContentDecodingError),
        ):
            session.get(server.url + "/Senders")
    assert len(server.requests) == 2


def test_a_walk_holds_a_bounded_number_of_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full pages without end, each with a new token: the walk stops at MAX_LISTED items (at
    its own size here), not at MAX_PAGES (memory without bound by then)."""
    monkeypatch.setattr(_workflows, "MAX_LISTED", 3 * SENDERS_A_PAGE)
    with (
        hostile("endless_pages") as server,
        _session(server) as api,
        pytest.raises(AssertionError, match="more than 6 items listed"),
    ):
        api.collect("/Senders", "senders", pageSize=SENDERS_A_PAGE)
    assert len(server.requests) == 4


def test_json_nested_too_deep_is_a_body_that_is_not_json() -> None:
    """Drift, as any other unreadable body; not a RecursionError out of every reader."""
    with hostile("deep_json") as server, _session(server) as api:
        with pytest.raises(Drift, match="body_matches_schema"):
            api.get("/Senders")
        with pytest.raises(ValueError, match="nested too deep"):
            api.get("/Senders", validate=False).json()


def test_a_day_long_retry_after_costs_the_capped_wait_then_is_inconclusive() -> None:
    timer = ManualTimer()
    with hostile("busy") as server, _session(server, timer, budget=4 * MAX_RETRY_AFTER) as api:
        with pytest.raises(Inconclusive, match="still answered 429"):
            api.get("/Senders")
        # Retry-After: 86400, honoured up to the cap, until the run's budget is spent.
        assert timer.slept == [MAX_RETRY_AFTER] * 4
        with pytest.raises(Inconclusive, match="still answered 429"):
            api.get("/Senders")
        assert timer.slept == [MAX_RETRY_AFTER] * 4  # the budget is spent: no wait at all
    assert len(server.requests) == 5 + 1


def test_no_busy_wait_outlasts_max_duration() -> None:
    """The run ends in 10 s: a Retry-After of a day (30 s, capped) is not waited out (it was,
    past the run's end), the busy answer stands."""
    timer = ManualTimer()
    with hostile("busy") as server, _session(server, timer) as api:
        api.patience.deadline = timer.monotonic() + MAX_RETRY_AFTER / 3
        with pytest.raises(Inconclusive, match="still answered 429"):
            api.get("/Senders")
        assert timer.slept == []
    assert len(server.requests) == 1


def test_a_redirect_loop_is_one_request() -> None:
    # An undeclared 302 is drift, not a place to go.
    with hostile("redirect") as server, _session(server) as api, pytest.raises(Drift):
        api.get("/Senders")
    assert len(server.requests) == 1


def test_a_target_that_stops_answering_ends_the_run() -> None:
    with hostile("drop") as server, _session(server) as api:
        for _ in range(BROKEN_AFTER):
            with pytest.raises(httpx.TransportError):
                api.get("/Senders")
        with pytest.raises(TargetStopped, match="stopped answering"):
            api.get("/Senders")
    assert len(server.requests) == BROKEN_AFTER  # the last was never sent


def _case(api: ApiSession, label: str) -> Any:
    schema = load_schema(api.contract, api.target, PROFILES["quick"], deadline=DEADLINE)
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    # As Hypothesis would build it, with the run's credentials (its auth probes leave them out).
    basic = "Basic " + base64.b64encode(":".join(api.target.credentials.pair).encode()).decode()
    return operation.Case(query={"pageSize": 1}, headers={"Authorization": basic})


@pytest.mark.slow  # loads the Schemathesis schema (seconds)
def test_every_request_schemathesis_sends_passes_the_gate() -> None:
    """Its cases and its own auth probes alike are counted (and rate limited, and stopped
    with the run), and no redirect is followed by them either."""
    with hostile("echo_auth") as server, _session(server) as api:
        fuzzer = Fuzzer(api)
        case = _case(api, "GET /Senders")
        response = fuzzer.send(case)
        assert len(server.requests) == api.requests_sent == 1
        with pytest.raises(FuzzDrift):  # it answers without credentials: ignored_auth
            fuzzer.validate(case, response)
        assert len(server.requests) > 1  # the probes
        assert api.requests_sent == len(server.requests)
    with hostile("redirect") as server, _session(server) as api:
        Fuzzer(api).send(_case(api, "GET /Senders"))
        assert len(server.requests) == api.requests_sent == 1


@pytest.mark.slow  # loads the Schemathesis schema (seconds)
def test_json_nested_too_deep_is_a_fuzz_finding_too() -> None:
    """Schemathesis' answers (requests' stack): the kit's own checks read no JSON in it, so
    the verdict is a finding, not a RecursionError out of a check."""
    with hostile("deep_json") as server, _session(server) as api:
        fuzzer = Fuzzer(api)
        case = _case(api, "GET /Senders")
        with pytest.raises(FuzzDrift, match="deserializ"):
            fuzzer.validate(case, fuzzer.send(case))


def test_past_max_duration_nothing_new_is_sent_but_cleanup_is() -> None:
    timer = ManualTimer()
    with hostile("echo_auth") as server, _session(server, timer) as api:
        api.patience.deadline = timer.monotonic() + 60  # --max-duration 60
        api.get("/Senders", validate=False)
        timer.advance(61)
        with pytest.raises(Stopping, match="--max-duration reached"):
            api.get("/Senders")
        assert api.request("DELETE", "/SenderPools/x", validate=False).status_code == 200
    assert len(server.requests) == 2  # the read before, the cleanup after


def test_max_duration_cuts_short_a_request_under_way() -> None:
    """A request sent just before the run's end waited for its own deadline (--max-duration
    5 against a hanging target: 67 s at --request-deadline 60); Schemathesis' too."""
    with hostile("hang") as server:
        with _session(server) as api:
            api.patience.deadline = SYSTEM_TIMER.monotonic() + DEADLINE / 4
            with pytest.raises(Stopping, match="--max-duration reached") as stopped:
                api.get("/Senders")
            # Waited for what was left of the run (a quarter of DEADLINE), not for DEADLINE.
            assert re.search(r"deadline \(0\.2\d* s\)", str(stopped.value.__cause__))
        with NoRedirectSession(DEADLINE) as session:
            session.adapter.cap = lambda: DEADLINE / 4
            with pytest.raises(requests.exceptions.Timeout, match=r"deadline \(0.25 s\)"):
                session.get(server.url + "/Senders")
    assert len(server.requests) == 2


def test_the_set_up_requests_are_the_first_of_the_run_count() -> None:
    env = {"TWILIO_ACCOUNT_SID": "AC" + "d0" * 16, "TWILIO_AUTH_TOKEN": "hostile-token-1"}
    with hostile("echo_auth") as server:
        target = preflight(url_target(server.url, env, rate_limit=50), DEADLINE)
        assert len(server.requests) == target.setup_requests == 2  # the probe, the preflight
        run = RunContext(Contract.load(), target, PROFILES["quick"])
        assert run.requests_sent == 2


def test_a_target_that_stops_taking_the_credentials_ends_the_run() -> None:
    """(Revoked after the preflight read, say.) Anonymous requests or others' credentials
    answered 401 count for nothing."""
    with hostile("refuse") as server, _session(server) as api:
        for _ in range(REFUSED_AFTER - 1):
            assert api.get("/Senders", validate=False).status_code == 401
        api.get("/Senders", anonymous=True, validate=False)
        api.get("/Senders", validate=False)
        with pytest.raises(TargetStopped, match="refused the run's credentials"):
            api.get("/Senders")
    assert len(server.requests) == REFUSED_AFTER + 1  # the last was never sent


def test_a_url_the_api_hands_out_off_the_target_is_never_sent() -> None:
    """(An operationLocation on another origin: the run's credentials go to the target alone.)"""
    with hostile("echo_auth") as server, _session(server) as api:
        elsewhere = server.url.replace("127.0.0.1", "localhost")  # this server, by another name
        with pytest.raises(OffTarget, match="not on the target"):
            api.get(f"{elsewhere}/SenderPools/Operations/x")
    assert server.requests == []


@pytest.mark.parametrize(
    ("target", "said", "pages"),
    [
        ("page_loop", "pagination loops", 2),  # a token that names its own page: not 10,000
        ("page_cycle", "pagination loops: next token 'A'", 3),  # A, B, A: the first seen again
    ],
)
def test_a_pagination_loop_is_drift_at_once(target: str, said: str, pages: int) -> None:
    with (
        hostile(target) as server,
        _session(server) as api,
        pytest.raises(AssertionError, match=said),
    ):
        api.collect("/Senders", "senders", pageSize=1000)
    assert len(server.requests) == pages


def test_a_second_interrupt_sends_nothing_more_not_even_the_cleanup() -> None:
    """After the first stop the cleanup's requests still go; after a second, none does (the
    run's handler raises nothing outside a wait: it marks the run abandoned)."""
    with hostile("echo_auth") as server, _session(server) as api:
        api.patience.stop("interrupted (SIGTERM)")
        api.transport.gate(even_stopping=True)  # the cleanup may still send
        api.patience.abandoned = True
        with pytest.raises(Stopping, match="stopped at once"):
            api.transport.gate(even_stopping=True)


def test_an_operation_that_flips_between_ended_and_running_is_read_until_it_first_ends() -> None:
    """PROCESSING, COMPLETED, PROCESSING, CANCELED...: the wait ends at the first final status
    (what a client's wait helper does), never chases the flips."""
    with hostile("flip_operation") as server, _session(server, ManualTimer()) as api:
        operation = "comms_operation_01h9krwprkeee8fzqspvwy6nq8"
        location = f"{server.url}/SenderPools/Operations/{operation}"
        assert api.wait_for_operation(location)["status"] in ("COMPLETED", "CANCELED")
        assert len(server.requests) <= 2


def test_a_page_larger_than_its_page_size_is_drift_before_its_items_are_judged() -> None:
    """Three valid Senders for pageSize 2 (a page of 120,000 valid ones took 13 s to judge,
    and a Ctrl-C waited for it): drift at once, the items not validated."""
    with (
        hostile("oversized_page") as server,
        _session(server) as api,
        pytest.raises(
            Drift, match=r"page_within_page_size\] a page of 3 senders for a pageSize of 2"
        ),
    ):
        api.get("/Senders", params={"pageSize": SENDERS_A_PAGE})
    with hostile("oversized_page") as server, _session(server) as api:
        assert len(api.get("/Senders", params={"pageSize": 3}).json()["senders"]) == 3


def test_after_a_stop_the_cleanup_sends_for_its_grace_alone() -> None:
    """A target that hangs on the cleanup's deletes: after a stop they are cut at the grace
    (STOP_GRACE) and the rest are not sent (each waited out its whole request deadline, so a
    SIGTERM held the report back by deadline x pools)."""
    pools = [f"comms_senderpool_01h9krwprkeee8fzqspvwy6nq{c}" for c in "ab"]
    with hostile("hang") as server, _session(server, deadline=3.0) as api:
        api.patience.stop_grace = 0.5
        for pool in pools:
            api.ledger.created(pool)
        api.patience.stop("interrupted (SIGTERM)")
        assert api.cleanup() == pools  # neither deleted: the report lists both
    assert len(server.requests) == 1  # the first delete, cut at the grace


_ODD_ANSWERS = {
    # (kind, what the run makes of it): each is judged or failed at once, never waited on.
    "http10": (Drift, "'self' is a required property"),  # read to the close, then judged
    "huge_int": (Drift, "is not of type 'object'"),  # beyond int parsing: not JSON
    "many_keys": (Drift, "'id' is a required property"),
    # The last value would pass as a list: a key twice is judged as a body that is not JSON.
    "dup_keys": (Drift, "is not of type 'object'"),
    "tls_reply": (httpx.RemoteProtocolError, ""),
    "long_length": (httpx.RemoteProtocolError, "Content-Length"),
    "big_headers": (httpx.RemoteProtocolError, ""),  # h11's bound on a head
    "short_body": (httpx.RemoteProtocolError, "complete message body"),
    "endless_array": (httpx.RemoteProtocolError, "MiB"),
    # Never followed, whatever the scheme: the redirect is the answer judged.
    "scheme_redirect": (Drift, "status 302 is not declared"),
}


@pytest.mark.parametrize(("kind", "outcome"), _ODD_ANSWERS.items(), ids=_ODD_ANSWERS.keys())
def test_an_odd_answer_is_judged_at_once(kind: str, outcome: tuple[type[Exception], str]) -> None:
    error, message = outcome
    with (
        hostile(kind) as server,
        _session(server, deadline=ROOMY_DEADLINE) as api,
        pytest.raises(error, match=re.escape(message) if message else None),
    ):
        api.get("/Senders")
    assert len(server.requests) == 1


@pytest.mark.parametrize("kind", ["long_length", "big_headers", "short_body", "endless_array"])
def test_an_odd_answer_to_schemathesis_is_a_network_error(kind: str) -> None:
    """requests' stack: each fails as a request does (counted towards "the target stopped
    answering"), never with another exception (a 5,000-digit Content-Length was a ValueError
    out of the run's own size check)."""
    with (
        hostile(kind) as server,
        NoRedirectSession(ROOMY_DEADLINE) as session,
        pytest.raises(requests.exceptions.RequestException),
    ):
        session.get(server.url + "/Senders")
    assert len(server.requests) == 1


def test_a_retry_after_date_far_ahead_costs_the_capped_wait() -> None:
    """An HTTP date in the year 9999 is honoured up to the cap, as a number of seconds is."""
    timer = ManualTimer()
    with (
        hostile("retry_date") as server,
        _session(server, timer, budget=2 * MAX_RETRY_AFTER) as api,
        pytest.raises(Inconclusive, match="still answered 429"),
    ):
        api.get("/Senders")
    assert timer.slept == [MAX_RETRY_AFTER] * 2


def test_a_targets_cookies_are_never_sent_back() -> None:
    """(Fifty new ones on every answer: kept, they would grow every later request.) Neither by
    the suite's client nor by the session Schemathesis sends with."""
    with hostile("cookies") as server, _session(server) as api:
        for _ in range(2):
            with pytest.raises(Drift):  # its pages lack `self`: drift, beside the point here
                api.get("/Senders")
        with NoRedirectSession(DEADLINE) as session:
            for _ in range(2):
                session.get(server.url + "/Senders")
    assert server.cookies_sent == ["", "", "", ""]
