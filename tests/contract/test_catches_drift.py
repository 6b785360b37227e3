"""The suite's own proof: pointed at deliberately broken emulators over HTTP, it reports each
drift (exit 1, the drift named in the report), every time; pointed at the intact emulator with
the `default` profile (CI's) it reports nothing (exit 0). Both hold with the emulator's variance
on (lists lagging writes, 429/503 at random, latency): silent on conforming variance, loud on
drift. Deterministic tests, not a lucky seed, make each detection certain. Every report is
checked against the report's JSON schema.

Each proof is as small as its claim (CI's budget: docs/contributors/ci-time-budget.md): the
drift runs use the `quick` profile, since every drift here is caught by a deterministic test,
which runs whole in every profile (the profiles differ only in fuzzing and stateful sizes); the
silence is proved at `default`, where the fuzzer and the state machine send the most. Every run
with variance, and every drift run, closes the consistency window at CONSISTENCY_WINDOW: a
reading that never catches up (the drift) costs the window each time, and the emulator's lag
(0.25 s, broken_server.VARIANCE) is well inside it. The window closes with a read made after
it, so a busy machine cannot make a conforming list look stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from contract_tests._workflows import UNREADABLE_503
from tests.contract.support import run_conformance, server

# Each test starts a server and a whole conformance run: minutes, not seconds.
pytestmark = [pytest.mark.slow, pytest.mark.long_running]

EXPECTED = {
    # variant: (operation, check) findings that must be in the report
    "missing-required-field": ("fetchSenderPool", "body_matches_schema"),
    "undeclared-status": ("deleteSenderPool", "status_code_is_documented"),
    "delete-does-not-delete": ("deleteSenderPool, fetchSenderPool", "deleted_pool_is_gone"),
    "ignored-filters": ("listSenders", "sender_filters_hold"),
    "auth-not-enforced": (
        "listSenderPools, listSenders, createSenderPool",
        "authentication_is_required",
    ),
    "broken-pagination": ("listSenders", "pagination_visits_every_item_once"),
    "uses-deactivated-senders": (
        "sendMessages, fetchMessageOperation, listMessages",
        "deactivated_senders_are_never_used",
    ),
    "resolve-disagrees-with-sends": (
        "resolveSenders, sendMessages, listMessages",
        "resolve_agrees_with_sends",
    ),
    "search-ignores-channel": (
        "searchSenders, listSenders",
        "search_finds_by_address_and_channel",
    ),
    "added-field": ("fetchSenderPool", "no_undeclared_response_fields"),
    "ignores-the-pool": (
        "sendMessages, fetchMessageOperation, listMessages, fetchMessage",
        "pool_sends_use_fitting_pool_senders",
    ),
    "accepts-a-wrong-typed-name": (
        "createSenderPool, updateSenderPool, addSenderPoolSenders, sendMessages, …",
        "every_body_field_rejects_a_wrong_type",
    ),
    # The smoke pass's first read of /preview gets an undeclared 404 (the report's reproduce
    # line names the /preview URL; REPORTED_WHERE below).
    "preview-vanishes": ("listSenders", "status_code_is_documented"),
}
# What else each drift must be reported as: the catalogue's derived checks see these too.
ALSO_EXPECTED = {
    "broken-pagination": ("listSenders", "next_visits_every_item_once"),
    "ignored-filters": ("listSenders", "list_filter_holds"),
}
# Where a finding's check is a general one: what in the report ties it to the drift.
REPORTED_WHERE = {
    "preview-vanishes": (
        "contract_tests/suite/test_reads.py::test_every_declared_server_serves_the_reads",
        "/preview/Senders",
    ),
}
SCHEMA = Path(__file__).resolve().parents[2] / "contract_tests" / "reporting" / "report.schema.json"
# The emulator lags lists by 0.25 s under --variance; the suite waits up to this long.
CONSISTENCY_WINDOW = ["--consistency-window", "1.5"]
# The intact emulator is checked at CI's profile; a drift, at the smallest that catches it.
INTACT_PROFILE = ["--profile", "default"]
DRIFT_PROFILE = ["--profile", "quick"]
SENDING = [
    "--allow-sending",
    "--send-to=+12025550100:PHONE",
    "--send-to=+12025550101:WHATSAPP",
]
# The send tests only run where sending is allowed, to recipients named for it.
EXTRA_ARGS = {
    "uses-deactivated-senders": SENDING,
    "resolve-disagrees-with-sends": SENDING,
    "ignores-the-pool": SENDING,
    # Search is a read: it is checked with --read-only too (the guard lets it through).
    "search-ignores-channel": ["--read-only"],
    # Additive drift alone never fails the default run; this proof asks it to.
    "added-field": ["--fail-on", "additive"],
}


def _valid(report: dict[str, Any]) -> dict[str, Any]:
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(report)
    return report


# Every drift is proved twice: steady, and with variance on (VARIANCE in broken_server.py), so
# that no drift can hide behind a lagging list or a busy answer.
CASES = [
    pytest.param(variant, variance, id=f"{variant}-{'variance' if variance else 'steady'}")
    for variant in sorted(EXPECTED)
    for variance in (False, True)
]


def _lost_sends(report: dict[str, Any]) -> list[str]:
    """The tests a send answered 503 left inconclusive: the suite does not send again what it
    cannot read back, so such a run says nothing about the drift behind that send."""
    return [
        name
        for name, test in report.get("tests", {}).items()
        if UNREADABLE_503 in test.get("reason", "")
    ]


def _attempts(variance: bool, args: list[str]) -> tuple[int, ...]:
    """The runs a proof may take. With variance, 1 request in 12 is busy: when it is the one
    send that would show the drift, that run is inconclusive, not silent (`_lost_sends`), and
    one more run (a fresh emulator) decides."""
    return (1, 2) if variance and SENDING[0] in args else (1,)


@pytest.mark.parametrize(("variant", "variance"), CASES)
def test_each_drift_is_reported(variant: str, variance: bool, tmp_path: Path) -> None:
    for attempt in _attempts(variance, EXTRA_ARGS.get(variant, [])):
        report_dir = tmp_path / f"run-{attempt}"
        with server(variant, variance=variance) as url:
            code, output, report = run_conformance(
                url,
                report_dir,
                *DRIFT_PROFILE,
                *CONSISTENCY_WINDOW,
                *EXTRA_ARGS.get(variant, []),
                # The catalogue's own tests have their proofs below; here they would only add a
                # minute of CI to every run (except where they must see the drift too).
                *([] if variant in ALSO_EXPECTED else ["--", "-k", "not test_promises"]),
            )
        if code != 0 or not _lost_sends(report):
            break
    assert code == 1, output[-3000:]
    found = {(f["operation"], f["check"]) for f in _valid(report)["findings"]}
    assert EXPECTED[variant] in found, sorted(found)
    if variant in ALSO_EXPECTED:
        assert ALSO_EXPECTED[variant] in found, sorted(found)
    if variant in REPORTED_WHERE:
        test, url = REPORTED_WHERE[variant]
        assert any(
            f["test"] == test and url in f["reproduce"] and f["check"] == EXPECTED[variant][1]
            for f in report["findings"]
        ), report["findings"]
    markdown = (report_dir / "report.md").read_text()
    assert EXPECTED[variant][1] in markdown
    assert "DRIFT FOUND" in output


@pytest.mark.parametrize("variance", [False, True], ids=["steady", "variance"])
def test_the_intact_emulator_has_no_findings(variance: bool, tmp_path: Path) -> None:
    with server("intact", variance=variance) as url:
        code, output, report = run_conformance(
            url, tmp_path, *INTACT_PROFILE, *(CONSISTENCY_WINDOW if variance else [])
        )
    assert code == 0, output[-3000:]
    assert _valid(report)["findings"] == [], report["findings"]
    assert report["counts"].get("failed", 0) == 0
    assert report["counts"]["passed"] >= 40
    markdown = (tmp_path / "report.md").read_text()
    assert "No drift found" in markdown
    assert "## Coverage" in markdown
    if variance:  # the variance was there, and was waited out
        assert report["patience"]["retriedRequests"], report["patience"]
        assert report["patience"]["readsThatWaited"] > 0, report["patience"]
    print(
        f"\nintact emulator, variance {'on' if variance else 'off'}: "
        f"{report['durationSeconds']} s, {report['requestsSent']} requests, "
        f"tests {report['counts']}, "
        f"patience {report['patience']}"
    )


def test_fail_on_sets_the_exit_policy_and_the_baseline_shows_what_changed(
    tmp_path: Path,
) -> None:
    """One test of each: additive findings are reported but fail only `--fail-on additive`;
    inferred ones fail the default but not `--fail-on breaking`; a later run against the
    fixed API, with the first report as baseline, lists them as fixed."""
    only = ["--", "-k", "test_patch_is_persisted or test_use_after_delete"]
    with server("added-field") as url:
        code, output, report = run_conformance(url, tmp_path / "a", *only)
        assert code == 0, output[-3000:]
        assert _valid(report)["impactCounts"]["additive"] >= 1
        assert "## Additive" in (tmp_path / "a" / "report.md").read_text()
        code, _, _ = run_conformance(url, tmp_path / "a2", "--fail-on", "additive", *only)
        assert code == 1
    with server("delete-does-not-delete") as url:
        code, _, report = run_conformance(url, tmp_path / "b", *only)
        assert code == 1
        assert report["impactCounts"]["inferred"] == 1
        code, _, report = run_conformance(url, tmp_path / "c", "--fail-on", "breaking", *only)
        assert code == 0
        assert report["failOn"] == "breaking"
    with server("intact") as url:
        baseline = str(tmp_path / "c" / "report.json")
        code, _, report = run_conformance(url, tmp_path / "d", "--baseline", baseline, *only)
    assert code == 0
    assert [f["check"] for f in _valid(report)["baseline"]["fixed"]] == ["deleted_pool_is_gone"]
    assert (
        (tmp_path / "d" / "report.md")
        .read_text()
        .startswith("# Conformance report: Twilio Comms API, Sender Pools\n\n## Since the baseline")
    )


# The promise catalogue's entry kinds (contract_tests/_promises.py), each broken at least once:
# grouped, several breakages a server (PROMISE_GROUPS in broken_server.py), each seen by its
# own kind and operation, so a few runs prove them all. The promise tests alone run (`-k
# promises`, the quick profile): they are what each breakage needs.
PROMISE_EXPECTED: dict[str, list[tuple[str, str]]] = {
    "promises-pools": [
        ("listSenders", "self_rereads_the_page"),
        ("createSenderPool, fetchSenderPool", "written_field_reads_back"),
        ("addSenderPoolSenders, listSenderPoolSenders", "membership_is_a_set"),
        (
            "removeSenderPoolSender, listSenderPoolSenders, fetchSender",
            "remove_removes_exactly_one",
        ),
        (
            "createSenderPool, updateSenderPool, addSenderPoolSenders, sendMessages",
            "locations_resolve",
        ),
        ("resolveSenders, listSenders", "resolve_returns_only_eligible_senders"),
        ("listSenderPoolSenders", "list_filter_holds"),
        ("fetchSenderPoolOperation", "unknown_id_is_404"),
        ("fetchMessage", "malformed_input_is_400"),
        ("updateSenderPool", "input_limit_is_enforced"),
        ("listSenders", "credentials_required"),
        ("fetchSender", "accounts_are_isolated"),
        ("listSenders", "busy_429_is_retried"),
        ("deleteSenderPool", "busy_503_is_retried"),
        ("createSenderPool, listSenderPools, listSenders", "documented_limits_are_rejected"),
        ("createSenderPool", "documented_limits_are_accepted"),
    ],
    "promises-sends": [
        ("sendMessages, listMessages, fetchMessage", "one_message_per_recipient"),
        ("sendMessages, fetchMessage", "written_field_reads_back"),
        (
            "sendMessages, fetchMessageOperation, listMessages, fetchMessage",
            "nothing_goes_out_before_send_at",
        ),
        ("resolveSenders, listSenders", "resolve_returns_only_eligible_senders"),
    ],
    "pools-not-found-by-operation": [
        (
            "createSenderPool, fetchSenderPoolOperation, listSenderPools",
            "async_create_is_found_by_operation_id",
        ),
    ],
}
PROMISE_ARGS = {"promises-pools": [], "promises-sends": SENDING, "pools-not-found-by-operation": []}
# Which tests each group needs (the rest would only repeat what the drift proofs above show).
PROMISE_TESTS = {
    "promises-pools": "promises or test_limits",
    "promises-sends": "promises",
    "pools-not-found-by-operation": "test_create_lifecycle",
}


@pytest.mark.parametrize(
    ("group", "variance"),
    [
        pytest.param(g, v, id=f"{g}-{'variance' if v else 'steady'}")
        for g in PROMISE_EXPECTED
        for v in (False, True)
    ],
)
def test_each_promise_kind_can_fail(group: str, variance: bool, tmp_path: Path) -> None:
    for attempt in _attempts(variance, PROMISE_ARGS[group]):
        report_dir = tmp_path / f"run-{attempt}"
        with server(group, variance=variance) as url:
            code, output, report = run_conformance(
                url,
                report_dir,
                "--profile",
                "quick",
                *PROMISE_ARGS[group],
                # A broken check waits out the window before it judges: steady, a second will do.
                *(CONSISTENCY_WINDOW if variance else ["--consistency-window", "1"]),
                "--",
                "-k",
                PROMISE_TESTS[group],
            )
        found = {(f["operation"], f["check"]) for f in _valid(report)["findings"]}
        missing = [pair for pair in PROMISE_EXPECTED[group] if pair not in found]
        if not missing or not _lost_sends(report):  # (the group's other drifts always show)
            break
    assert code == 1, output[-3000:]
    assert not missing, (missing, sorted(found))
    drifted = {e["kind"] for e in report["promises"]["entries"] if e["verdict"] == "drifted"}
    assert {check for _, check in PROMISE_EXPECTED[group]} <= drifted
    assert (report_dir / "junit-promises.xml").read_text().count("<failure") == (
        report["promises"]["counts"]["drifted"]
    )
    print(f"\n{group} (variance {'on' if variance else 'off'}): {report['durationSeconds']} s")


def test_stuck_and_lost_operations_end_the_run_with_findings(tmp_path: Path) -> None:
    """Every SenderPool Operation stays PROCESSING and every send's operationLocation answers
    404: the whole quick run (fuzzing too) still ends by itself, soon after the
    --operation-timeout, with one finding for each (the hang guard is the subprocess timeout)."""
    with server("operations-stuck-and-lost") as url:
        code, output, report = run_conformance(
            url, tmp_path, "--profile", "quick", "--operation-timeout", "3", *SENDING
        )
    assert code == 1, output[-3000:]
    found = {(f["operation"], f["check"]) for f in _valid(report)["findings"]}
    assert ("fetchSenderPoolOperation", "operation_completes_within_timeout") in found, found
    assert ("fetchMessageOperation", "operation_location_resolves") in found, found
    assert set(report["patience"]["operationsNotWaitedForAgain"]) == {
        "fetchSenderPoolOperation",
        "fetchMessageOperation",
    }
    print(f"\nstuck and lost Operations: the run took {report['durationSeconds']} s")
