from __future__ import annotations

import pytest

from comms_emulator.models.clock import parse_rfc3339_ms, to_rfc3339


def test_round_trip_with_milliseconds() -> None:
    assert to_rfc3339(1_705_311_000_123) == "2024-01-15T09:30:00.123Z"
    assert parse_rfc3339_ms("2024-01-15T09:30:00.123Z") == 1_705_311_000_123
    assert parse_rfc3339_ms("2024-01-15T11:30:00.123+02:00") == 1_705_311_000_123


@pytest.mark.parametrize("text", ["2024-01-15T09:30:00", "2024-01-15", "yesterday", ""])
def test_non_rfc3339_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_rfc3339_ms(text)
