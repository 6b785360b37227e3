"""The finding history: a small JSON ledger the nightly keeps from night to night.

Per finding (keyed as the baseline keys it: test, operation, check): when it was first and last
seen, how many nights it was seen, and how often it flapped (present, gone, present again). Per
night: the counts, for a trend. Each night is classified against the ledger: a finding is new,
still present or flapping; one present before and gone now (its test ran) is fixed; one whose
test did not run keeps its state (not rechecked). `--baseline` still compares with one previous
report; the ledger is what remembers more than one night.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VERSION = 1
MAX_NIGHTS = 90  # nights kept for the trend; findings gone longer than that are forgotten


class HistoryError(ValueError):
    """The ledger file is not one (a usage error)."""


def load_history(path: Path) -> dict[str, Any]:
    """The ledger at `path`; a new, empty one when there is no file yet."""
    if not path.exists():
        return {"version": VERSION, "nights": [], "findings": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise HistoryError(f"--history {path}: not a readable ledger ({error})") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("nights"), list)
        or not isinstance(data.get("findings"), dict)
    ):
        raise HistoryError(f"--history {path}: not a finding-history ledger (version {VERSION})")
    return data


def ledger_key(finding: dict[str, Any]) -> str:
    """What identifies a finding across nights (as the baseline's key: messages carry IDs)."""
    return " | ".join(str(finding.get(k, "")) for k in ("test", "operation", "check"))


def record_night(path: Path, report: dict[str, Any]) -> dict[str, Any]:
    """Add this report's night to the ledger at `path` (written back), mark each finding with
    its history, and return what the report shows: the classes and the trend."""
    ledger = load_history(path)
    summary = update(ledger, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ledger, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def update(ledger: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    night = str(report.get("startedAt") or "")
    entries: dict[str, dict[str, Any]] = ledger["findings"]
    ran = {
        name.split("[")[0]
        for name, entry in report.get("tests", {}).items()
        if entry.get("outcome") in ("passed", "failed", "error")
    }
    classes: dict[str, list[dict[str, Any]]] = {"new": [], "stillPresent": [], "flapping": []}
    present: set[str] = set()
    for finding in report["findings"]:
        name = ledger_key(finding)
        if name in present:  # the same finding twice in one night (e.g. two fuzzed cases)
            finding["history"] = dict(entries[name])
            continue
        present.add(name)
        entry = entries.get(name)
        if entry is None:
            entry = entries[name] = {
                "operation": finding["operation"],
                "check": finding["check"],
                "test": finding.get("test", ""),
                "impact": finding.get("impact", ""),
                "firstSeen": night,
                "timesSeen": 0,
                "flaps": 0,
            }
            kind = "new"
        else:
            if not entry.get("present", True):
                entry["flaps"] += 1  # gone, and back
            kind = "flapping" if entry["flaps"] else "stillPresent"
        entry.update(lastSeen=night, present=True, timesSeen=entry["timesSeen"] + 1)
        finding["history"] = {k: entry[k] for k in ("firstSeen", "lastSeen", "timesSeen", "flaps")}
        classes[kind].append(_brief(name, entry))
    fixed = []
    for name, entry in entries.items():
        if name in present or not entry.get("present"):
            continue
        if str(entry.get("test", "")).split("[")[0] in ran:
            entry["present"] = False
            fixed.append(_brief(name, entry))
    ledger["nights"].append(
        {
            "startedAt": night,
            "findings": len(present),
            "new": len(classes["new"]),
            "fixed": len(fixed),
            "flapping": len(classes["flapping"]),
            "impactCounts": report.get("impactCounts", {}),
        }
    )
    del ledger["nights"][:-MAX_NIGHTS]
    oldest = ledger["nights"][0]["startedAt"]
    for name in [n for n, e in entries.items() if not e.get("present") and e["lastSeen"] < oldest]:
        del entries[name]
    return {**classes, "fixed": fixed, "trend": list(ledger["nights"]), "nightsKept": MAX_NIGHTS}


def _brief(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    return {"key": name, **{k: v for k, v in entry.items() if k != "present"}}


def history_lines(history: dict[str, Any] | None) -> list[str]:
    """The Markdown report's history section."""
    if not history:
        return []
    lines = [
        "## History",
        "",
        f"- New: {len(history['new'])}; still present: {len(history['stillPresent'])}; "
        f"flapping: {len(history['flapping'])}; fixed: {len(history['fixed'])}",
    ]
    for title, name in (("Flapping", "flapping"), ("Fixed", "fixed")):
        lines += [
            f"  - {title}: `{e['impact']}` {e['operation']}: **{e['check']}** (first seen "
            f"{e['firstSeen']}, seen {e['timesSeen']}x, {e['flaps']} flap(s))"
            for e in history[name]
        ]
    trend = history["trend"][-14:]
    lines += [
        f"- Trend (last {len(trend)} nights, findings): "
        + " → ".join(str(n["findings"]) for n in trend),
        "",
    ]
    return lines
