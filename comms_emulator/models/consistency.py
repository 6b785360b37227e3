"""How soon lists show a write: `strong` (at once, the default) or `eventual:SECONDS`.

A real API serves lists from a secondary index that lags its writes; fetch by id reads the
primary and is consistent. `eventual` reproduces that, so clients and the conformance suite
can be tested against it: a list hides a pool, Operation or Message for `lag_ms` after it was
created. Fetching it by id shows it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from comms_emulator.models.clock import Clock


class _Created(Protocol):
    created_ms: int


@dataclass(frozen=True)
class Consistency:
    lag_ms: int = 0

    @classmethod
    def parse(cls, text: str) -> Consistency:
        """`strong` or `eventual:SECONDS` (a non-negative number); ValueError otherwise."""
        if text == "strong":
            return cls()
        mode, _, seconds = text.partition(":")
        try:
            lag = float(seconds)
        except ValueError:
            lag = -1.0
        if mode != "eventual" or not 0 <= lag <= 3600:
            raise ValueError(
                f"consistency must be 'strong' or 'eventual:SECONDS' (0..3600), not {text!r}"
            )
        return cls(round(lag * 1000))

    def settled(self, clock: Clock) -> Callable[[Any], bool] | None:
        """The condition a listed record must meet now (None: every record is listed)."""
        if not self.lag_ms:
            return None
        horizon = clock.now_ms() - self.lag_ms

        def visible(record: _Created) -> bool:
            return record.created_ms <= horizon

        return visible

    def __str__(self) -> str:
        return f"eventual:{self.lag_ms / 1000:g}" if self.lag_ms else "strong"
