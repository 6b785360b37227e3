"""The suite's one source of time, a `Timer` (monotonic seconds and a sleep), so tests of waiting
code need not wait. Not the emulator's `Clock` (`comms_emulator.models.clock`: UTC milliseconds)."""

from __future__ import annotations

import time
from typing import Protocol


class Timer(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemTimer:
    """Real time (the monotonic clock, a real sleep): what a real run uses."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


SYSTEM_TIMER = SystemTimer()
