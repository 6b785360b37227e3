from __future__ import annotations

from comms_emulator.models.faults import FaultInjector, FaultRule


def test_count_rules_fire_then_disappear() -> None:
    faults = FaultInjector()
    faults.add(FaultRule(status=429, op_id="fetchSenderPool", count=2))
    assert faults.pick("listSenders") is None
    assert [faults.pick("fetchSenderPool") is not None for _ in range(3)] == [True, True, False]
    assert faults.rules == []


def test_rate_rules_are_reproducible_with_a_seed() -> None:
    def run() -> list[bool]:
        faults = FaultInjector(seed=7)
        faults.add(FaultRule(status=503, rate=0.3))
        return [faults.pick("x") is not None for _ in range(200)]

    first = run()
    assert first == run()
    assert 30 < sum(first) < 90
