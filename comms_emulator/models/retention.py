"""How long Operations and Messages are kept, so a long-running emulator's memory stays bounded.

Twilio documents that Message Operation records are kept 7 days (comms-api-facts.md, S18); the
emulator keeps every Operation (pool or Message) and every Message for `ttl_seconds` (7 days by
default) and, whatever their age, at most `max_records` of each kind per account, dropping the
oldest first, and Messages also once they hold more than `max_bytes` (an estimate of their
content and tags). Pools and senders never expire: they are the account's resources, not its
history.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sortedcontainers import SortedKeyList

from comms_emulator.models.records import SortKey

DEFAULT_TTL_SECONDS = 7 * 24 * 3600
DEFAULT_MAX_RECORDS = 50_000
# What an account's Messages may hold (their content and tags, estimated), oldest dropped first:
# with the count cap alone, 50,000 Messages of long text could take tens of GiB.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_SPEC = re.compile(r"([0-9]+(?:\.[0-9]+)?)([smhd]?)(?::([0-9]+))?")


class Aging(Protocol):
    created_ms: int


R = TypeVar("R", bound=Aging)


@dataclass(frozen=True)
class Retention:
    ttl_seconds: float = DEFAULT_TTL_SECONDS
    max_records: int = DEFAULT_MAX_RECORDS
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def parse(cls, text: str) -> Retention:
        """`TTL[:MAX]`: a TTL in s, m, h or d (seconds without a unit), then the cap;
        `7d`, `12h:1000`, `3600:500`. The cap defaults to DEFAULT_MAX_RECORDS."""
        match = _SPEC.fullmatch(text)
        valid = (
            match is not None
            and float(match[1]) > 0
            and (match[3] is None or int(match[3]) >= 1)
            and len(text) <= 40
        )
        if not valid:
            raise ValueError(
                f"invalid retention {text[:40]!r}: use TTL[:MAX], TTL like 7d, 12h, 30m or 90s "
                "(more than 0) and MAX a count of at least 1 (e.g. 7d:50000)"
            )
        assert match is not None
        ttl = float(match[1]) * _UNITS[match[2] or "s"]
        return cls(ttl, int(match[3]) if match[3] else DEFAULT_MAX_RECORDS, DEFAULT_MAX_BYTES)

    def __str__(self) -> str:
        ttl = self.ttl_seconds
        for unit in ("d", "h", "m"):
            if ttl >= _UNITS[unit] and (ttl / _UNITS[unit]).is_integer():
                return f"{int(ttl / _UNITS[unit])}{unit}:{self.max_records}"
        shown = int(ttl) if float(ttl).is_integer() else ttl
        return f"{shown}s:{self.max_records}"

    def expire(
        self,
        index: SortedKeyList[R, SortKey],
        now_ms: int,
        drop: Callable[[R], None],
        held: Callable[[], int] | None = None,
    ) -> float:
        """Remove the oldest records of `index` (ordered by creation) past the TTL or the cap,
        or while `held()` (the bytes the records hold, kept by the caller) is over
        `max_bytes`; `drop` forgets each one everywhere else. Returns when the next one comes
        due by age (infinity for an empty index): until then, or a new record, nothing can
        expire."""
        ttl_ms = self.ttl_seconds * 1000
        cutoff = now_ms - ttl_ms
        while index and (
            len(index) > self.max_records
            or index[0].created_ms < cutoff
            or (held is not None and held() > self.max_bytes)
        ):
            drop(index.pop(0))
        return index[0].created_ms + ttl_ms if index else math.inf
