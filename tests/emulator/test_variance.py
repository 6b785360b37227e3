"""The variance of a real, busy API, on demand: lists that lag writes, a seeded rate of 429/503,
latency. The conformance suite is tested against exactly these (tests/contract)."""

from __future__ import annotations

import argparse

import httpx
import pytest

from comms_emulator.cli import build_parser, config_from_args
from comms_emulator.models.clock import ManualClock
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.faults import FaultInjector
from tests.emulator.conftest import MakeEmulator
from tests.emulator.flows import create_pool


def test_eventual_lists_lag_writes_but_fetch_is_consistent(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, consistency=Consistency.parse("eventual:2"))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        operation_id = api.post("/SenderPools", json={"name": "lagging"}).json()["operationId"]
        # By id: at once.
        assert api.get(f"/SenderPools/Operations/{operation_id}").status_code == 200
        for path, key, query in (
            ("/SenderPools", "senderPools", {"operationId": operation_id}),
            ("/SenderPools/Operations", "operations", {}),
        ):
            assert api.get(path, params=query).json()[key] == []
        clock.advance(2.0)
        listed = api.get("/SenderPools", params={"operationId": operation_id}).json()
        [pool] = listed["senderPools"]
        assert api.get(f"/SenderPools/{pool['id']}").json() == pool
        operations = api.get("/SenderPools/Operations").json()["operations"]
        assert [o["id"] for o in operations] == [operation_id]


def test_strong_consistency_is_the_default(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(clock=ManualClock())
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        pool_id, _ = create_pool(api)
        assert pool_id in {p["id"] for p in api.get("/SenderPools").json()["senderPools"]}


@pytest.mark.parametrize("text", ["eventual", "eventual:x", "eventual:-1", "lazy:2", ""])
def test_bad_consistency_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="strong' or 'eventual:SECONDS"):
        Consistency.parse(text)


def test_busy_api_answers_a_seeded_rate_of_429_and_503(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(fault_rate=0.5, fault_seed=7)
    statuses: dict[int, list[httpx.Response]] = {}
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        for _ in range(200):
            response = api.get("/Senders", params={"pageSize": 1})
            statuses.setdefault(response.status_code, []).append(response)
        # Anonymous probes are throttled too (the fault comes before authentication).
        anonymous = {httpx.get(f"{emulator.url}/v1/Senders").status_code for _ in range(40)}
    assert set(statuses) == {200, 429, 503}
    assert 60 <= len(statuses[200]) <= 140  # about half, for this seed
    assert all(r.headers["Retry-After"] == "1" for r in statuses[429] + statuses[503])
    assert {401, 429, 503} <= anonymous


def test_fault_rate_and_latency_must_be_sane() -> None:
    with pytest.raises(ValueError, match="fault rate"):
        FaultInjector().busy(1.5)
    with pytest.raises(ValueError, match="latency"):
        FaultInjector(latency_s=-1).busy(0.1)


def test_cli_flags_reach_the_config() -> None:
    args = build_parser().parse_args(
        [
            *("--consistency", "eventual:1.5", "--fault-rate", "0.1"),
            *("--fault-seed", "3", "--latency", "0.2", "--fault-retry-after", "0"),
        ]
    )
    config = config_from_args(args, {})
    assert (config.consistency.lag_ms, config.fault_rate, config.fault_seed, config.latency) == (
        1500,
        0.1,
        3,
        0.2,
    )
    assert config.fault_retry_after == 0
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--consistency", "soon"])
    assert isinstance(args, argparse.Namespace)
