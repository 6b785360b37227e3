from __future__ import annotations

import time

from comms_emulator.models.clock import ManualClock, SystemClock, to_rfc3339
from comms_spec import parse_rfc3339_ms


def test_round_trip_with_milliseconds() -> None:
    assert to_rfc3339(1_705_311_000_123) == "2024-01-15T09:30:00.123Z"
    assert parse_rfc3339_ms(to_rfc3339(1_705_311_000_123)) == 1_705_311_000_123


def test_a_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(start_ms=1_000)
    assert clock.now_ms() == clock.now_ms() == 1_000
    clock.advance(0.25)
    assert clock.now_ms() == 1_250


def test_the_system_clock_is_wall_time() -> None:
    assert abs(SystemClock().now_ms() - time.time() * 1000) < 1000
