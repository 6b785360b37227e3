"""The drift report: JSON for machines, Markdown for people. Findings are grouped by operation
and check, and split into documented promises broken vs inferred decisions contradicted."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from contract_tests._context import RunContext


class ReportWriter:
    def __init__(self, directory: Path, run: RunContext) -> None:
        self.directory = directory
        self.run = run
        self.started = time.time()
        self.outcomes: dict[str, dict[str, Any]] = {}
        self.findings: list[dict[str, Any]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        labels = [str(v) for k, v in report.user_properties if k == "operation"]
        name = f"{report.nodeid}[{labels[0]}]" if labels else report.nodeid
        if report.when == "call" or report.outcome != "passed":
            previous = self.outcomes.get(name, {}).get("outcome")
            if previous not in ("failed", "error"):
                outcome = "error" if report.failed and report.when != "call" else report.outcome
                entry: dict[str, Any] = {"outcome": outcome, "duration": round(report.duration, 3)}
                if report.skipped and isinstance(report.longrepr, tuple):
                    entry["reason"] = str(report.longrepr[2]).removeprefix("Skipped: ")
                self.outcomes[name] = entry
        for key, value in report.user_properties:
            if key == "finding":
                self.findings.append(json.loads(str(value)))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        data = self.summary(int(exitstatus))
        (self.directory / "report.json").write_text(
            json.dumps(data, indent=2) + "\n", encoding="utf-8"
        )
        (self.directory / "report.md").write_text(render_markdown(data), encoding="utf-8")

    def summary(self, exitstatus: int) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        for entry in self.outcomes.values():
            counts[entry["outcome"]] += 1
        run = self.run
        return {
            "target": run.target.name,
            "profile": run.profile.name,
            "readOnly": run.target.read_only,
            "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "durationSeconds": round(time.time() - self.started, 1),
            "pytestExitStatus": exitstatus,
            "requestsSent": run.requests_sent,
            "counts": dict(counts),
            "findings": self.findings,
            "tests": self.outcomes,
        }


def render_markdown(data: dict[str, Any]) -> str:
    findings = data["findings"]
    counts = data["counts"]
    verdict = (
        f"**{len(findings)} drift finding(s)**"
        if findings
        else "**No drift found**"
        if not counts.get("error")
        else "**The run had errors**"
    )
    lines = [
        "# Conformance report: Twilio Comms API, Sender Pools",
        "",
        f"- Target: `{data['target']}`" + (" (read-only)" if data["readOnly"] else ""),
        f"- Profile: `{data['profile']}`; started {data['startedAt']}; {data['durationSeconds']} s",
        f"- Requests sent: {data.get('requestsSent', 0)}",
        f"- Tests: {counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed, "
        f"{counts.get('skipped', 0)} skipped, {counts.get('error', 0)} errors",
        "",
        verdict,
        "",
    ]
    for provenance, title in (
        ("documented", "Documented promises broken"),
        ("inferred", "Inferred decisions contradicted"),
        ("-", "Suite errors"),
    ):
        group = [f for f in findings if f["provenance"] == provenance]
        if not group:
            continue
        lines += [f"## {title} ({len(group)})", ""]
        by_operation: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for finding in group:
            by_operation[finding["operation"]][finding["check"]].append(finding)
        for operation in sorted(by_operation):
            lines += [f"### {operation}", ""]
            for check in sorted(by_operation[operation]):
                items = by_operation[operation][check]
                lines += [
                    f"- **{check}** ({len(items)}x), e.g. in `{items[0]['test']}`",
                    "",
                    "  ```text",
                    *(f"  {line}" for line in items[0]["message"].splitlines()[:12]),
                    "  ```",
                ]
                if items[0]["reproduce"]:
                    lines += ["  Reproduce:", "", "  ```sh", f"  {items[0]['reproduce']}", "  ```"]
                lines.append("")
    skipped = {e.get("reason", "") for e in data["tests"].values() if e["outcome"] == "skipped"}
    if skipped:
        lines += ["## Skipped", "", *(f"- {reason}" for reason in sorted(skipped)), ""]
    return "\n".join(lines)
