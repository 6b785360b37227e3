"""The report's promises section: every catalogue entry (`contract_tests/_promises.py`) with its
verdict, read from the outcomes of the tests that check it: checked (passed / drifted),
inconclusive (why), or not checked (why: read-only run, sending off, the inventory cannot
discriminate, its test did not run). In JSON, Markdown and JUnit (`junit-promises.xml`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from comms_spec import Contract
from contract_tests._patience import INCONCLUSIVE, plain_reason
from contract_tests._promises import Promise, catalogue

VERDICTS = ("passed", "drifted", "inconclusive", "notChecked")
NOT_RUN = "its test did not run (deselected, or the run stopped before it)"
JUNIT_FILE = "junit-promises.xml"


def _outcomes_of(test: str, outcomes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The outcomes of a test id: itself, or its parametrised cases (`test[...]`)."""
    return [
        entry for name, entry in outcomes.items() if name == test or name.startswith(test + "[")
    ]


def verdict(promise: Promise, outcomes: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """(verdict, why) of one promise from its tests' outcomes: drifted if any failed; passed if
    any passed; else inconclusive (why) if any was; else not checked (why)."""
    found = [entry for test in promise.tests for entry in _outcomes_of(test, outcomes)]
    if any(e["outcome"] in ("failed", "error") for e in found):
        return "drifted", ""
    if any(e["outcome"] == "passed" for e in found):
        return "passed", ""
    # A report written before the writer took the exception's name off keeps it.
    reasons = [plain_reason(str(e.get("reason", ""))) for e in found]
    inconclusive = [r for r in reasons if r.startswith(INCONCLUSIVE)]
    if inconclusive:
        return "inconclusive", inconclusive[0].removeprefix(INCONCLUSIVE)
    if reasons:
        return "notChecked", reasons[0].removeprefix("not checked: ") or "skipped"
    return "notChecked", NOT_RUN


def promises_section(contract: Contract, outcomes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    entries = []
    counts = dict.fromkeys(VERDICTS, 0)
    for promise in catalogue(contract):
        result, why = verdict(promise, outcomes)
        counts[result] += 1
        entries.append({**promise.as_dict(), "verdict": result, "reason": why})
    return {"total": len(entries), "counts": counts, "entries": entries}


def markdown_lines(section: dict[str, Any]) -> list[str]:
    counts = section["counts"]
    lines = [
        "## Promises",
        "",
        f"{section['total']} documented promises in the catalogue: {counts['passed']} passed, "
        f"{counts['drifted']} drifted, {counts['inconclusive']} inconclusive, "
        f"{counts['notChecked']} not checked.",
        "",
        "| Kind | Passed | Drifted | Inconclusive | Not checked |",
        "|---|---|---|---|---|",
    ]
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    for entry in section["entries"]:
        by_kind[entry["kind"]][entry["verdict"]] += 1
    for kind, row in by_kind.items():
        lines.append(f"| {kind} | " + " | ".join(str(row[v]) for v in VERDICTS) + " |")
    for result, title in (
        ("drifted", "Drifted"),
        ("inconclusive", "Inconclusive"),
        ("notChecked", "Not checked"),
    ):
        group = [e for e in section["entries"] if e["verdict"] == result]
        if not group:
            continue
        lines += ["", f"{title} ({len(group)}):", ""]
        for entry in group:
            why = f": {entry['reason']}" if entry["reason"] else ""
            lines.append(
                f"- `{entry['id']}`{why} (source: `{entry['source']['pointer']}`, "
                f"{entry['source']['page']})"
            )
    return [*lines, ""]


def write_junit(
    section: dict[str, Any], directory: Path, redact: Callable[[str], str] = str
) -> None:
    """One testcase per promise: a failure when drifted, skipped when inconclusive or not
    checked (with why), so a CI that reads JUnit shows the catalogue too."""
    counts = section["counts"]
    suite = ElementTree.Element(
        "testsuite",
        name="promises",
        tests=str(section["total"]),
        failures=str(counts["drifted"]),
        errors="0",
        skipped=str(counts["inconclusive"] + counts["notChecked"]),
    )
    for entry in section["entries"]:
        case = ElementTree.SubElement(
            suite, "testcase", classname=f"promises.{entry['kind']}", name=entry["id"]
        )
        source = f"{entry['source']['pointer']} ({entry['source']['page']})"
        if entry["verdict"] == "drifted":
            ElementTree.SubElement(case, "failure", message=f"drifted; tests: {entry['tests']}")
        elif entry["verdict"] != "passed":
            label = "inconclusive" if entry["verdict"] == "inconclusive" else "not checked"
            ElementTree.SubElement(case, "skipped", message=f"{label}: {entry['reason']}")
        ElementTree.SubElement(case, "system-out").text = f"{entry['statement']}; source {source}"
    suites = ElementTree.Element("testsuites")
    suites.append(suite)
    # Redacted as the writer's other formats are: a reason may quote what the target answered.
    text = ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)
    (directory / JUNIT_FILE).write_text(redact(text), encoding="utf-8")
