"""Resource IDs: `<prefix>` + a lowercase ULID, monotonic within the process.

Twilio's IDs are TypeID-style (`comms_senderpool_01h9krwprkeee8fzqspvwy6nq8`): 26 lowercase
Crockford base32 characters whose first is 0-7. A ULID's canonical text is exactly that, upper
case. Monotonic generation keeps "sort by ID" equal to "sort by creation" even within one
millisecond, which is what makes cursor pagination stable.
"""

from __future__ import annotations

import secrets
import threading
import time

from ulid import ULID

POOL_PREFIX = "comms_senderpool_"
SENDER_PREFIX = "comms_sender_"
OPERATION_PREFIX = "comms_operation_"

_RANDOM_BITS = 80


class MonotonicIds:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self, prefix: str, at_ms: int | None = None) -> str:
        ms = time.time_ns() // 1_000_000 if at_ms is None else at_ms
        with self._lock:
            candidate = (ms << _RANDOM_BITS) | secrets.randbits(_RANDOM_BITS)
            # Same or earlier millisecond than the last ID: step past it instead.
            value = candidate if candidate > self._last else self._last + 1
            self._last = value
        return prefix + str(ULID.from_int(value)).lower()


def id_timestamp_ms(resource_id: str) -> int:
    """The millisecond a ULID-based ID was minted at."""
    return ULID.from_str(resource_id.rsplit("_", 1)[1].upper()).milliseconds
