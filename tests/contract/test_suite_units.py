"""Unit tests of the suite's own safety and reporting pieces (no server needed)."""

from __future__ import annotations

import base64
import copy
import io
import json
import os
import signal
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import httpx
import hypothesis
import pytest
from schemathesis.core.result import Ok
from schemathesis.schemas import BaseSchema

from comms_spec import Contract
from contract_tests._checks import ListFilterNotHeld, OperationStatsDoNotAddUp, SuiteChecks
from contract_tests._context import RunContext
from contract_tests._coverage import Coverage
from contract_tests._fuzz import FuzzDrift, Fuzzer
from contract_tests._markers import skip_reason
from contract_tests._patience import Patience
from contract_tests._profiles import PROFILES, Profile
from contract_tests._redaction import MAX_OPEN_LINE, REDACTED, RedactingStream, Redactor
from contract_tests._safety import RUN_TAG, Blocked, Ledger, MutationGuard, RateLimiter, tag_for_run
from contract_tests._schema import load_schema
from contract_tests._session import ApiSession
from contract_tests._target import (
    EMULATOR_RECIPIENTS,
    Target,
    TargetError,
    in_process_target,
    target_from_options,
)
from contract_tests._transport import retry_delay
from contract_tests.reporting._writer import _signals_held, render_markdown
from tests.contract.support import ManualTimer

POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"


def test_guard_blocks_mutations_of_pools_the_run_did_not_create(contract: Contract) -> None:
    ledger = Ledger()
    guard = MutationGuard(ledger, contract)
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


def test_read_only_guard_blocks_every_mutation(contract: Contract) -> None:
    guard = MutationGuard(Ledger(), contract, read_only=True)
    with pytest.raises(Blocked, match="read-only"):
        guard.check("POST", "/SenderPools")
    guard.check("GET", "/Senders")


def test_the_spec_decides_which_posts_only_read(contract: Contract) -> None:
    guard = MutationGuard(Ledger(), contract, read_only=True)
    guard.check("POST", "/Senders/Search")  # `x-read-only` in the spec
    guard.check("POST", "/Senders/Resolve")
    with pytest.raises(Blocked, match="read-only"):
        guard.check("POST", "/Messages")
    # Without the extension, Resolve is a mutation like any POST: the guard reads the spec.
    document = copy.deepcopy(contract.document)
    del document["paths"]["/Senders/Resolve"]["post"]["x-read-only"]
    unmarked = MutationGuard(Ledger(), Contract(document), read_only=True)
    with pytest.raises(Blocked, match="read-only"):
        unmarked.check("POST", "/Senders/Resolve")
    unmarked.check("POST", "/Senders/Search")


def test_a_read_only_schema_keeps_the_gets_search_and_resolve(contract: Contract) -> None:
    target = replace(in_process_target(), read_only=True)
    operations = _op_ids(load_schema(contract, target, PROFILES["quick"]))
    assert operations == set(contract.read_only_op_ids)
    assert {"searchSenders", "resolveSenders", "listSenders"} <= operations
    assert "createSenderPool" not in operations


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


def test_redactor_knows_every_spelling_of_a_credential() -> None:
    """Basic with and without padding, its padding and `+`/`/` URL-encoded, the URL-safe
    alphabet, a raw token URL-encoded, and an API key pair in either order."""
    key, secret = "SKkey0001", "s3cr/et+t0ken"
    encoded = base64.b64encode(f"{key}:{secret}".encode()).decode()
    assert encoded.endswith("=")  # the forms that once got past redaction
    reversed_pair = base64.b64encode(f"{secret}:{key}".encode()).decode()
    forms = [
        encoded,
        encoded.rstrip("="),
        encoded.replace("=", "%3D"),
        encoded.replace("=", "%3d"),
        base64.urlsafe_b64encode(f"{key}:{secret}".encode()).decode(),
        reversed_pair,
        "s3cr%2Fet%2Bt0ken",
        "s3cr%2fet%2bt0ken",
    ]
    cleaned = Redactor([key, secret]).redact(" | ".join(forms))
    assert cleaned == " | ".join([REDACTED] * len(forms)), cleaned


# A token and an account SID as Twilio's look (hex): what a hostile target may echo of them.
_SID, _TOKEN = "AC" + "3f9a1c" * 5 + "d2", "9f1c2b7a4e6d8c0b3a5f7e9d1c2b4a6f"
_BASIC = base64.b64encode(f"{_SID}:{_TOKEN}".encode()).decode()


def _wide(codec: str) -> str:
    return _TOKEN.encode(codec).decode("latin-1")


# What a hostile target may echo of them, and what is left of it around the one REDACTED.
_ECHOED = {
    "Basic, its padding doubly URL-encoded": (_BASIC.replace("=", "%253D"), ""),
    "Basic, its padding JSON-escaped": (_BASIC.replace("=", "\\u003d"), ""),
    "every byte URL-encoded": ("".join(f"%{b:02x}" for b in _TOKEN.encode()), ""),
    "JSON-escaped": ("".join(f"\\u{ord(c):04x}" for c in _TOKEN), ""),
    "JSON-escaped twice, in part": (_TOKEN[:9] + f"\\\\u{ord(_TOKEN[9]):04X}" + _TOKEN[10:], ""),
    "HTML entities": ("".join(f"&#{ord(c)};" for c in _TOKEN), ""),
    "hex": (_TOKEN.encode().hex().upper(), ""),
    "the token alone in base64": (base64.b64encode(_TOKEN.encode()).decode().rstrip("="), ""),
    # The base64 of `{"kk": "` and `"}` around it is left: it encodes no credential.
    "inside base64 of JSON": (
        base64.b64encode(json.dumps({"kk": _TOKEN}).encode()).decode(),
        f"eyJrayI6ICI{REDACTED}iJ9",
    ),
    "truncated": (_TOKEN[:12] + "...", f"{REDACTED}..."),
    "Basic truncated": (_BASIC[:60] + "...", f"{REDACTED}..."),
    "half of it": (_TOKEN[16:], ""),
    "in upper case": (_TOKEN.upper(), ""),
    "base32": (base64.b32encode(_TOKEN.encode()).decode(), f"{REDACTED}===="),  # its padding
    # UTF-16/32 bytes read as text, as a JSON dump or a bytes repr shows them, whole or cut.
    "UTF-16, JSON-escaped": (
        json.dumps(_TOKEN.encode("utf-16-le").decode("latin-1")),
        f'"{REDACTED}"',
    ),
    "UTF-16 big-endian, bytes repr": (repr(_TOKEN.encode("utf-16-be")), f"b'{REDACTED}'"),
    "reversed": (_TOKEN[::-1], ""),
    "reversed, in upper case": (_TOKEN[::-1].upper(), ""),
    "spaced out": (" ".join(_TOKEN), ""),
    "a character a line": ("\n".join(_TOKEN), ""),
    "split across two lines": (_TOKEN[:5] + "\n" + _TOKEN[5:], ""),
    "Basic, spaced out by dashes": ("-".join(_BASIC.rstrip("=")), ""),
    "spaced out and JSON-escaped": (" ".join(f"\\u{ord(c):04x}" for c in _TOKEN), ""),
    "spaced out as HTML entities": (" ".join(f"&#{ord(c)};" for c in _TOKEN), ""),
    # A line break inside it, as a JSON text (or a repr) escapes one: `\\n`, `\\\\n`.
    "split by an escaped line break": (json.dumps(_TOKEN[:5] + "\n" + _TOKEN[5:]), f'"{REDACTED}"'),
    "split by an escaped tab, escaped twice": (
        json.dumps(json.dumps(_TOKEN[:20] + "\t" + _TOKEN[20:]))[1:-1],
        f'\\"{REDACTED}\\"',
    ),
    "a list of its characters": (json.dumps(list(_TOKEN)), f'["{REDACTED}"]'),
    "a list of its characters, repr": (repr(list(_TOKEN)), f"['{REDACTED}']"),
    "UTF-32, truncated": (
        json.dumps(_TOKEN.encode("utf-32-le").decode("latin-1"))[:90],
        f'"{REDACTED}',
    ),
}


@pytest.mark.parametrize(("echoed", "left"), _ECHOED.values(), ids=_ECHOED.keys())
def test_redactor_knows_what_a_hostile_target_makes_of_a_credential(echoed: str, left: str) -> None:
    assert _BASIC.endswith("==")
    cleaned = Redactor([_SID, _TOKEN]).redact(f"said: {echoed} (end)")
    assert cleaned == f"said: {left or REDACTED} (end)"


def test_redactor_knows_pieces_of_base64_without_a_digit() -> None:
    """A piece of a base64 form has letters in both cases, often no digit: the Basic value of
    `AC` + `e0` * 16 begins `QUNlMGUwZTBl`, which a truncated or percent-encoded echo showed."""
    sid = "AC" + "e0" * 16
    basic = base64.b64encode(f"{sid}:hostile-token-1".encode()).decode()
    piece = basic[:20]
    assert not any(c.isdigit() for c in piece[:16])
    redactor = Redactor([sid, "hostile-token-1"])
    assert redactor.redact(f"'{piece}…'") == f"'{REDACTED}…'"
    encoded = "".join(f"%{b:02x}" for b in piece.encode())
    assert redactor.redact(f"'{encoded}…'") == f"'{REDACTED}…'"


def test_redactor_leaves_ordinary_text_alone() -> None:
    """Pieces are recognised only when they mix letters and digits: the words of a published
    credential (the built-in emulator's) stay readable, escapes that hold none stay as they
    were."""
    text = (
        "conformance: profile quick against http://127.0.0.1:8080/v1 (seed 12345), pool "
        "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8 &amp; %2F \\u0041"
    )
    assert Redactor([_SID, _TOKEN]).redact(text) == text
    emulator = Redactor(["AC" + "c0" * 16, "conformance-token-1"])
    assert emulator.redact(text) == text
    assert emulator.redact("conformance-token-1 (conformance)") == f"{REDACTED} (conformance)"
    # Words joined by their spaces make no credential: a squeezed value is 8 characters or more.
    words = "the run: see report.md, junit.xml | all 12 tests passed in 3.5 s"
    assert Redactor(["12tests"]).redact(words) == words


def test_redacting_stream_catches_a_credential_split_across_writes() -> None:
    sink = io.StringIO()
    stream = RedactingStream(sink, Redactor(["t0ken-secret"]))
    stream.write("header: t0ken")
    stream.write("-secret and more\nlast t0ken-")
    assert sink.getvalue() == f"header: {REDACTED} and more\n"  # the open line waits
    stream.write("secret")
    stream.close()
    assert sink.getvalue() == f"header: {REDACTED} and more\nlast {REDACTED}"


def test_rate_limiter_spaces_requests(timer: ManualTimer) -> None:
    limiter = RateLimiter(50, timer)
    started = timer.monotonic()
    for _ in range(11):
        limiter.wait()
    assert timer.monotonic() - started == pytest.approx(0.2)  # 10 intervals of 20 ms
    assert timer.slept == pytest.approx([0.02] * 10)
    timer.advance(1.0)  # idle time is not saved up for a burst
    limiter.wait()
    limiter.wait()
    assert timer.slept[-1] == pytest.approx(0.02)
    unlimited = RateLimiter(None, timer)
    for _ in range(1000):
        unlimited.wait()
    assert len(timer.slept) == 11


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
def test_router_names_the_operation(
    contract: Contract, method: str, path: str, expected: str | None
) -> None:
    """The suite asks the contract's router which operation a concrete request is."""
    operation = contract.router.match(method, path)
    assert (operation.op_id if operation else None) == expected


def test_markdown_groups_by_impact_operation_and_check(contract: Contract) -> None:
    finding = {
        "test": "t::x",
        "operation": "fetchSenderPool",
        "check": "body_matches_schema",
        "provenance": "documented",
        "impact": "breaking",
        "message": "body at /: 'updatedAt' is required",
        "reproduce": "curl -X GET -u '[REDACTED]' 'http://h/v1/SenderPools/p'",
    }
    inferred = {
        **finding,
        "check": "deleted_pool_is_gone",
        "provenance": "inferred",
        "impact": "inferred",
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
            "failOn": "inferred",
            "failed": True,
            "impactCounts": {"breaking": 2, "inferred": 1, "additive": 0},
            "findings": [finding, finding, inferred],
            "baseline": None,
            "patience": Patience(ManualTimer()).summary(),
            "coverage": Coverage(contract).summary(),
            "tests": {},
        }
    )
    breaking_part, inferred_part = text.split("## Inferred decisions contradicted (1)")
    assert "## Breaking: documented promises broken (2)" in breaking_part
    assert "### fetchSenderPool" in breaking_part
    assert "**body_matches_schema** (2x)" in breaking_part
    assert "### deleteSenderPool" in inferred_part
    assert "curl -X GET" in breaking_part
    assert "**3 drift finding(s)** (fails the run)" in text
    assert "2 breaking, 1 inferred, 0 additive" in text


def test_only_nightly_shrinks_failures() -> None:
    assert hypothesis.Phase.shrink not in PROFILES["default"].hypothesis_settings().phases
    assert hypothesis.Phase.shrink in PROFILES["nightly"].hypothesis_settings().phases
    settings = PROFILES["quick"].hypothesis_settings(max_examples=3)
    assert (settings.max_examples, settings.deadline) == (3, None)


def test_fuzz_time_budget(contract: Contract, timer: ManualTimer) -> None:
    target = in_process_target()
    unbounded = RunContext(contract, target, PROFILES["default"], timer)
    bounded = Profile(
        "bounded", max_examples=1, stateful_examples=1, stateful_steps=1, fuzz_seconds=60
    )
    run = RunContext(contract, target, bounded, timer)
    timer.advance(60)
    assert not run.fuzz_budget_spent()
    timer.advance(1)
    assert run.fuzz_budget_spent()
    assert not unbounded.fuzz_budget_spent()  # no budget


def test_retry_after_is_read_from_both_response_shapes() -> None:
    """The fuzzer's responses carry headers as a dict of lists; both must honour Retry-After
    (before one sending policy served both, the fuzzer fell back to its own backoff)."""

    schemathesis_like = SimpleNamespace(headers={"retry-after": ["7"]})
    assert retry_delay(schemathesis_like, attempt=0) == 7.0
    assert retry_delay(httpx.Response(429, headers={"Retry-After": "3"}), attempt=0) == 3.0
    assert retry_delay(httpx.Response(429, headers={"Retry-After": "600"}), attempt=0) == 30.0
    assert retry_delay(httpx.Response(429), attempt=2) == 2.0  # no header: backoff
    unusable = httpx.Response(429, headers={"Retry-After": "soon"})
    assert retry_delay(unusable, attempt=1) == 1.0  # backoff, never a crash


def test_busy_answers_are_waited_out_on_the_run_timer(
    contract: Contract, timer: ManualTimer
) -> None:
    """429 (any method) and a GET's 503 are retried after what Retry-After asks, else a
    backoff; the waiting happens on the run's timer, so this test does not wait."""
    run = RunContext(contract, replace(in_process_target(), app=None), PROFILES["quick"], timer)
    session = ApiSession.for_run(run, Ledger(), Redactor([]))
    try:
        busy = httpx.Response(429, headers={"Retry-After": "2"})
        answers = iter([busy, httpx.Response(503), httpx.Response(200)])
        call = session.transport.resolve("GET", f"{session.target.api_base}/Senders")
        assert session.transport.send(call, lambda: next(answers)).status_code == 200
        assert timer.slept == [2.0, 1.0]  # as asked; then the backoff of a second attempt
        assert run.requests_sent == 3
        refused = httpx.Response(503)
        post = session.transport.resolve("POST", f"{session.target.api_base}/SenderPools")
        assert session.transport.send(post, lambda: refused) is refused  # never resent
    finally:
        session.close()


def test_guard_blocks_sends_unless_the_target_may_be_sent_to(contract: Contract) -> None:
    def guard(**kwargs: bool) -> MutationGuard:
        return MutationGuard(Ledger(), contract, **kwargs)

    with pytest.raises(Blocked, match="--allow-sending"):
        guard(may_send=False).check("POST", "/Messages")
    guard(may_send=False).check("GET", "/Messages")  # reading is fine
    guard(may_send=True, may_fuzz_sends=False).check("POST", "/Messages")
    with pytest.raises(Blocked, match="fuzzer never sends"):
        guard(may_send=True, may_fuzz_sends=False).check("POST", "/Messages", fuzzing=True)
    guard(may_send=True, may_fuzz_sends=True).check("POST", "/Messages", fuzzing=True)


def test_sending_options_are_checked_before_anything_runs(contract: Contract) -> None:
    env = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}
    url = "http://127.0.0.1:9"  # nothing listens: no control plane

    def target(base_url: str | None = url, **options: Any) -> Target:
        return target_from_options(
            base_url, contract=contract, read_only=False, rate_limit=None, env=env, **options
        )

    with pytest.raises(TargetError, match="--send-to ADDRESS:CHANNEL"):
        target(allow_sending=True)
    with pytest.raises(TargetError, match="only takes effect with --allow-sending"):
        target(send_to=["+1:PHONE"])
    with pytest.raises(TargetError, match="recipient channel such as PHONE"):
        target(allow_sending=True, send_to=["+1:fax"])  # the channels are open, upper case
    assert target(allow_sending=True, send_to=["a@b.example:EMAIL"]).recipients == (
        ("a@b.example", "EMAIL"),
    )
    external = target()
    assert (external.may_send, external.recipients) == (False, ())
    allowed = target(allow_sending=True, send_to=["+1:2:PHONE"])
    assert (allowed.may_send, allowed.recipients) == (True, (("+1:2", "PHONE"),))
    builtin = target(None)
    assert (builtin.may_send, builtin.recipients) == (True, EMULATOR_RECIPIENTS)


def test_send_tests_are_skipped_where_sending_is_not_allowed() -> None:
    builtin = in_process_target()
    external = replace(builtin, external=True)
    assert skip_reason({"sends_messages"}, builtin) is None
    assert "--allow-sending" in str(skip_reason({"sends_messages"}, external))
    assert skip_reason({"sends_messages"}, replace(external, allow_sending=True)) is None
    assert skip_reason({"own_emulator"}, replace(external, allow_sending=True)) is not None


def _op_ids(schema: BaseSchema) -> set[str]:
    ids = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        ids.add(str(result.ok().definition.raw["operationId"]))
    return ids


def test_schema_leaves_sends_out_for_other_targets(contract: Contract) -> None:
    builtin = in_process_target()
    profile = PROFILES["quick"]

    def operations(target: Target) -> set[str]:
        return _op_ids(load_schema(contract, target, profile))

    assert "sendMessages" in operations(builtin)
    external = replace(builtin, app=None, external=True, allow_sending=True)
    assert "sendMessages" not in operations(external)
    assert "listMessages" in operations(external)


def test_schema_is_loaded_from_the_contract_even_without_a_file(contract: Contract) -> None:
    from_document = Contract(contract.document)
    schema = load_schema(from_document, in_process_target(), PROFILES["quick"])
    assert _op_ids(schema) == contract.op_ids


@pytest.fixture(scope="module")
def checks(contract: Contract) -> SuiteChecks:
    return SuiteChecks(contract)


def test_message_status_counters_are_the_stats_named_after_a_status(checks: SuiteChecks) -> None:
    statuses = "scheduled queued sent delivered read undelivered failed canceled"
    assert set(checks.message_status_counters) == set(statuses.split())


def _message_stats(**counts: int) -> dict[str, int]:
    return {**dict.fromkeys(["total", "recipients", "attempts", "unaddressable"], 0), **counts}


@pytest.mark.parametrize(
    ("stats", "problem"),
    [
        ({"total": 2, "queued": 0, "created": 1, "failed": 0}, "total != queued"),
        ("message", "sum of the per"),
        ("message-recipients", "recipients"),
    ],
)
def test_operation_stats_must_add_up(checks: SuiteChecks, stats: Any, problem: str) -> None:
    counters = dict.fromkeys(checks.message_status_counters, 0)
    if stats == "message":
        stats = {**_message_stats(total=1, recipients=1), **counters}
    elif stats == "message-recipients":
        stats = {**_message_stats(recipients=2, unaddressable=1), **counters}
    response = SimpleNamespace(
        status_code=200, json=lambda: {"id": "op", "status": "PROCESSING", "stats": stats}
    )
    with pytest.raises(OperationStatsDoNotAddUp, match=problem) as raised:
        checks.operation_stats_add_up(None, response, None)
    # The report names the check as it always has: Schemathesis' title for a custom check.
    assert raised.value.title == "Custom check failed: `operation_stats_add_up`"


def test_message_filters_read_the_sending_channel_and_every_tag(checks: SuiteChecks) -> None:
    message = {"id": "m", "from": {"channel": "SMS"}, "status": "SENT", "tags": {"a": "1"}}
    body = {"messages": [message]}
    checks.list_items_match_filters("listMessages", {"channel": "SMS", "tags": "a:1;"}, body)
    with pytest.raises(ListFilterNotHeld, match="channel=RCS returned m with channel=SMS"):
        checks.list_items_match_filters("listMessages", {"channel": "RCS"}, body)
    with pytest.raises(ListFilterNotHeld, match="tags=a:1;b:2;"):
        checks.list_items_match_filters("listMessages", {"tags": "a:1;b:2;"}, body)


def test_date_filters_compare_instants(checks: SuiteChecks) -> None:
    body = {"senders": [{"id": "s", "createdAt": "2026-01-02T00:00:00Z"}]}
    checks.list_items_match_filters("listSenders", {"startDate": "2026-01-02T01:00:00+02:00"}, body)
    with pytest.raises(ListFilterNotHeld, match="endDate"):
        checks.list_items_match_filters("listSenders", {"endDate": "2026-01-02T00:00:00Z"}, body)


def test_a_custom_check_is_reported_by_its_name_when_fuzzing(contract: Contract) -> None:
    """The typed failures reach the drift report as the check's name and message."""
    target = in_process_target()
    session = ApiSession(contract, target, Ledger(), Redactor([]))
    try:
        schema = load_schema(contract, target, PROFILES["quick"])
        operation = schema.find_operation_by_label("POST /SenderPools")
        assert operation is not None
        case = operation.Case(body={"name": "x"}, media_type="application/json")
        location = "http://emulator.local/v1/SenderPools/Operations/comms_operation_x"
        body = {"operationId": "comms_operation_x", "operationLocation": location}
        answer = httpx.Response(
            202,
            headers={"Location": "http://elsewhere/x", "Content-Type": "application/json"},
            stream=httpx.ByteStream(json.dumps(body).encode()),  # read by the client, as on a wire
        )
        with httpx.Client(transport=httpx.MockTransport(lambda _: answer)) as client:
            response = client.post("http://emulator.local/v1/SenderPools")
        with pytest.raises(FuzzDrift) as raised:
            Fuzzer(session).validate(case, response)
    finally:
        session.close()
    assert (
        "Custom check failed: `location_matches_operation_location`",
        f"Location header 'http://elsewhere/x' differs from operationLocation {location!r}",
    ) in raised.value.failures


def test_a_run_is_unchecked_only_when_nothing_passed_and_something_could_not_tell() -> None:
    from contract_tests.cli._guard import nothing_checked

    assert nothing_checked({"passed": 0, "inconclusive": 3, "skipped": 4}) is not None
    assert nothing_checked({"inconclusive": 1}) is not None
    assert nothing_checked({"passed": 1, "inconclusive": 30}) is None
    assert nothing_checked({"skipped": 5}) is None  # nothing to tell: a read-only skip, say
    assert nothing_checked({}) is None


def test_a_signal_waits_while_the_reports_are_written() -> None:
    """(A second Ctrl-C or SIGTERM stops the run at once: it landed between two files.)"""
    landed: list[str] = []
    previous = signal.signal(signal.SIGTERM, lambda *_: landed.append("after"))
    try:
        with _signals_held():
            os.kill(os.getpid(), signal.SIGTERM)  # unheld, its handler runs before the next line
            landed.append("writing")
        assert landed == ["writing", "after"]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_redacting_stream_writes_out_a_line_without_end() -> None:
    """A line written a piece at a time and never ended is held only up to MAX_OPEN_LINE,
    then written redacted (what a target's endless one-line answer, printed, would be)."""
    sink = io.StringIO()
    stream = RedactingStream(sink, Redactor(["t0ken-secret"]))
    piece = "x" * 1000 + "t0ken-secret"
    for _ in range(MAX_OPEN_LINE // len(piece) + 1):
        stream.write(piece)
    assert sink.getvalue()  # written before the line ended
    assert "t0ken" not in sink.getvalue()
    stream.write("end\n")
    stream.close()
    assert sink.getvalue().endswith("end\n")
    assert "t0ken" not in sink.getvalue()
