"""The parity report: the conformance run's JSON/Markdown/JUnit trio, one finding per
difference, grouped by operation, with both requests as (redacted) curl commands."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comms_spec import Contract
from contract_tests._finding import Finding
from contract_tests._parity.replay import Outcome, score
from contract_tests.reporting._writer import render_markdown


@dataclass
class ParityRun:
    reference: str  # target names, for the report
    other: str
    outcomes: list[Outcome]
    started: float
    requests_sent: int
    stopped: str = ""  # why the reference's workflow script stopped early, if it did

    @property
    def score(self) -> tuple[int, int]:
        return score(self.outcomes)

    @property
    def percent(self) -> float:
        matched, total = self.score
        return 100.0 * matched / total if total else 0.0

    @property
    def same(self) -> bool:
        matched, total = self.score
        return matched == total and total > 0 and not self.stopped


def findings(run: ParityRun, contract: Contract) -> list[Finding]:
    found = []
    for index, outcome in enumerate(run.outcomes, 1):
        entry = outcome.reference
        operation = entry.operation or "-"
        requests = {
            "reference": entry.reproduce(),
            "other": outcome.live.reproduce() if outcome.live else "(not sent)",
        }
        for difference in outcome.differences:
            found.append(
                Finding(
                    f"exchange {index:03d}: {entry.label}",
                    operation,
                    difference.check,
                    _provenance(contract, entry.operation),
                    difference.describe(),
                    "\n  ".join(f"{requests[side]}  # {side}" for side in ("reference", "other")),
                    requests=requests,
                )
            )
    if run.stopped:
        found.append(Finding("workflows", "-", "workflow_stopped", "-", run.stopped))
    return found


def _provenance(contract: Contract, op_id: str | None) -> str:
    if op_id is None or op_id not in contract.op_ids:
        return "documented"
    return contract.operation(op_id).provenance


def summary(run: ParityRun, contract: Contract) -> dict[str, Any]:
    matched, total = run.score
    tests = _tests(run)
    return {
        "kind": "parity",
        "target": f"{run.reference} vs {run.other}",
        "reference": run.reference,
        "other": run.other,
        "profile": "parity",
        "readOnly": False,
        "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(run.started)),
        "durationSeconds": round(time.time() - run.started, 1),
        "requestsSent": run.requests_sent,
        "parityScore": {"matching": matched, "total": total, "percent": round(run.percent, 1)},
        "counts": {
            outcome: sum(1 for t in tests.values() if t["outcome"] == outcome)
            for outcome in ("passed", "failed")
        },
        "findings": [finding.to_json() for finding in findings(run, contract)],
        "tests": tests,
    }


def _tests(run: ParityRun) -> dict[str, dict[str, Any]]:
    tests = {
        f"exchange {i:03d}: {o.reference.label}": {
            "outcome": "passed" if o.matches else "failed",
            "operation": o.reference.operation,
        }
        for i, o in enumerate(run.outcomes, 1)
    }
    if run.stopped:
        tests["workflows"] = {"outcome": "failed", "operation": None}
    return tests


def write_report(run: ParityRun, contract: Contract, directory: Path) -> Path:
    """report.json, report.md and junit.xml for a parity run; returns the Markdown's path."""
    return write(directory, summary(run, contract))


def write(directory: Path, data: dict[str, Any]) -> Path:
    """report.json, report.md and junit.xml; returns the Markdown's path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    markdown = directory / "report.md"
    markdown.write_text(render(data), encoding="utf-8")
    _junit(data).write(directory / "junit.xml", encoding="utf-8", xml_declaration=True)
    return markdown


def render(data: dict[str, Any]) -> str:
    score = data["parityScore"]
    # The conformance report's layout, in parity's words.
    text = render_markdown(data).replace("drift finding(s)", "difference(s)")
    body = text.replace("No drift found", "No differences found").splitlines()[1:]
    return "\n".join(
        [
            "# Parity report: Twilio Comms API, Sender Pools",
            "",
            f"- Reference: `{data['reference']}`; compared: `{data['other']}`",
            f"- Parity score: {score['matching']}/{score['total']} exchanges match "
            f"({score['percent']}%)",
            *body,
        ]
    )


def _junit(data: dict[str, Any]) -> ET.ElementTree[ET.Element]:
    by_test: dict[str, list[dict[str, Any]]] = {}
    for finding in data["findings"]:
        by_test.setdefault(finding["test"], []).append(finding)
    suite = ET.Element(
        "testsuite",
        name="parity",
        tests=str(len(data["tests"])),
        failures=str(sum(1 for t in data["tests"].values() if t["outcome"] == "failed")),
    )
    for name, test in data["tests"].items():
        case = ET.SubElement(suite, "testcase", classname=test["operation"] or "-", name=name)
        problems = by_test.get(name, [])
        if problems:
            failure = ET.SubElement(
                case, "failure", message=", ".join(sorted({p["check"] for p in problems}))
            )
            failure.text = "\n".join(
                [*(f"[{p['check']}] {p['message']}" for p in problems), problems[0]["reproduce"]]
            )
    return ET.ElementTree(suite)
