"""Budgets: `quick` is about a minute, `default` is CI's (under 3 minutes on 2 cores), and
`nightly` explores far more within a time budget and shrinks every failure to its smallest
form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import hypothesis


@dataclass(frozen=True)
class Profile:
    name: str
    max_examples: int  # per operation, per stateless phase
    stateful_examples: int  # state-machine runs
    stateful_steps: int  # calls per run
    # Shrinking can take Hypothesis minutes per failure; the deterministic tests already give
    # minimal requests, so only `nightly` pays for it.
    shrink: bool = False
    # Wall-clock budget for the fuzzing tests (stateless and stateful together); once spent,
    # the remaining generated cases are not sent. None: bounded by the example counts alone.
    fuzz_seconds: float | None = None
    # The run's overall deadline unless --max-duration says otherwise: past it, no new test
    # starts and no new request is sent, and the report says what was done.
    max_duration: float = 1800.0

    def hypothesis_settings(self, **overrides: Any) -> hypothesis.settings:
        phases = [p for p in hypothesis.Phase if self.shrink or p != hypothesis.Phase.shrink]
        return hypothesis.settings(
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            database=None,
            phases=phases,
            **overrides,
        )


PROFILES = {
    "quick": Profile(
        "quick", max_examples=8, stateful_examples=15, stateful_steps=6, max_duration=900.0
    ),
    "default": Profile("default", max_examples=30, stateful_examples=60, stateful_steps=8),
    "nightly": Profile(
        "nightly",
        max_examples=500,
        stateful_examples=2000,
        stateful_steps=15,
        shrink=True,
        fuzz_seconds=2400,
        max_duration=4 * 3600.0,
    ),
}
