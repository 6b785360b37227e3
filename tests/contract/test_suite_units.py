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


def _sending_guard(**kwargs: bool) -> MutationGuard:
    router = OperationRouter(load_spec())

    def sends(method: str, path: str) -> bool:
        return router.operation_id(method, path) == "sendMessages"

    return MutationGuard(Ledger(), sends=sends, **kwargs)


def test_guard_blocks_sends_unless_the_target_may_be_sent_to() -> None:
    with pytest.raises(Blocked, match="--allow-sending"):
        _sending_guard(may_send=False).check("POST", "/Messages")
    _sending_guard(may_send=False).check("GET", "/Messages")  # reading is fine
    _sending_guard(may_send=True, may_fuzz_sends=False).check("POST", "/Messages")
    with pytest.raises(Blocked, match="fuzzer never sends"):
        _sending_guard(may_send=True, may_fuzz_sends=False).check("POST", "/Messages", fuzzing=True)
    _sending_guard(may_send=True, may_fuzz_sends=True).check("POST", "/Messages", fuzzing=True)


def test_sending_options_are_checked_before_anything_runs() -> None:
    from contract_tests._target import EMULATOR_RECIPIENTS, TargetError, target_from_options

    env = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}
    url = "http://127.0.0.1:9"  # nothing listens: no control plane
    with pytest.raises(TargetError, match="--send-to ADDRESS:CHANNEL"):
        target_from_options(url, read_only=False, rate_limit=None, allow_sending=True, env=env)
    with pytest.raises(TargetError, match="only takes effect with --allow-sending"):
        target_from_options(url, read_only=False, rate_limit=None, send_to=["+1:PHONE"], env=env)
    with pytest.raises(TargetError, match="channel one of"):
        target_from_options(
            url, read_only=False, rate_limit=None, allow_sending=True, send_to=["+1:FAX"], env=env
        )
    external = target_from_options(url, read_only=False, rate_limit=None, env=env)
    assert (external.may_send, external.recipients) == (False, ())
    allowed = target_from_options(
        url, read_only=False, rate_limit=None, allow_sending=True, send_to=["+1:2:PHONE"], env=env
    )
    assert (allowed.may_send, allowed.recipients) == (True, (("+1:2", "PHONE"),))
    builtin = target_from_options(None, read_only=False, rate_limit=None)
    assert (builtin.may_send, builtin.recipients) == (True, EMULATOR_RECIPIENTS)


def test_send_tests_are_skipped_where_sending_is_not_allowed() -> None:
    from dataclasses import replace

    from contract_tests.divergences import skip_reason

    builtin = in_process_target()
    external = replace(builtin, external=True)
    assert skip_reason({"sends_messages"}, builtin) is None
    assert "--allow-sending" in str(skip_reason({"sends_messages"}, external))
    assert skip_reason({"sends_messages"}, replace(external, allow_sending=True)) is None
    assert skip_reason({"own_emulator"}, replace(external, allow_sending=True)) is not None


def test_schema_leaves_sends_out_for_other_targets() -> None:
    from dataclasses import replace

    from contract_tests._schema import load_schema

    builtin = in_process_target()
    profile = PROFILES["quick"]

    def operations(target: object) -> set[str]:
        schema = load_schema(target, profile)  # type: ignore[arg-type]
        return {op.ok().definition.raw["operationId"] for op in schema.get_all_operations()}

    assert "sendMessages" in operations(builtin)
    external = replace(builtin, app=None, external=True, allow_sending=True)
    assert "sendMessages" not in operations(external)
    assert "listMessages" in operations(external)


MESSAGE_COUNTERS = load_spec()["components"]["schemas"]["MessageOperationStats"]["required"]


@pytest.mark.parametrize(
    ("stats", "problem"),
    [
        ({"total": 2, "queued": 0, "created": 1, "failed": 0}, "total != queued"),
        ({**dict.fromkeys(MESSAGE_COUNTERS, 0), "total": 1, "recipients": 1}, "sum of the per"),
        ({**dict.fromkeys(MESSAGE_COUNTERS, 0), "recipients": 2, "unaddressable": 1}, "recipients"),
    ],
)
def test_operation_stats_must_add_up(stats: dict[str, int], problem: str) -> None:
    from contract_tests.checks import operation_stats_add_up

    response = SimpleNamespace(
        status_code=200, json=lambda: {"id": "op", "status": "PROCESSING", "stats": stats}
    )
    with pytest.raises(AssertionError, match=problem):
        operation_stats_add_up(None, response, None)


def test_message_filters_read_the_sending_channel_and_every_tag() -> None:
    from contract_tests.checks import list_items_match_filters

    message = {"id": "m", "from": {"channel": "SMS"}, "status": "SENT", "tags": {"a": "1"}}
    body = {"messages": [message]}
    list_items_match_filters("listMessages", {"channel": "SMS", "tags": "a:1;"}, body)
    with pytest.raises(AssertionError, match="channel=RCS returned m with channel=SMS"):
        list_items_match_filters("listMessages", {"channel": "RCS"}, body)
    with pytest.raises(AssertionError, match="tags=a:1;b:2;"):
        list_items_match_filters("listMessages", {"tags": "a:1;b:2;"}, body)
