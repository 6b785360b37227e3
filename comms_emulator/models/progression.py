"""How an Operation moves from PROCESSING to COMPLETED (moto's state-transition idea).

- immediate: completed before the 202 is sent (the default: fuzzing sees final state at once);
- polls:N:   COMPLETED from the Nth fetch of the Operation on (test a client's polling loop);
- seconds:T: COMPLETED once T seconds have passed since it was accepted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Mode = Literal["immediate", "polls", "seconds"]


@dataclass(frozen=True)
class Progression:
    mode: Mode = "immediate"
    value: float = 0

    @classmethod
    def parse(cls, text: str) -> Progression:
        """`immediate`, `polls:N` (N >= 1) or `seconds:T` (T >= 0)."""
        mode, _, raw = text.partition(":")
        if mode == "immediate" and not raw:
            return cls()
        try:
            value = float(raw)
        except ValueError:
            value = -1
        if mode == "polls" and value >= 1 and value.is_integer():
            return cls("polls", value)
        if mode == "seconds" and 0 <= value < math.inf:  # inf would never complete
            return cls("seconds", value)
        raise ValueError(
            f"invalid progression {text!r}: use immediate, polls:N (N >= 1) or seconds:T (T >= 0)"
        )

    def __str__(self) -> str:
        if self.mode == "immediate":
            return "immediate"
        value = int(self.value) if self.value.is_integer() else self.value
        return f"{self.mode}:{value}"

    def is_due(self, *, accepted_ms: int, polls: int, now_ms: int) -> bool:
        if self.mode == "immediate":
            return True
        if self.mode == "polls":
            return polls >= self.value
        return now_ms - accepted_ms >= self.value * 1000
