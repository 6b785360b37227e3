"""What changed since a previous run: each finding is `new` or `still present`; a previous
finding not seen now is `fixed` if its test ran, else `not rechecked` (skipped or not run: it
may still be there)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests._finding import Finding


@dataclass(frozen=True)
class Baseline:
    """A previous report.json: when it started, and its findings."""

    started_at: str | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Diff:
    """The findings of now, marked new / still present, and the previous ones gone."""

    findings: list[Finding]  # now's, each marked
    fixed: list[Finding]
    not_rechecked: list[Finding]
    previous_started_at: str | None

    def new(self) -> list[Finding]:
        return [f for f in self.findings if f.baseline == "new"]

    def still_present(self) -> list[Finding]:
        return [f for f in self.findings if f.baseline == "still present"]


def load_baseline(path: Path) -> Baseline:
    """A previous report.json; ValueError with a clear message when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"--baseline {path}: not a readable report.json ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValueError(f"--baseline {path}: not a conformance report (no findings list)")
    try:
        findings = tuple(Finding.from_json(f) for f in data["findings"])
    except ValueError as error:
        raise ValueError(f"--baseline {path}: {error}") from None
    started = data.get("startedAt")
    return Baseline(str(started) if started is not None else None, findings)


def compare(findings: list[Finding], tests: dict[str, dict[str, Any]], previous: Baseline) -> Diff:
    """`findings` marked against the baseline, and what of the baseline is gone."""
    before = {f.key: f for f in previous.findings}
    marked = [f.marked("still present" if f.key in before else "new") for f in findings]
    now = {f.key for f in findings}
    ran = {
        name.split("[")[0]
        for name, entry in tests.items()
        if entry.get("outcome") in ("passed", "failed", "error")
    }
    gone = [f for k, f in before.items() if k not in now]
    return Diff(
        marked,
        fixed=[f for f in gone if f.test.split("[")[0] in ran],
        not_rechecked=[f for f in gone if f.test.split("[")[0] not in ran],
        previous_started_at=previous.started_at,
    )
