"""JUnit XML from a report's JSON (a merged report has no pytest run of its own to write it)."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree


def render_junit(data: dict[str, Any]) -> str:
    tests: dict[str, dict[str, Any]] = data["tests"]
    findings_by_test: dict[str, list[dict[str, Any]]] = {}
    for finding in data["findings"]:
        findings_by_test.setdefault(str(finding.get("test", "")), []).append(finding)
    counts = data["counts"]
    suite = ElementTree.Element(
        "testsuite",
        name="comms-conformance",
        tests=str(len(tests)),
        failures=str(counts.get("failed", 0)),
        errors=str(counts.get("error", 0)),
        skipped=str(counts.get("skipped", 0)),
        time=str(data.get("durationSeconds", 0)),
    )
    for name, entry in sorted(tests.items()):
        module, _, test = name.partition("::")
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=module.removesuffix(".py").replace("/", "."),
            name=test or name,
            time=str(entry.get("duration", 0)),
        )
        outcome = entry["outcome"]
        if outcome in ("failed", "error"):
            messages = [f["message"] for f in findings_by_test.get(name.split("[")[0], [])]
            element = ElementTree.SubElement(
                case, "failure" if outcome == "failed" else "error", message=outcome
            )
            element.text = "\n\n".join(messages) or outcome
        elif outcome == "skipped":
            ElementTree.SubElement(case, "skipped", message=str(entry.get("reason", "")))
    root = ElementTree.Element("testsuites")
    root.append(suite)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
