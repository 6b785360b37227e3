"""The drift report: JSON for machines (its schema: `report.schema.json`), Markdown for people.
Findings are grouped by impact class (breaking / inferred / additive), then operation and check;
every report says what changed since the baseline, what the run waited for and what it covered."""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from contract_tests._context import RunContext
from contract_tests._finding import Finding
from contract_tests._patience import INCONCLUSIVE, described, plain_reason
from contract_tests._redaction import Redactor
from contract_tests._safety import rate_limit_note
from contract_tests.reporting._baseline import Baseline, compare
from contract_tests.reporting._formats import write_reports
from contract_tests.reporting._history import history_lines, record_night
from contract_tests.reporting._impact import DEFAULT_FAIL_ON, IMPACTS, failing, impact_of
from contract_tests.reporting._promises_report import markdown_lines, promises_section
from contract_tests.reporting._replay import replay_lines, replay_summary

SCHEMA_VERSION = 2
IMPACTS_PROPERTY = "finding-impacts"  # a failed test report's user property (ReportWriter.label)


class ReportWriter:
    """Collects the run's outcomes and findings (as objects) and writes the reports once, at
    the session's end. Every text it writes passes its redactor: this is where credentials are
    taken out of the reports, not afterwards."""

    def __init__(
        self,
        directory: Path | None,
        run: RunContext,
        *,
        fail_on: str = DEFAULT_FAIL_ON,
        baseline: Baseline | None = None,
        baseline_path: str | None = None,
        redactor: Redactor | None = None,
        replay: dict[str, Any] | None = None,
        history: Path | None = None,
    ) -> None:
        self.directory = directory
        self.run = run
        self.fail_on = fail_on
        self.baseline = baseline
        self.baseline_path = baseline_path
        self.redactor = redactor or Redactor(run.target.secrets)
        self.replay = replay  # seed, shard, rerun command (`_replay.py`)
        self.history = history
        self.started = time.time()
        self.outcomes: dict[str, dict[str, Any]] = {}
        self.findings: list[Finding] = []
        # Failed tests that fail the run whatever the findings say: those with no finding (not
        # the suite's: every failure of a suite test becomes one, e.g. the unit tests
        # `nox -s tests` collects with it) and those with a finding --fail-on fails on. Counted
        # from the reports, which reach pytest-xdist's controller, where the findings do not.
        self.failing_tests = 0

    def add(self, findings: list[Finding]) -> None:
        self.findings += findings

    @staticmethod
    def label(report: pytest.TestReport, findings: list[Finding]) -> None:
        """Name on a failed test's report the impact of each finding it made."""
        report.user_properties.append((IMPACTS_PROPERTY, ",".join(f.impact for f in findings)))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        labels = [str(v) for k, v in report.user_properties if k == "operation"]
        name = f"{report.nodeid}[{labels[0]}]" if labels else report.nodeid
        if report.when == "call" or report.outcome != "passed":
            previous = self.outcomes.get(name, {}).get("outcome")
            if previous not in ("failed", "error"):
                outcome = "error" if report.failed and report.when != "call" else report.outcome
                entry: dict[str, Any] = {"outcome": outcome, "duration": round(report.duration, 3)}
                if report.skipped and isinstance(report.longrepr, tuple):
                    entry["reason"] = plain_reason(str(report.longrepr[2]))
                self.outcomes[name] = entry
        if report.failed:
            labels = [str(v) for k, v in report.user_properties if k == IMPACTS_PROPERTY]
            impacts = [i for label in labels for i in label.split(",") if i]
            failing_classes = IMPACTS[: IMPACTS.index(self.fail_on) + 1]
            if not impacts or any(i in failing_classes for i in impacts):
                self.failing_tests += 1

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        data = self.summary(int(exitstatus))
        # --fail-on decides between "drift" and "no drift"; other exits (usage, interrupt) stand.
        if exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            failed = data["failed"] or self.failing_tests
            session.exitstatus = pytest.ExitCode.TESTS_FAILED if failed else pytest.ExitCode.OK
        if self.history is not None:
            data["history"] = record_night(self.history, data)
        if self.directory is not None:
            self.write(data)

    def write(self, data: dict[str, Any]) -> None:
        """report.json and report.md from the one serialised summary, redacted as written."""
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        with _signals_held():
            write_reports(self.directory, data, render_markdown, redact=self.redactor.redact)

    def summary(self, exitstatus: int) -> dict[str, Any]:
        """The report as JSON values: the findings serialised here, once."""
        counts: dict[str, int] = defaultdict(int)
        for entry in self.outcomes.values():
            counts[entry["outcome"]] += 1
            if entry.get("reason", "").startswith(INCONCLUSIVE):
                counts["inconclusive"] += 1
        run = self.run
        findings = [*self.findings, *run.additive.values()]
        diff = None if self.baseline is None else compare(findings, self.outcomes, self.baseline)
        if diff is not None:
            findings = diff.findings
        by_impact = {impact: sum(f.impact == impact for f in findings) for impact in IMPACTS}

        def serialised(items: list[Finding]) -> list[dict[str, Any]]:
            return [f.to_json(self.redactor.redact) for f in items]

        return {
            "schemaVersion": SCHEMA_VERSION,
            "target": run.target.name,
            "profile": run.profile.name,
            "readOnly": run.target.read_only,
            "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "durationSeconds": round(time.time() - self.started, 1),
            "pytestExitStatus": exitstatus,
            "requestsSent": run.requests_sent,
            "rateLimit": {
                "requestsPerSecond": run.target.rate_limit or None,
                "note": rate_limit_note(run.target.rate_limit, run.target.api_base),
            },
            "counts": dict(counts),
            "failOn": self.fail_on,
            "failed": bool(failing(findings, self.fail_on)) or bool(counts.get("error")),
            "impactCounts": by_impact,
            "findings": serialised(findings),
            "baseline": None
            if diff is None
            else {
                "path": self.baseline_path,
                "previousStartedAt": diff.previous_started_at,
                "new": serialised(diff.new()),
                "stillPresent": serialised(diff.still_present()),
                "fixed": serialised(diff.fixed),
                "notRechecked": serialised(diff.not_rechecked),
            },
            "patience": run.patience.summary(),
            "coverage": run.coverage.summary(),
            "promises": promises_section(run.contract, self.outcomes),
            "tests": self.outcomes,
            **({} if self.replay is None else {"replay": replay_summary(self.replay, run)}),
        }


def render_markdown(data: dict[str, Any]) -> str:
    findings = data["findings"]
    counts = data["counts"]
    verdict = (
        "**The run had errors**"
        if counts.get("error")
        else f"**{len(findings)} drift finding(s)**"
        + (" (fails the run)" if data.get("failed") else "")
        if findings
        else "**No drift found**"
    )
    lines = [
        "# Conformance report: Twilio Comms API, Sender Pools",
        "",
        *_baseline_lines(data.get("baseline")),
        *replay_lines(data.get("replay")),
        f"- Target: `{data['target']}`" + (" (read-only)" if data["readOnly"] else ""),
        f"- Profile: `{data['profile']}`; started {data['startedAt']}; {data['durationSeconds']} s",
        f"- Requests sent: {data.get('requestsSent', 0)}"
        + (f"; rate limit: {data['rateLimit']['note']}" if data.get("rateLimit") else ""),
        f"- Tests: {counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed, "
        f"{counts.get('skipped', 0)} skipped ({counts.get('inconclusive', 0)} inconclusive), "
        f"{counts.get('error', 0)} errors",
        *(
            [
                "- Findings by impact: "
                + ", ".join(f"{n} {impact}" for impact, n in data["impactCounts"].items())
                + f"; the run fails on `{data['failOn']}` or worse"
            ]
            if "impactCounts" in data
            else []
        ),
        "",
        verdict,
        "",
    ]
    for impact, title in (
        ("breaking", "Breaking: documented promises broken"),
        ("inferred", "Inferred decisions contradicted"),
        ("additive", "Additive: the API returns more than the spec declares (spec is stale)"),
    ):
        group = [f for f in findings if _impact(f) == impact]
        if group:
            lines += [f"## {title} ({len(group)})", "", *_grouped(group)]
    # A parity report (which reuses this layout) has neither.
    if "patience" in data:
        lines += _patience_lines(data["patience"])
    if "promises" in data:
        lines += markdown_lines(data["promises"])
    if "coverage" in data:
        lines += _coverage_lines(data["coverage"])
    lines += history_lines(data.get("history"))
    # Each reason once, with how many tests it stopped, so the lists add up to the header.
    skipped = Counter(
        str(e.get("reason", "")) for e in data["tests"].values() if e["outcome"] == "skipped"
    )
    inconclusive = sorted(r for r in skipped if r.startswith(INCONCLUSIVE))
    if inconclusive:
        lines += [
            "## Inconclusive",
            "",
            *(f"- {r.removeprefix(INCONCLUSIVE)}{_tests(skipped[r])}" for r in inconclusive),
            "",
        ]
    others = sorted(set(skipped) - set(inconclusive))
    if others:
        lines += ["## Skipped", "", *(f"- {r}{_tests(skipped[r])}" for r in others), ""]
    return "\n".join(lines)


def _tests(count: int) -> str:
    return f" ({count} tests)" if count > 1 else ""


def _impact(finding: dict[str, Any]) -> str:
    return str(finding.get("impact") or impact_of(finding["check"], finding["provenance"]))


def _grouped(group: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    by_operation: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for finding in group:
        by_operation[finding["operation"]][finding["check"]].append(finding)
    for operation in sorted(by_operation):
        lines += [f"### {operation}", ""]
        for check in sorted(by_operation[operation]):
            items = by_operation[operation][check]
            mark = f" [{items[0]['baseline']}]" if "baseline" in items[0] else ""
            lines += [
                f"- **{check}** ({len(items)}x){mark}, e.g. in `{items[0]['test']}`",
                "",
                "  ```text",
                *(f"  {line}" for item in items[:5] for line in item["message"].splitlines()[:12]),
                "  ```",
            ]
            if items[0]["reproduce"]:
                lines += ["  Reproduce:", "", "  ```sh", f"  {items[0]['reproduce']}", "  ```"]
            lines.append("")
    return lines


def _baseline_lines(diff: dict[str, Any] | None) -> list[str]:
    if diff is None:
        return []

    def listed(items: list[dict[str, Any]]) -> list[str]:
        return [f"  - `{_impact(f)}` {f['operation']}: **{f['check']}**" for f in items]

    return [
        f"## Since the baseline ({diff['previousStartedAt'] or 'unknown date'})",
        "",
        f"- New: {len(diff['new'])}",
        *listed(diff["new"]),
        f"- Fixed: {len(diff['fixed'])}",
        *listed(diff["fixed"]),
        f"- Still present: {len(diff['stillPresent'])}",
        f"- Not rechecked (their test did not run): {len(diff['notRechecked'])}",
        "",
    ]


def _patience_lines(patience: dict[str, Any]) -> list[str]:
    retried = ", ".join(f"{n}x {s}" for s, n in patience["retriedRequests"].items()) or "none"
    return [
        "## Waiting (tolerated variance)",
        "",
        f"- Consistency window: {patience['consistencyWindowSeconds']:g} s; "
        f"Operation timeout: {patience['operationTimeoutSeconds']:g} s",
        f"- Lists that had to be re-read: {patience['readsThatWaited']} "
        f"({patience['extraPolls']} extra polls, {patience['secondsWaited']} s waited, "
        f"longest {patience['longestWaitSeconds']} s; "
        f"{patience['readsUnsettledAtWindowEnd']} still lagging at the window's end)",
        *(f"  - still lagging: {described(read)}" for read in patience.get("readsUnsettled", [])),
        *(
            [f"- Windows read whole to prove that nothing appeared: {len(absences)}"]
            if (absences := patience.get("absenceWaits"))
            else []
        ),
        *(f"  - {described(read)}: {read['why']}" for read in absences or []),
        f"- Requests sent again after 429/503: {retried}; fuzzed cases left unjudged because "
        f"the API stayed busy: {patience['fuzzCasesUnjudgedBusy']}",
        "",
    ]


def _coverage_lines(coverage: dict[str, Any]) -> list[str]:
    operations = coverage["operations"]
    lines = [
        "## Coverage",
        "",
        f"Computed from {coverage['source']}.",
        "",
        f"- Operations called: {len(coverage['operationsCalled'])} of {len(operations)}"
        + (
            f"; not called: {', '.join(coverage['operationsNotCalled'])}"
            if coverage["operationsNotCalled"]
            else ""
        ),
        f"- Links followed: {len(coverage['linksFollowed'])} of "
        f"{len(coverage['linksFollowed']) + len(coverage['linksNotFollowed'])}",
        "",
        "| Operation | Calls | Documented statuses seen | Not seen | Parameters not exercised |",
        "|---|---|---|---|---|",
    ]
    for op_id, entry in sorted(operations.items()):
        lines.append(
            f"| {op_id} | {entry['calls']} | {_join(entry['statusesObserved'])} "
            f"| {_join(entry['statusesNotObserved'])} | {_join(entry['parametersNotExercised'])} |"
        )
    lines += [
        "",
        "| Enum field | Sent | Never sent | Received | Never received |",
        "|---|---|---|---|---|",
    ]
    for name, entry in sorted(coverage["enums"].items()):
        lines.append(
            f"| {name} | {_join(entry['sent'])} | {_join(entry['neverSent'])} "
            f"| {_join(entry['received'])} | {_join(entry['neverReceived'])} |"
        )
    if coverage["linksNotFollowed"]:
        lines += ["", "Links not followed:", "", *(f"- {n}" for n in coverage["linksNotFollowed"])]
    return [*lines, ""]


def _join(values: list[Any]) -> str:
    return ", ".join(map(str, values)) or "-"


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the reports are written (a second, which stops the run
    at once, landed between two files: report.json alone, no report.md or HTML); each is
    raised again, to the handler it would have reached, once the last is written. (Noted by
    a handler of the moment, not masked: a signal masked in this thread reaches another.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, frame: object) -> None:
        arrived.append(signum)

    previous = {signum: signal.signal(signum, note) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for number in arrived:
            signal.raise_signal(number)
