"""Time as the emulator shows it: UTC milliseconds, rendered RFC 3339 with a `Z`."""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@functools.lru_cache(maxsize=1 << 16)  # records are rendered far more often than they change
def to_rfc3339(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_rfc3339_ms(text: str) -> int:
    """Milliseconds since the epoch; raises ValueError on anything but an RFC 3339 date-time."""
    moment = datetime.fromisoformat(text.replace("z", "Z"))
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset")
    return int(moment.timestamp() * 1000)
