"""The suite is silent on conforming variance and loud on drift: each tolerance, proved against
the emulator's variance (in-process, on a clock shared by the emulator and the suite, so
nothing here really waits), and the line past which it is drift."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import jsonschema
import pytest
from schemathesis.core.failures import Failure, FailureGroup

from comms_emulator import EmulatorConfig, Progression, create_app
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.faults import FaultRule
from comms_spec import Contract
from contract_tests._context import RunContext
from contract_tests._finding import MAX_MESSAGE, Finding
from contract_tests._fuzz import FuzzDrift, Fuzzer
from contract_tests._patience import Inconclusive, Patience
from contract_tests._profiles import PROFILES
from contract_tests._redaction import Redactor
from contract_tests._safety import Ledger
from contract_tests._session import ApiSession, Drift
from contract_tests._target import EMULATOR_ACCOUNTS, in_process_target
from contract_tests.reporting._baseline import Baseline, compare, load_baseline
from contract_tests.reporting._impact import IMPACTS, failing, impact_of
from contract_tests.reporting._writer import ReportWriter, render_markdown
from contract_tests.suite import test_workflows as workflows
from tests.contract.support import ManualTimer

SCHEMA = Path(__file__).resolve().parents[2] / "contract_tests" / "reporting" / "report.schema.json"


class SharedClock(ManualTimer):
    """One time for the emulator (milliseconds) and the suite (monotonic seconds)."""

    def now_ms(self) -> int:
        return round(self.now * 1000) + 1_735_689_600_000


@pytest.fixture
def clock() -> SharedClock:
    return SharedClock()


def _session(
    contract: Contract, clock: SharedClock, window: float = 3.0, **config: Any
) -> ApiSession:
    return ApiSession.for_run(_run(contract, clock, window, **config), Ledger(), Redactor([]))


def _run(contract: Contract, clock: SharedClock, window: float = 3.0, **config: Any) -> RunContext:
    app = create_app(
        EmulatorConfig(accounts=dict(EMULATOR_ACCOUNTS), self_check=True, clock=clock, **config),
        contract,
    )
    target = replace(in_process_target(contract), app=app)
    run = RunContext(contract, target, PROFILES["quick"], clock)
    run.patience.window = window
    run.patience.operation_timeout = 30
    return run


@pytest.fixture
def lagging_run(contract: Contract, clock: SharedClock) -> RunContext:
    return _run(contract, clock, consistency=Consistency.parse("eventual:2"))


@pytest.fixture
def lagging(lagging_run: RunContext) -> Iterator[ApiSession]:
    session = ApiSession.for_run(lagging_run, Ledger(), Redactor([]))
    yield session
    session.close()


def test_a_lagging_list_is_waited_for_within_the_window(lagging: ApiSession) -> None:
    pool_id, _ = lagging.create_pool(name="late")  # listed by operationId, 2 s later
    assert lagging.ledger.owns(pool_id)
    patience = lagging.patience.summary()
    assert patience["readsThatWaited"] == 1
    assert 2.0 <= patience["secondsWaited"] <= 3.0
    assert patience["readsUnsettledAtWindowEnd"] == 0


def test_a_list_lagging_past_the_window_is_drift(contract: Contract, clock: SharedClock) -> None:
    session = _session(contract, clock, window=1.0, consistency=Consistency.parse("eventual:5"))
    with pytest.raises(AssertionError, match="found 0 pools"):
        session.create_pool(name="never-listed-in-time")
    assert session.patience.summary()["readsUnsettledAtWindowEnd"] == 1


def test_stale_items_are_waited_out(lagging: ApiSession, clock: SharedClock) -> None:
    """`observe` re-reads until a removal shows; the verdict is the read at the window's end."""
    reads = iter([{"a", "b"}, {"a", "b"}, {"a"}])
    assert lagging.observe(lambda: next(reads), lambda ids: "b" not in ids) == {"a"}
    assert clock.slept == [0.1, 0.2]  # backing off


# The workflow tests that read a list after a write that changes or removes what it lists.
STALE_AFTER_WRITE = [
    pytest.param(workflows.test_patch_is_persisted, "a list never showed the PATCH", id="patch"),
    pytest.param(workflows.test_use_after_delete, "a deleted pool is still listed", id="delete"),
    pytest.param(
        workflows.test_membership_changes_are_visible, "added senders are not listed", id="members"
    ),
]


@pytest.mark.parametrize(("workflow", "_message"), STALE_AFTER_WRITE)
def test_stale_lists_after_a_write_are_waited_for_within_the_window(
    lagging: ApiSession, workflow: Callable[[ApiSession], None], _message: str
) -> None:
    """The emulator lags every write (a PATCH, a delete, a membership change), not only
    creates: each workflow passes, having waited for the list."""
    workflow(lagging)
    patience = lagging.patience.summary()
    assert patience["readsThatWaited"] >= 2, patience  # the create, and the write after it
    assert patience["readsUnsettledAtWindowEnd"] == 0


@pytest.mark.parametrize(("workflow", "message"), STALE_AFTER_WRITE)
def test_a_list_stale_past_the_window_is_drift(
    contract: Contract, clock: SharedClock, workflow: Callable[[ApiSession], None], message: str
) -> None:
    session = _session(contract, clock, window=1.0, consistency=Consistency.parse("eventual:5"))
    create = session.create_pool

    def patient_create(**body: Any) -> tuple[str, dict[str, Any]]:
        # The pool must be listed first (a create lagging past the window is another test):
        # only the write after it meets the short window.
        session.patience.window = 10.0
        try:
            return create(**body)
        finally:
            session.patience.window = 1.0

    session.create_pool = patient_create  # type: ignore[method-assign]
    with pytest.raises(AssertionError, match=message):
        workflow(session)
    assert session.patience.summary()["readsUnsettledAtWindowEnd"] == 1
    session.close()


def test_busy_answers_on_every_operation_are_retried(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock)
    world = session.target.app.state.world
    for op_id in ("createSenderPool", "fetchSenderPoolOperation", "listSenderPools"):
        world.faults.add(FaultRule(429, op_id=op_id, count=2))
    world.faults.add(FaultRule(503, op_id="listSenderPools", count=1))
    pool_id, _ = session.create_pool(name="busy")
    assert session.patience.retries == {429: 6, 503: 1}
    assert session.get(f"/SenderPools/{pool_id}").status_code == 200


def test_a_503_to_a_create_is_read_back_and_never_creates_twice(
    contract: Contract, clock: SharedClock
) -> None:
    """The emulator's 503 comes before processing: reading finds nothing, so it is resent."""
    session = _session(contract, clock, consistency=Consistency.parse("eventual:1"))
    world = session.target.app.state.world
    world.faults.add(FaultRule(503, op_id="createSenderPool", count=3))
    pool_id, _ = session.create_pool(name="once")
    sid = session.target.credentials.pair[0]
    assert world.account(sid).counts()["senderPools"] == 1
    assert session.ledger.remaining() == [pool_id]


def test_a_503_to_a_create_that_was_processed_is_inconclusive(
    contract: Contract, clock: SharedClock
) -> None:
    """A create that went through but whose answer was lost: found by reading, adopted for
    cleanup, not sent again, and the test is inconclusive (the 202 cannot be checked)."""
    session = _session(contract, clock)
    real = session.transport.client.request

    def lose_the_answer(method: str, url: str, **kwargs: Any) -> httpx.Response:
        response = real(method, url, **kwargs)
        if method == "POST" and url.endswith("/SenderPools"):
            return httpx.Response(503, headers={"Retry-After": "1"}, request=response.request)
        return response

    session.transport.client.request = lose_the_answer  # type: ignore[method-assign, assignment]
    with pytest.raises(Inconclusive, match=r"inconclusive: .* it was processed"):
        session.create_pool(name="lost-answer")
    sid = session.target.credentials.pair[0]
    assert session.target.app.state.world.account(sid).counts()["senderPools"] == 1
    assert len(session.ledger.remaining()) == 1  # adopted: cleanup deletes it
    assert session.cleanup() == []


def test_an_api_busy_for_too_long_is_inconclusive_not_drift(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock)
    session.target.app.state.world.faults.add(FaultRule(429, op_id="listSenders", rate=1))
    with pytest.raises(Inconclusive, match="still answered 429"):
        session.get("/Senders")


def test_an_operation_that_never_completes_is_a_finding_not_a_hang(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock, progression=Progression.parse("polls:1000000"))
    session.patience.operation_timeout = 5
    accepted = session.request("POST", "/SenderPools", json={"name": "stuck"})
    with pytest.raises(Drift) as stuck:
        session.wait_for_operation(accepted.json()["operationLocation"])
    assert stuck.value.check == "operation_completes_within_timeout"
    assert stuck.value.op_id == "fetchSenderPoolOperation"
    assert "did not complete" in str(stuck.value)
    assert 5 <= clock.now - 1000 <= 6  # the deadline, not ten minutes


def test_later_waits_on_a_stuck_kind_are_short_and_inconclusive(
    contract: Contract, clock: SharedClock
) -> None:
    """However many Operations are stuck, only the first is waited out: the run ends within the
    timeout and a little more."""
    session = _session(contract, clock, progression=Progression.parse("polls:1000000"))
    session.patience.operation_timeout = 5
    locations = [
        session.request("POST", "/SenderPools", json={"name": f"stuck-{i}"}).json()[
            "operationLocation"
        ]
        for i in range(3)
    ]
    with pytest.raises(Drift):
        session.wait_for_operation(locations[0])
    waited = clock.now
    for location in locations[1:]:
        with pytest.raises(Inconclusive, match="not waited for again"):
            session.wait_for_operation(location)
    assert clock.now == waited  # one read each, no sleep
    assert "fetchSenderPoolOperation" in session.patience.summary()["operationsNotWaitedForAgain"]


def test_a_location_that_does_not_resolve_is_a_finding_not_a_wait(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock)
    location = session.request("POST", "/SenderPools", json={"name": "lost"}).json()[
        "operationLocation"
    ]
    wrong = location[:-1] + ("0" if location[-1] != "0" else "1")
    with pytest.raises(Drift) as lost:
        session.wait_for_operation(wrong)
    assert lost.value.check == "operation_location_resolves"
    assert clock.slept == []


def test_a_strongly_consistent_target_proves_an_absence_in_one_read(clock: SharedClock) -> None:
    patience = Patience(clock, window=10, strong=True)
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    assert patience.observe(read, lambda n: n > 5) == 1
    assert clock.slept == []
    assert patience.summary()["knownStronglyConsistent"] is True


def test_fuzzed_creates_are_finished_after_the_fuzzing_not_in_turn(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock, progression=Progression.parse("polls:2"))
    fuzzer = Fuzzer(session)
    for i in range(3):
        fuzzer._adopt(session.request("POST", "/SenderPools", json={"name": f"fuzzed-{i}"}))
    assert len(fuzzer.pending) == 3
    assert session.ledger.remaining() == []  # nothing waited for yet
    assert fuzzer.finish_creates() == 3
    assert len(session.ledger.remaining()) == 3
    assert fuzzer.pending == []


def test_undeclared_fields_and_headers_are_additive(contract: Contract) -> None:
    conformance = contract.conformance
    pool = {
        "id": "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8",
        "name": "x",
        "tags": {"any": "key"},  # a map: every key is declared
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-01T00:00:00Z",
        "region": "us1",
    }
    headers = {"Content-Type": "application/json", "Date": "x", "X-Shard": "7"}
    found = conformance.undeclared("fetchSenderPool", 200, pool, headers)
    assert [(v.check, v.message) for v in found] == [
        ("no_undeclared_response_headers", "undeclared response header x-shard"),
        ("no_undeclared_response_fields", "undeclared response field /region"),
    ]
    listed = {"senderPools": [{**pool, "region": None}], "pagination": {"next": None, "x": 1}}
    messages = [v.message for v in conformance.undeclared("listSenderPools", 200, listed, {})]
    assert "undeclared response field /senderPools/*/region" in messages
    assert "undeclared response field /pagination/x" in messages
    del pool["region"]
    assert conformance.undeclared("fetchSenderPool", 200, pool, {"Date": "x"}) == []


def test_impact_classes_and_the_exit_policy() -> None:
    assert impact_of("no_undeclared_response_fields", "documented") == "additive"
    assert impact_of("deleted_pool_is_gone", "inferred") == "inferred"
    assert impact_of("body_matches_schema", "documented") == "breaking"
    assert impact_of("suite_ran_to_completion", "-") == "breaking"
    findings = [_finding("t", "c", impact) for impact in IMPACTS]
    assert [len(failing(findings, fail_on)) for fail_on in IMPACTS] == [1, 2, 3]
    additive = _finding("t", "c", "additive")
    assert failing([additive], "inferred") == []  # the default never fails on it
    with pytest.raises(ValueError, match="--fail-on must be one of"):
        failing(findings, "everything")


def _finding(test: str, check: str, impact: str = "breaking") -> Finding:
    return Finding(test, "fetchSenderPool", check, "documented", "m", impact=impact)


def test_baseline_marks_new_still_present_fixed_and_not_rechecked(tmp_path: Path) -> None:
    previous = Baseline(
        "2026-11-29T02:00:00Z",
        (_finding("t::a", "one"), _finding("t::b", "two"), _finding("t::gone", "three")),
    )
    now = [_finding("t::a", "one"), _finding("t::c", "four")]
    tests = {n: {"outcome": "passed"} for n in ("t::a", "t::b", "t::c")}
    diff = compare(now, tests, previous)
    assert [f.baseline for f in diff.findings] == ["still present", "new"]
    assert [f.check for f in diff.new()] == ["four"]
    assert [f.check for f in diff.still_present()] == ["one"]
    assert [f.check for f in diff.fixed] == ["two"]  # its test ran and passed
    assert [f.check for f in diff.not_rechecked] == ["three"]  # its test did not run
    path = tmp_path / "report.json"
    path.write_text(
        json.dumps(
            {
                "startedAt": previous.started_at,
                "findings": [f.to_json() for f in previous.findings],
            }
        )
    )
    assert load_baseline(path) == previous
    path.write_text("[]")
    with pytest.raises(ValueError, match="not a conformance report"):
        load_baseline(path)
    with pytest.raises(ValueError, match=r"not a readable report\.json"):
        load_baseline(tmp_path / "missing.json")


def test_the_report_has_classes_coverage_waiting_and_diff_and_matches_its_schema(
    lagging: ApiSession, lagging_run: RunContext, tmp_path: Path
) -> None:
    lagging.create_pool(name="covered")
    lagging_run.note_additive(_finding("t::x", "no_undeclared_response_fields", "additive"))
    previous = Baseline("yesterday", (_finding("t::old", "gone"),))
    writer = ReportWriter(tmp_path, lagging_run, fail_on="inferred", baseline=previous)
    writer.findings.append(_finding("t::a", "body_matches_schema"))
    data = writer.summary(1)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(data)
    assert data["impactCounts"] == {"breaking": 1, "inferred": 0, "additive": 1}
    assert data["failed"] is True
    assert data["coverage"]["operations"]["createSenderPool"]["statusesObserved"] == [202]
    assert (
        "createSenderPool 202 -> FetchCreateOperation -> fetchSenderPoolOperation"
        in (data["coverage"]["linksFollowed"])
    )
    assert "deleteSenderPool" in data["coverage"]["operationsNotCalled"]
    markdown = render_markdown(data)
    assert markdown.index("Since the baseline") < markdown.index("## Breaking")
    assert markdown.index("## Breaking") < markdown.index("## Additive")
    for section in ("## Coverage", "## Waiting", "Consistency window: 3 s", "[new]"):
        assert section in markdown
    writer.fail_on = "breaking"
    writer.findings.clear()
    assert writer.summary(0)["failed"] is False  # additive alone never fails


def test_a_failure_that_is_no_finding_keeps_the_run_failed(lagging_run: RunContext) -> None:
    """`nox -s tests` collects the unit tests with the suite: one of them failing (no finding)
    fails the run, while a suite failure whose only finding is additive still passes it. Both
    in one process and in pytest-xdist's controller, which sees the reports but no findings."""

    def failed(nodeid: str, *findings: Finding) -> tuple[pytest.TestReport, list[Finding]]:
        report = pytest.TestReport(nodeid, (nodeid, 1, nodeid), {}, "failed", "boom", "call")
        if findings:  # as the suite's plugin does (contract_tests/suite/conftest.py)
            ReportWriter.label(report, list(findings))
        return report, list(findings)

    def exit_status(*tests: tuple[pytest.TestReport, list[Finding]], controller: bool) -> int:
        writer = ReportWriter(None, lagging_run)
        for report, findings in tests:
            if not controller:
                writer.add(findings)
            writer.pytest_runtest_logreport(report)
        session = SimpleNamespace(exitstatus=pytest.ExitCode.TESTS_FAILED)
        writer.pytest_sessionfinish(session, pytest.ExitCode.TESTS_FAILED)  # type: ignore[arg-type]
        return int(session.exitstatus)

    additive = failed("contract_tests/suite/t.py::a", _finding("t::a", "extra", "additive"))
    breaking = failed("contract_tests/suite/t.py::b", _finding("t::b", "body_matches_schema"))
    unit = failed("tests/test_x.py::test_x")
    for controller in (False, True):
        assert exit_status(additive, controller=controller) == pytest.ExitCode.OK
        assert exit_status(additive, unit, controller=controller) == pytest.ExitCode.TESTS_FAILED
        assert exit_status(breaking, controller=controller) == pytest.ExitCode.TESTS_FAILED


def test_schemathesis_auth_probes_that_meet_a_busy_api_are_not_drift(
    contract: Contract, clock: SharedClock
) -> None:
    """Schemathesis' own extra requests (the ignored_auth probes) bypass the suite's retries;
    "expected 401, got 429" is retried, then judged inconclusive, never reported. A real
    failure next to it still is."""
    session = _session(contract, clock)
    busy = Failure(
        operation="GET /Senders",
        title="Unexpected response to a request without authentication",
        message="Expected 401 or 403, got `429 Too Many Requests` for `GET /Senders`",
    )
    real = Failure(operation="GET /Senders", title="Server error", message="500")
    answers = iter([[busy], [busy], []])

    class Case:
        method, path = "GET", "/Senders"

        def validate_response(self, response: Any, **kwargs: Any) -> None:
            failures = next(answers)
            if failures:
                raise FailureGroup(failures)

        def as_curl_command(self) -> str:
            return "curl"

    fuzzer = Fuzzer(session)
    fuzzer.validate(Case(), httpx.Response(200))  # type: ignore[arg-type]
    assert session.patience.retries == {429: 2}
    answers = iter([[busy, real]])
    with pytest.raises(FuzzDrift) as raised:
        fuzzer.validate(Case(), httpx.Response(200))  # type: ignore[arg-type]
    assert [title for title, _ in raised.value.failures] == ["Server error"]


@pytest.mark.parametrize(
    ("window", "longest"),
    [(3.0, 0.375), (10.0, 1.25), (60.0, 2.0), (0.5, 0.1)],
)
def test_polls_back_off_to_an_eighth_of_the_window(window: float, longest: float) -> None:
    """A list that catches up a second after a write is seen soon after, not a whole doubled
    interval later; the wait still ends with the window, read at its end."""
    clock = ManualTimer()
    patience = Patience(clock, window=window)
    reads = [0]

    def read() -> int:
        reads[0] += 1
        return reads[0]

    assert patience.observe(read, lambda _: False) == reads[0]  # never holds: the window closes
    assert max(clock.slept) == pytest.approx(longest)
    assert sum(clock.slept) == pytest.approx(window)
    assert patience.summary()["readsUnsettledAtWindowEnd"] == 1


def test_the_writer_redacts_every_report_it_writes(lagging_run: RunContext, tmp_path: Path) -> None:
    """Findings reach the writer as objects, unredacted; what it writes carries no credential,
    even in a message cut to the report's limit right through one."""
    token = lagging_run.target.credentials.password
    cut_through = "x" * (MAX_MESSAGE - 12) + token  # cut first, 12 characters would show
    writer = ReportWriter(tmp_path, lagging_run)
    writer.add(
        [Finding("t::a", "fetchSenderPool", "body_matches_schema", "documented", cut_through)]
    )
    lagging_run.note_additive(
        Finding("t::b", "fetchSenderPool", "no_undeclared_response_fields", "documented", token)
    )
    writer.write(writer.summary(1))
    written = [(tmp_path / name).read_text() for name in ("report.json", "report.md")]
    for text in written:
        assert token[:12] not in text
    assert "[REDACTED]" in written[0]


def test_a_read_still_lagging_at_the_window_s_end_is_named(
    contract: Contract, clock: SharedClock
) -> None:
    session = _session(contract, clock, window=1.0, consistency=Consistency.parse("eventual:5"))
    session.judge.test = "contract_tests/suite/t.py::test_x"
    with pytest.raises(AssertionError, match="found 0 pools"):
        session.create_pool(name="never-listed-in-time")
    summary = session.patience.summary()
    [read] = summary["readsUnsettled"]
    assert read["operation"] == "listSenderPools"
    assert read["request"].startswith("GET /SenderPools?operationId=")
    assert read["waitedFor"].startswith("len(found) == 1 (contract_tests/_workflows.py:")
    assert read["test"] == "contract_tests/suite/t.py::test_x"
    assert summary["absenceWaits"] == []
    markdown = render_markdown({**_minimal_report(), "patience": summary})
    assert f"  - still lagging: listSenderPools `{read['request']}` waited for" in markdown
    session.close()


def test_a_wait_proving_an_absence_is_named_with_why_and_is_no_lag(
    contract: Contract, clock: SharedClock
) -> None:
    """A create answered 503 (not processed) is read back for the whole window before it is
    sent again: a pool listed late must be found. That wait is the check, not a lagging list,
    on any target: a strongly consistent one (the emulator over HTTP) waits it out too."""
    session = _session(contract, clock)
    faults = session.target.app.state.world.faults
    faults.add(FaultRule(503, op_id="createSenderPool", count=1))
    session.create_pool(name="sent-again")
    summary = session.patience.summary()
    assert summary["readsUnsettledAtWindowEnd"] == 0
    assert summary["readsUnsettled"] == []
    [wait] = summary["absenceWaits"]
    assert wait["operation"] == "listSenderPools"
    assert wait["why"].startswith("POST /v1/SenderPools answered 503: a pool it made may be")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator(
        {**schema["properties"]["patience"], "$defs": schema["$defs"]}
    ).validate(summary)
    markdown = render_markdown({**_minimal_report(), "patience": summary})
    assert "0 still lagging at the window's end" in markdown
    assert "- Windows read whole to prove that nothing appeared: 1" in markdown
    assert wait["why"] in markdown
    session.close()


def _minimal_report() -> dict[str, Any]:
    return {
        "target": "t",
        "profile": "quick",
        "readOnly": False,
        "startedAt": "-",
        "durationSeconds": 0,
        "counts": {},
        "findings": [],
        "tests": {},
    }
