"""--seed replays a run exactly, and --shard I/N runs merged (`comms-conformance merge`) equal
the one unsharded run, against the emulator with one deliberate drift (so there is a finding to
agree on). Each run is a fresh process (tests/contract/seeded_run.py), on a small part of the
suite that still fuzzes every operation: the stateless fuzz tests, the state machine and the
workflows (where the drift is found)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.contract.report_page import assert_renders
from tests.contract.support import ROOT

# Every run is a process of its own: ~8 s each.
pytestmark = [pytest.mark.slow, pytest.mark.long_running]

SEED = 11
DRIFT = "undeclared-status"  # deleteSenderPool answers 200: found by test_use_after_delete
TESTS = ("test_fuzz.py", "test_stateful.py", "test_workflows.py")
FAULTS = 0.04  # the replay test's emulator is busy too: its faults must replay with the seed


def _runs(*runs: tuple[Path, list[str], float]) -> list[dict[str, Any]]:
    """Each (report dir, options, fault rate) run, side by side (they are independent)."""
    started = []
    for report_dir, options, faults in runs:
        command = [sys.executable, "-m", "tests.contract.seeded_run", DRIFT, str(faults), "--"]
        command += ["--seed", str(SEED), "--profile", "quick", "--consistency-window", "0.2"]
        command += ["--report-dir", str(report_dir), *options, *TESTS]
        started.append(
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
            )
        )
    reports = []
    for process, (report_dir, _, _) in zip(started, runs, strict=True):
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output[-4000:]
        reports.append(json.loads((report_dir / "report.json").read_text(encoding="utf-8")))
    return reports


def _verdicts(report: dict[str, Any]) -> tuple[dict[str, str], Counter[tuple[str, ...]]]:
    outcomes = {str(name): str(entry["outcome"]) for name, entry in report["tests"].items()}
    findings: Counter[tuple[str, ...]] = Counter(
        tuple(str(f[k]) for k in ("test", "operation", "check", "impact"))
        for f in report["findings"]
    )
    return outcomes, findings


def _coverage_counts(report: dict[str, Any]) -> dict[str, Any]:
    """What coverage counts: what was exercised (calls add up: each shard cleans up itself)."""
    coverage = report["coverage"]
    per_operation = {
        op: {k: v for k, v in entry.items() if k != "calls"}
        for op, entry in coverage["operations"].items()
    }
    return {**coverage, "operations": per_operation}


@pytest.fixture(scope="module")
def one_run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("one")
    _runs((directory, [], 0.0))
    return directory


@pytest.fixture(scope="module")
def one_run(one_run_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((one_run_dir / "report.json").read_text(encoding="utf-8"))
    return data


def test_a_real_run_s_html_report_renders(
    one_run_dir: Path, one_run: dict[str, Any], tmp_path: Path
) -> None:
    assert_renders(one_run_dir, one_run, tmp_path / "one.png")


def test_the_same_seed_replays_the_same_exchanges_and_verdicts(tmp_path: Path) -> None:
    first, again = _runs((tmp_path / "first", [], FAULTS), (tmp_path / "again", [], FAULTS))
    assert first["patience"]["retriedRequests"], "the emulator injected no fault"
    digest = first["replay"]["exchangeDigest"]
    assert digest["exchanges"] > 300
    assert again["replay"]["exchangeDigest"] == digest
    assert _verdicts(again) == _verdicts(first)
    assert first["impactCounts"]["inferred"] >= 1  # the drift was found, both times
    assert first["replay"]["rerun"].startswith(f"comms-conformance --seed {SEED} --profile quick")
    assert f"Seed: `{SEED}`" in (tmp_path / "first" / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("count", [2, 4])
def test_shards_merged_equal_one_run(count: int, one_run: dict[str, Any], tmp_path: Path) -> None:
    shards = _runs(
        *((tmp_path / f"shard{i}", ["--shard", f"{i}/{count}"], 0.0) for i in range(1, count + 1))
    )
    assert all(shard["tests"] for shard in shards), "a shard ran nothing"
    assert len({shard["replay"]["runId"] for shard in shards}) == count  # a tag each
    merged_dir = tmp_path / "merged"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contract_tests",
            "merge",
            *(str(tmp_path / f"shard{i}" / "report.json") for i in range(1, count + 1)),
            "--report-dir",
            str(merged_dir),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr  # the drift fails the run
    merged = json.loads((merged_dir / "report.json").read_text(encoding="utf-8"))
    assert _verdicts(merged) == _verdicts(one_run)
    assert merged["counts"] == one_run["counts"]
    assert merged["impactCounts"] == one_run["impactCounts"]
    assert _coverage_counts(merged) == _coverage_counts(one_run)
    assert merged["replay"]["seed"] == SEED
    assert len(merged["replay"]["shardDigests"]) == count
    assert_renders(merged_dir, merged, tmp_path / "merged.png")
    assert {p.name for p in merged_dir.iterdir()} >= {
        "report.json",
        "report.md",
        "report.html",
        "junit.xml",
    }


def test_workers_are_shards_of_one_run_merged(tmp_path: Path) -> None:
    """`--workers 2`: two processes, each a shard with its own built-in emulator, one report."""
    result = subprocess.run(
        [
            *(sys.executable, "-m", "contract_tests", "--seed", str(SEED), "--workers", "2"),
            *("--profile", "quick", "--report-dir", str(tmp_path), "--", "-k", "fuzz or reads"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    merged = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    workers = [
        json.loads((tmp_path / "workers" / tag / "report.json").read_text(encoding="utf-8"))
        for tag in ("1of2", "2of2")
    ]
    assert all(w["tests"] for w in workers), "a worker ran nothing"
    assert {w["replay"]["runId"] for w in workers} == {f"ckit-{SEED}-1of2", f"ckit-{SEED}-2of2"}
    assert merged["tests"] == {**workers[0]["tests"], **workers[1]["tests"]}
    assert (
        merged["replay"]["rerun"] == f"comms-conformance --seed {SEED} --profile quick --workers 2"
    )
    assert any("test_every_operation_conforms" in name for name in merged["tests"])
    assert (tmp_path / "report.html").exists()
