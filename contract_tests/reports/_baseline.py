"""What changed since a previous run: each finding is `new` or `still present`; a previous
finding not seen now is `fixed` if its test ran, else `not rechecked` (skipped or not run: it
may still be there)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Key = tuple[str, str, str]


def key(finding: dict[str, Any]) -> Key:
    """What identifies a finding across runs (messages carry run-specific IDs)."""
    return (str(finding.get("test", "")), str(finding["operation"]), str(finding["check"]))


def load_baseline(path: Path) -> dict[str, Any]:
    """A previous report.json; ValueError with a clear message when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"--baseline {path}: not a readable report.json ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError(f"--baseline {path}: not a conformance report (no findings list)")
    return data


def compare(
    findings: list[dict[str, Any]], tests: dict[str, dict[str, Any]], previous: dict[str, Any]
) -> dict[str, Any]:
    """Mark `findings` in place (`baseline`: new / still present) and return the diff."""
    before = {key(f): f for f in previous["findings"]}
    now = {key(f) for f in findings}
    for finding in findings:
        finding["baseline"] = "still present" if key(finding) in before else "new"
    ran = {
        name.split("[")[0]
        for name, entry in tests.items()
        if entry.get("outcome") in ("passed", "failed", "error")
    }
    gone = [f for k, f in before.items() if k not in now]
    return {
        "previousStartedAt": previous.get("startedAt"),
        "new": [f for f in findings if f["baseline"] == "new"],
        "stillPresent": [f for f in findings if f["baseline"] == "still present"],
        "fixed": [f for f in gone if str(f.get("test", "")).split("[")[0] in ran],
        "notRechecked": [f for f in gone if str(f.get("test", "")).split("[")[0] not in ran],
    }
