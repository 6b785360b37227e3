"""Unit tests of the suite's own safety and reporting pieces (no server needed)."""

from __future__ import annotations

import base64
import time
from types import SimpleNamespace

import httpx
import hypothesis
import pytest

from comms_spec import load_spec
from contract_tests._context import RunContext
from contract_tests._routes import OperationRouter
from contract_tests._safety import RUN_TAG, Blocked, Ledger, MutationGuard, RateLimiter, tag_for_run
from contract_tests._session import _retry_after
from contract_tests._target import in_process_target
from contract_tests.profiles import PROFILES, Profile
from contract_tests.redaction import REDACTED, Redactor
from contract_tests.reporting import render_markdown

POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"


def test_guard_blocks_mutations_of_pools_the_run_did_not_create() -> None:
    ledger = Ledger()
    guard = MutationGuard(ledger)
    for method, path in [
        ("DELETE", f"/SenderPools/{POOL}"),
        ("PATCH", f"/SenderPools/{POOL}"),
        ("POST", f"/SenderPools/{POOL}/Senders"),
        ("DELETE", f"/SenderPools/{POOL}/Senders/comms_sender_x"),
    ]:
        with pytest.raises(Blocked, match="not created by this run"):
            guard.check(method, path)
    guard.check("GET", f"/SenderPools/{POOL}")  # reads are always allowed
    guard.check("POST", "/SenderPools")  # creating is how a run gets pools of its own
    ledger.created(POOL)
    guard.check("DELETE", f"/SenderPools/{POOL}")


def test_read_only_guard_blocks_every_mutation() -> None:
    guard = MutationGuard(Ledger(), read_only=True)
    with pytest.raises(Blocked, match="read-only"):
        guard.check("POST", "/SenderPools")
    guard.check("GET", "/Senders")


@pytest.mark.parametrize(
    ("tags", "kept"),
    [
        (None, 0),
        ({"a": "b"}, 1),
        ({f"k{i}": "v" for i in range(10)}, 9),
        ("not-a-map", 0),
        ({RUN_TAG: "someone-elses-run"}, 0),
    ],
)
def test_run_tag_always_fits(tags: object, kept: int) -> None:
    tagged = tag_for_run(tags, "run-1")
    assert tagged[RUN_TAG] == "run-1"
    assert len(tagged) == kept + 1 <= 10


def test_redactor_hides_secrets_and_their_basic_encoding() -> None:
    redactor = Redactor(["ACsid1234", "t0ken-secret"])
    encoded = base64.b64encode(b"ACsid1234:t0ken-secret").decode()
    text = (
        f"token t0ken-secret, header Authorization: Basic {encoded}, raw {encoded}, "
        "'Authorization': 'Basic c29tZTpvdGhlcg=='"
    )
    cleaned = redactor.redact(text)
    assert "t0ken-secret" not in cleaned
    assert encoded not in cleaned
    assert "c29tZTpvdGhlcg" not in cleaned
    assert cleaned.count(REDACTED) >= 4


def test_rate_limiter_spaces_requests() -> None:
    limiter = RateLimiter(50)
    started = time.monotonic()
    for _ in range(11):
        limiter.wait()
    assert time.monotonic() - started >= 0.18  # 10 intervals of 20 ms
    unlimited = RateLimiter(None)
    started = time.monotonic()
    for _ in range(1000):
        unlimited.wait()
    assert time.monotonic() - started < 0.1


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/SenderPools", "listSenderPools"),
        ("GET", "/SenderPools/Operations", "listSenderPoolOperations"),
        ("GET", "/SenderPools/Operations/comms_operation_x", "fetchSenderPoolOperation"),
        ("GET", f"/SenderPools/{POOL}", "fetchSenderPool"),
        ("PATCH", f"/SenderPools/{POOL}", "updateSenderPool"),
        ("DELETE", f"/SenderPools/{POOL}", "deleteSenderPool"),
        ("POST", f"/SenderPools/{POOL}/Senders", "addSenderPoolSenders"),
        ("DELETE", f"/SenderPools/{POOL}/Senders/comms_sender_x", "removeSenderPoolSender"),
        ("PUT", "/SenderPools", None),
        ("GET", "/Nope", None),
    ],
)
def test_router_names_the_operation(method: str, path: str, expected: str | None) -> None:
    assert OperationRouter(load_spec()).operation_id(method, path) == expected


def test_markdown_groups_by_provenance_operation_and_check() -> None:
    finding = {
        "test": "t::x",
        "operation": "fetchSenderPool",
        "check": "body_matches_schema",
        "provenance": "documented",
        "message": "body at /: 'updatedAt' is required",
        "reproduce": "curl -X GET -u '[REDACTED]' 'http://h/v1/SenderPools/p'",
    }
    inferred = {
        **finding,
        "check": "deleted_pool_is_gone",
        "provenance": "inferred",
        "operation": "deleteSenderPool",
    }
    text = render_markdown(
        {
            "target": "http://h/v1",
            "profile": "default",
            "readOnly": False,
            "startedAt": "2026-11-22T00:00:00Z",
            "durationSeconds": 1.0,
            "counts": {"passed": 3, "failed": 2},
            "findings": [finding, finding, inferred],
            "tests": {},
        }
    )
    documented_part, inferred_part = text.split("## Inferred decisions contradicted (1)")
    assert "## Documented promises broken (2)" in documented_part
    assert "### fetchSenderPool" in documented_part
    assert "**body_matches_schema** (2x)" in documented_part
    assert "### deleteSenderPool" in inferred_part
    assert "curl -X GET" in documented_part
    assert "**3 drift finding(s)**" in text


def test_only_nightly_shrinks_failures() -> None:
    assert hypothesis.Phase.shrink not in PROFILES["default"].hypothesis_settings().phases
    assert hypothesis.Phase.shrink in PROFILES["nightly"].hypothesis_settings().phases
    settings = PROFILES["quick"].hypothesis_settings(max_examples=3)
    assert (settings.max_examples, settings.deadline) == (3, None)


def test_fuzz_time_budget() -> None:
    target = in_process_target()
    assert not RunContext(target, PROFILES["default"]).fuzz_budget_spent()  # no budget
    bounded = Profile(
        "bounded", max_examples=1, stateful_examples=1, stateful_steps=1, fuzz_seconds=60
    )
    assert not RunContext(target, bounded).fuzz_budget_spent()
    assert RunContext(target, bounded, started=time.monotonic() - 61).fuzz_budget_spent()


def test_retry_after_is_read_from_both_response_shapes() -> None:
    """The fuzzer's responses carry headers as a dict of lists; both must honour Retry-After
    (before one sending policy served both, the fuzzer fell back to its own backoff)."""

    schemathesis_like = SimpleNamespace(headers={"retry-after": ["7"]})
    assert _retry_after(schemathesis_like, attempt=0) == 7.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "3"}), attempt=0) == 3.0
    assert _retry_after(httpx.Response(429, headers={"Retry-After": "600"}), attempt=0) == 30.0
    assert _retry_after(httpx.Response(429), attempt=2) == 2.0  # no header: backoff
