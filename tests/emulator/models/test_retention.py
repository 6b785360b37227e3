from __future__ import annotations

import pytest

from comms_emulator.models.retention import DEFAULT_MAX_RECORDS, Retention


@pytest.mark.parametrize(
    ("text", "ttl", "cap"),
    [
        ("7d", 7 * 86400, DEFAULT_MAX_RECORDS),
        ("12h:1000", 12 * 3600, 1000),
        ("30m:5", 1800, 5),
        ("90", 90, DEFAULT_MAX_RECORDS),
        ("1.5s:1", 1.5, 1),
    ],
)
def test_parse(text: str, ttl: float, cap: int) -> None:
    assert Retention.parse(text) == Retention(ttl, cap)


@pytest.mark.parametrize("text", ["7d:50000", "12h:1000", "30m:5", "90s:1", "1.5s:2"])
def test_print_parses_back(text: str) -> None:
    assert str(Retention.parse(text)) == text


@pytest.mark.parametrize(
    "text", ["", "0", "0s", "7w", "-1d", "7d:0", "7d:", ":5", "7d:5:5", "1" * 41, "7 d", "inf"]
)
def test_invalid_retentions_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="invalid retention"):
        Retention.parse(text)


def test_the_default_is_the_documented_seven_days() -> None:
    assert str(Retention()) == f"7d:{DEFAULT_MAX_RECORDS}"
