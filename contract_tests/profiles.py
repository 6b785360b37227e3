"""Budgets. `quick` is about a minute, `default` is CI's (under 3 minutes on 2 cores), and
`nightly` is bounded by time rather than by example counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    max_examples: int  # per operation, per stateless phase
    stateful_examples: int  # state-machine runs
    stateful_steps: int  # calls per run
    deadline_seconds: float | None = None  # wall-clock bound for the fuzzing tests


PROFILES = {
    "quick": Profile("quick", max_examples=8, stateful_examples=15, stateful_steps=6),
    "default": Profile("default", max_examples=30, stateful_examples=60, stateful_steps=8),
    "nightly": Profile(
        "nightly",
        max_examples=500,
        stateful_examples=2000,
        stateful_steps=15,
        deadline_seconds=1800,
    ),
}
