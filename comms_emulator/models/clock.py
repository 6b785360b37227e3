"""Time as the emulator shows it: UTC milliseconds, rendered RFC 3339 with a `Z`.

The models read time only through a `Clock`, so tests (and users) can inject one: the default is
the system's, and `ManualClock` moves only when told to, which makes `seconds:T` progression and
date windows testable without sleeping.
"""

from __future__ import annotations

import functools
import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> int:
        """Milliseconds since the epoch."""
        ...


class SystemClock:
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that stands still until `advance` is called (thread-safe)."""

    def __init__(self, start_ms: int = 1_735_689_600_000) -> None:  # 2025-01-01T00:00:00Z
        self._lock = threading.Lock()
        self._ms = start_ms

    def now_ms(self) -> int:
        return self._ms

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._ms += round(seconds * 1000)

    def __repr__(self) -> str:
        return f"ManualClock({self._ms})"


@functools.lru_cache(maxsize=1 << 16)  # records are rendered far more often than they change
def to_rfc3339(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"
