"""The pieces of seeded, sharded runs, without a run: seeds, shards, the exchange digest, the
merge of shard reports, and the finding history."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from contract_tests._digest import ExchangeDigest
from contract_tests._options import ConfigError, RunConfig
from contract_tests._seed import derive, parse_seed
from contract_tests._shard import Shard, shard_of
from contract_tests.cli._workers import passed_on, worker_shards
from contract_tests.reporting._history import HistoryError, load_history, record_night
from contract_tests.reporting._merge import MergeError, merge_reports

POOL_A = "comms_senderpool_01jabcdefghjkmnpqrstvwxyz0"
POOL_B = "comms_senderpool_01jzyxwvtsrqpnmkjhgfedcba0"


def test_a_seed_derives_one_value_per_purpose() -> None:
    assert derive(7, "hypothesis") == derive(7, "hypothesis")
    assert derive(7, "hypothesis") != derive(7, "emulator-faults")
    assert derive(7, "hypothesis") != derive(8, "hypothesis")
    assert parse_seed("42") == 42
    for bad in ("-1", "x", str(2**32)):
        with pytest.raises(ValueError, match="--seed"):
            parse_seed(bad)


def test_a_run_without_a_seed_picks_one_and_says_how_to_rerun() -> None:
    config = RunConfig.from_values({"profile": "quick"})
    assert 0 <= config.seed < 2**32
    assert config.rerun_command() == f"comms-conformance --seed {config.seed} --profile quick"
    sharded = RunConfig.from_values({"seed": 5, "shard": "2/4", "base_url": "https://x/v1"})
    assert sharded.run_id == "ckit-5-2of4"
    assert "--shard 2/4" in sharded.rerun_command()
    assert "--base-url https://x/v1" in sharded.rerun_command()
    with pytest.raises(ConfigError):
        RunConfig(seed=2**32)


def test_shards_share_the_rate_limit() -> None:
    assert RunConfig(base_url="https://x/v1", seed=1).effective_rate_limit == 5.0
    quarter = RunConfig(base_url="https://x/v1", seed=1, shard=Shard(1, 4))
    assert quarter.effective_rate_limit == 1.25
    assert RunConfig(rate_limit=8, seed=1, shard=Shard(2, 2)).effective_rate_limit == 4.0
    assert RunConfig(rate_limit=0, seed=1, shard=Shard(2, 2)).effective_rate_limit is None


def test_a_shard_is_chosen_by_name_alone() -> None:
    names = [f"contract_tests/suite/test_x.py::test_{i}" for i in range(200)]
    placed = {name: shard_of(name, 4) for name in names}
    # Every name in exactly one shard, and every shard gets some.
    assert {n for n in names if Shard(1, 4).owns(n)} | {n for n in names if not Shard(1, 4).owns(n)}
    assert set(placed.values()) == {1, 2, 3, 4}
    # Adding tests (or fuzzed operations) moves none of the others.
    more = [*names, "contract_tests/suite/test_fuzz.py::test_every_operation_conforms[GET /New]"]
    assert all(shard_of(name, 4) == placed[name] for name in more[:-1])
    assert Shard.parse("3/4") == Shard(3, 4)
    for bad in ("0/4", "5/4", "1", "a/b", "1/0"):
        with pytest.raises(ValueError, match="--shard"):
            Shard.parse(bad)


def test_the_digest_ignores_what_the_clock_and_target_choose_but_not_the_sequence() -> None:
    def digest(run_id: str, pools: tuple[str, str], order: int = 1) -> str:
        exchanges = [
            ("POST", "/SenderPools", None, {"tags": {"conformanceRun": run_id}}, 202),
            ("GET", f"/SenderPools/{pools[0]}", {"pageToken": "opaque-1"}, None, 200),
            ("GET", f"/SenderPools/{pools[1]}", None, None, 404),
            ("GET", "/SenderPools", {"startDate": "2026-12-01T10:00:00Z"}, None, 200),
        ]
        record = ExchangeDigest(run_id)
        for exchange in exchanges[::order]:
            record.add(*exchange)
        return record.hexdigest()

    same = digest("ckit-1", (POOL_A, POOL_B))
    assert digest("ckit-2", (POOL_B, POOL_A)) == same  # other IDs, another tag: same sequence
    assert digest("ckit-1", (POOL_A, POOL_A)) != same  # the same pool twice is not two pools
    assert digest("ckit-1", (POOL_A, POOL_B), order=-1) != same
    polls = ExchangeDigest()
    for _ in range(3):  # a list re-read while waiting: how many times is the clock's choice
        polls.add("GET", "/SenderPools", None, None, 200)
    once = ExchangeDigest()
    once.add("GET", "/SenderPools", None, None, 200)
    assert polls.summary() == once.summary()


def _report(findings: list[dict[str, Any]], ran: list[str], **extra: Any) -> dict[str, Any]:
    tests = {name: {"outcome": "passed", "duration": 0.1} for name in ran}
    for finding in findings:
        tests[finding["test"]] = {"outcome": "failed", "duration": 0.1}
    impacts = {i: sum(f["impact"] == i for f in findings) for i in ("breaking", "inferred")}
    return {
        "schemaVersion": 2,
        "target": "emulator",
        "profile": "quick",
        "readOnly": False,
        "startedAt": extra.pop("startedAt", "2026-12-01T03:00:00Z"),
        "durationSeconds": 3.0,
        "pytestExitStatus": 1 if findings else 0,
        "requestsSent": 10,
        "counts": {},
        "failOn": "inferred",
        "findings": findings,
        "impactCounts": {**impacts, "additive": 0},
        "tests": tests,
        **extra,
    }


def _finding(test: str, check: str = "status_code_is_documented") -> dict[str, Any]:
    return {
        "test": test,
        "operation": "deleteSenderPool",
        "check": check,
        "provenance": "inferred",
        "impact": "inferred",
        "message": "deleteSenderPool answered 200",
        "reproduce": "curl ...",
    }


def _replay(seed: int, shard: str) -> dict[str, Any]:
    return {
        "seed": seed,
        "shard": shard,
        "rerun": f"comms-conformance --seed {seed} --profile quick --shard {shard}",
        "exchangeDigest": {"exchanges": 3, "sha256": f"digest-of-{shard}"},
    }


def test_merging_refuses_reports_that_are_not_shards_of_one_run() -> None:
    a = _report([_finding("t.py::a")], ["t.py::b"], replay=_replay(1, "1/2"))
    b = _report([], ["t.py::c"], replay=_replay(1, "2/2"))
    merged = merge_reports([a, b])
    assert merged["counts"] == {"failed": 1, "passed": 2}
    assert merged["failed"]
    assert merged["mergedFrom"] == 2
    assert merged["replay"]["rerun"] == "comms-conformance --seed 1 --profile quick"
    assert merged["replay"]["exchangeDigest"]["exchanges"] == 6
    with pytest.raises(MergeError, match="given twice"):
        merge_reports([a, a])
    with pytest.raises(MergeError, match="different seeds"):
        merge_reports([a, _report([], ["t.py::d"], replay=_replay(2, "2/2"))])
    with pytest.raises(MergeError, match="ran in two"):
        merge_reports([a, _report([], ["t.py::b"], replay=_replay(1, "2/2"))])
    with pytest.raises(MergeError, match="shard\\(s\\) 2/2 missing"):
        merge_reports([a])
    with pytest.raises(MergeError, match="split the run differently"):
        merge_reports([a, _report([], ["t.py::d"], replay=_replay(1, "2/3"))])
    with pytest.raises(MergeError, match="profile"):
        merge_reports([a, {**b, "profile": "nightly"}])


def test_the_history_tells_new_still_present_fixed_and_flapping(tmp_path: Path) -> None:
    ledger = tmp_path / "history.json"
    a, b = _finding("t.py::a"), _finding("t.py::b")
    nights = [
        ([a], ["t.py::b"]),  # a new
        ([a, b], []),  # a still present, b new
        ([b], ["t.py::a"]),  # a fixed (its test ran)
        ([a, b], []),  # a back: flapping
        ([b], []),  # a's test did not run: not rechecked, still present in the ledger
    ]
    seen = []
    for day, (findings, passed) in enumerate(nights, start=1):
        report = _report([dict(f) for f in findings], passed, startedAt=f"2026-12-0{day}T03:00Z")
        seen.append(record_night(ledger, report))
    assert [e["check"] for e in seen[0]["new"]] == ["status_code_is_documented"]
    assert [len(s["stillPresent"]) for s in seen] == [0, 1, 1, 1, 1]
    assert [e["test"] for e in seen[2]["fixed"]] == ["t.py::a"]
    assert [e["test"] for e in seen[3]["flapping"]] == ["t.py::a"]
    assert seen[4]["fixed"] == []
    data = json.loads(ledger.read_text(encoding="utf-8"))
    entry = data["findings"]["t.py::a | deleteSenderPool | status_code_is_documented"]
    assert entry["firstSeen"] == "2026-12-01T03:00Z"
    assert entry["lastSeen"] == "2026-12-04T03:00Z"
    assert (entry["timesSeen"], entry["flaps"]) == (3, 1)
    assert [n["findings"] for n in seen[4]["trend"]] == [1, 2, 1, 2, 1]
    ledger.write_text("{}", encoding="utf-8")
    with pytest.raises(HistoryError, match="not a finding-history ledger"):
        load_history(ledger)


def test_workers_are_the_shards_of_their_shard() -> None:
    config = RunConfig(seed=1, shard=Shard(2, 3), workers=2)
    assert worker_shards(config) == [Shard(2, 6), Shard(5, 6)]
    # Together exactly shard 2/3: a name's shard of 6 says its shard of 3.
    names = [f"t.py::test_{i}" for i in range(300)]
    in_workers = {n for n in names if any(s.owns(n) for s in worker_shards(config))}
    assert in_workers == {n for n in names if Shard(2, 3).owns(n)}
    argv = ["--workers", "2", "--seed=4", "--profile", "quick", "--shard", "1/2", "--", "-k", "x"]
    assert passed_on(argv) == ["--profile", "quick", "--", "-k", "x"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("max_duration", math.nan),  # passes every comparison: a deadline that never comes
        ("request_deadline", math.inf),
        ("busy_wait_budget", math.nan),
        ("operation_timeout", math.nan),
        ("consistency_window", math.inf),
        ("rate_limit", math.nan),
        ("rate_limit", -1.0),  # 1/-1 s apart: no limit at all
    ],
)
def test_every_bound_of_a_run_is_a_finite_number(name: str, value: float) -> None:
    with pytest.raises(ConfigError, match=f"--{name.replace('_', '-')} must be"):
        RunConfig.from_values({name: value})
