"""One report from the reports of a run's shards (`--shard I/N`): what one unsharded run with
the same seed would have reported.

Tests are disjoint across shards (each test runs in one), so their outcomes and findings are
unions; additive findings, kept once per operation and field within a run, are kept once across
the shards too. Coverage is the union of what any shard exercised. Counts that add up (requests,
waits, calls) are summed; note that each shard sends its own set-up and cleanup requests, so
`calls` and `requestsSent` are larger than one run's. Durations are the slowest shard's (they
ran side by side).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from comms_spec import Contract
from contract_tests._finding import Finding
from contract_tests._patience import INCONCLUSIVE, plain_reason
from contract_tests._shard import Shard
from contract_tests.reporting._impact import IMPACTS, failing
from contract_tests.reporting._promises_report import promises_section

_LOOPBACK_PORT = re.compile(r"//(127\.0\.0\.1|localhost|\[::1\]):\d+")


class MergeError(ValueError):
    """The reports are not shards of one run (a usage error)."""


def load_report(path: Path) -> dict[str, Any]:
    """A shard's report.json, as written; MergeError with a clear message when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MergeError(f"{path}: not a readable report.json ({error})") from None
    needed = ("findings", "tests", "counts", "target", "profile", "startedAt")
    if not isinstance(data, dict) or any(name not in data for name in needed):
        raise MergeError(f"{path}: not a conformance report")
    return data


def merge_reports(
    reports: list[dict[str, Any]],
    *,
    fail_on: str | None = None,
    part_of: Shard | None = None,
    rerun: str | None = None,
    contract: Contract | None = None,
) -> dict[str, Any]:
    """`part_of`: the reports are a run's workers, shards I + N*w of N*K that together are
    shard I/N (`--shard I/N --workers K`); `rerun`: the command that reruns the merged run."""
    if not reports:
        raise MergeError("merge needs at least one report.json")
    first = reports[0]
    for name in ("target", "profile", "readOnly"):
        values = {_same_target(str(r.get(name))) for r in reports}
        if len(values) > 1:
            raise MergeError(f"the reports are of different runs: {name} is {sorted(values)}")
    replays = [r.get("replay") or {} for r in reports]
    seeds = {r.get("seed") for r in replays}
    if len(seeds) > 1:
        raise MergeError(f"the shards ran with different seeds: {sorted(map(str, seeds))}")
    shards = [r.get("shard") for r in replays]
    taken = [s for s in shards if s]
    if len(set(taken)) != len(taken):
        raise MergeError(f"a shard is given twice: {sorted(taken)}")
    splits = {str(s).partition("/")[2] for s in taken}
    if len(splits) > 1:
        raise MergeError(f"the shards split the run differently: {sorted(taken)}")
    if taken:
        # A report of an incomplete run would read as the night's: say which shard is missing.
        total = int(next(iter(splits)))
        whole = Shard(1, 1) if part_of is None else part_of
        expected = set(range(whole.index, total + 1, whole.count))
        missing = sorted(expected - {int(str(s).partition("/")[0]) for s in taken})
        if missing:
            raise MergeError(f"shard(s) {', '.join(f'{i}/{total}' for i in missing)} missing")
    tests: dict[str, dict[str, Any]] = {}
    for report in reports:
        overlap = set(tests) & set(report["tests"])
        if overlap:
            raise MergeError(f"a test ran in two of the reports: {sorted(overlap)[0]}")
        tests.update(report["tests"])
    findings = _findings(reports)
    counts: dict[str, int] = defaultdict(int)
    for entry in tests.values():
        counts[entry["outcome"]] += 1
        if plain_reason(str(entry.get("reason", ""))).startswith(INCONCLUSIVE):
            counts["inconclusive"] += 1
    fail_on = fail_on or str(first.get("failOn", "inferred"))
    started = min(str(r["startedAt"]) for r in reports)
    merged: dict[str, Any] = {
        "schemaVersion": first["schemaVersion"],
        "target": _same_target(first["target"]),
        "profile": first["profile"],
        "readOnly": first["readOnly"],
        "startedAt": started,
        "durationSeconds": max(float(r["durationSeconds"]) for r in reports),
        "pytestExitStatus": max(int(r["pytestExitStatus"]) for r in reports),
        "requestsSent": sum(int(r.get("requestsSent", 0)) for r in reports),
        "counts": dict(counts),
        "failOn": fail_on,
        "failed": bool(failing([Finding.from_json(f) for f in findings], fail_on))
        or bool(counts.get("error")),
        "impactCounts": {i: sum(f["impact"] == i for f in findings) for i in IMPACTS},
        "findings": findings,
        "baseline": None,
        "patience": _patience([r["patience"] for r in reports if r.get("patience")]),
        "coverage": _coverage([r["coverage"] for r in reports if r.get("coverage")]),
        "tests": dict(sorted(tests.items())),
        "mergedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "mergedFrom": len(reports),
    }
    if any("promises" in r for r in reports):
        # Each shard judged only its own tests: the catalogue is judged again on all of them.
        merged["promises"] = promises_section(contract or Contract.load(), merged["tests"])
    if any(replays):
        merged["replay"] = _replay(replays)
        if part_of is not None:
            merged["replay"]["shard"] = str(part_of)
        if rerun is not None:
            merged["replay"]["rerun"] = rerun
    return merged


def _same_target(name: str) -> str:
    """A target's name with a loopback port left out: each worker's built-in emulator has its
    own port, and they are the same target."""
    return _LOOPBACK_PORT.sub(r"//\1:<port>", name)


def _findings(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    additive: set[tuple[str, str, str]] = set()
    for report in reports:
        for finding in report["findings"]:
            finding = {k: v for k, v in finding.items() if k not in ("baseline", "history")}
            if finding.get("impact") == "additive":
                key = (finding["operation"], finding["check"], finding["message"])
                if key in additive:
                    continue
                additive.add(key)
            found.append(finding)
    return found


def _replay(replays: list[dict[str, Any]]) -> dict[str, Any]:
    first = next(r for r in replays if r)
    rerun = str(first.get("rerun", ""))
    if first.get("shard"):
        rerun = rerun.replace(f" --shard {first['shard']}", "")
    ordered = sorted((r for r in replays if r), key=lambda r: str(r.get("shard") or ""))
    return {
        "seed": first.get("seed"),
        "shard": None,
        "shards": [r.get("shard") for r in ordered],
        "rerun": rerun,
        # The shards' digests in shard order, hashed: the same shards replay to the same one.
        "exchangeDigest": {
            "exchanges": sum(int(r["exchangeDigest"]["exchanges"]) for r in ordered),
            "sha256": hashlib.sha256(
                "\n".join(str(r["exchangeDigest"]["sha256"]) for r in ordered).encode()
            ).hexdigest(),
        },
        "shardDigests": [{"shard": r.get("shard"), **r["exchangeDigest"]} for r in ordered],
    }


def _patience(summaries: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not summaries:
        return None
    merged = dict(summaries[0])
    retried: dict[str, int] = defaultdict(int)
    for summary in summaries:
        for status, n in summary.get("retriedRequests", {}).items():
            retried[status] += int(n)
    merged["retriedRequests"] = dict(sorted(retried.items()))
    for name in ("readsThatWaited", "extraPolls", "readsUnsettledAtWindowEnd"):
        merged[name] = sum(int(s[name]) for s in summaries)
    for name in ("readsUnsettled", "absenceWaits"):
        merged[name] = [read for s in summaries for read in s.get(name, [])]
    merged["fuzzCasesUnjudgedBusy"] = sum(int(s["fuzzCasesUnjudgedBusy"]) for s in summaries)
    merged["secondsWaited"] = round(sum(float(s["secondsWaited"]) for s in summaries), 2)
    merged["longestWaitSeconds"] = max(float(s["longestWaitSeconds"]) for s in summaries)
    return merged


def _coverage(summaries: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not summaries:
        return None
    operations: dict[str, dict[str, Any]] = {}
    for op_id in summaries[0]["operations"]:
        entries = [s["operations"][op_id] for s in summaries if op_id in s["operations"]]
        seen = _union(entries, "statusesObserved")
        documented = seen | _union(entries, "statusesNotObserved")
        used = _union(entries, "parametersExercised")
        declared = used | _union(entries, "parametersNotExercised")
        operations[op_id] = {
            "calls": sum(int(e["calls"]) for e in entries),
            "statusesObserved": sorted(seen),
            "statusesNotObserved": sorted(documented - seen),
            "undocumentedStatusesObserved": sorted(_union(entries, "undocumentedStatusesObserved")),
            "parametersExercised": sorted(used),
            "parametersNotExercised": sorted(declared - used),
        }
    enums = {}
    for name in summaries[0]["enums"]:
        entries = [s["enums"][name] for s in summaries if name in s["enums"]]
        sent, received = _union(entries, "sent"), _union(entries, "received")
        values = sent | _union(entries, "neverSent")
        enums[name] = {
            "sent": sorted(sent),
            "received": sorted(received),
            "neverSent": sorted(values - sent),
            "neverReceived": sorted((received | _union(entries, "neverReceived")) - received),
        }
    followed = _union(summaries, "linksFollowed")
    links = followed | _union(summaries, "linksNotFollowed")
    return {
        "source": summaries[0]["source"],
        "operationsCalled": sorted(k for k, v in operations.items() if v["calls"]),
        "operationsNotCalled": sorted(k for k, v in operations.items() if not v["calls"]),
        "operations": operations,
        "enums": enums,
        "linksFollowed": sorted(followed),
        "linksNotFollowed": sorted(links - followed),
    }


def _union(entries: list[dict[str, Any]], name: str) -> set[Any]:
    return {value for entry in entries for value in entry.get(name, [])}
