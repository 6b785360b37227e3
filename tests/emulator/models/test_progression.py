from __future__ import annotations

import pytest

from comms_emulator.models.progression import Progression


@pytest.mark.parametrize("text", ["immediate", "polls:1", "polls:3", "seconds:0", "seconds:2.5"])
def test_parse_and_print_round_trip(text: str) -> None:
    assert str(Progression.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "polls",
        "polls:0",
        "polls:-1",
        "polls:2.5",
        "seconds",
        "seconds:-0.1",
        "seconds:x",
        "immediate:1",
        "manual:3",
    ],
)
def test_invalid_progressions_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="invalid progression"):
        Progression.parse(text)


def test_due_rules() -> None:
    assert Progression().is_due(accepted_ms=0, polls=0, now_ms=0)
    polls = Progression.parse("polls:2")
    assert not polls.is_due(accepted_ms=0, polls=1, now_ms=10**9)
    assert polls.is_due(accepted_ms=0, polls=2, now_ms=0)
    seconds = Progression.parse("seconds:1.5")
    assert not seconds.is_due(accepted_ms=1000, polls=99, now_ms=2499)
    assert seconds.is_due(accepted_ms=1000, polls=0, now_ms=2500)
