"""Fault injection: make chosen requests answer 429 or 503 with Retry-After.

A rule targets one operationId (or every operation) and fires either for the next `count`
matching requests or for a `rate` fraction of them, so clients' retry paths can be tested.
`busy(rate)` makes the whole API busy the way the real one is documented to be: a seeded `rate`
of all requests answer 429 or 503 (with the `Retry-After` the spec requires); `latency_s` delays
every answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from comms_emulator.models.rules import RuleBook, check_key

FAULT_STATUSES = (429, 503)


def _whole(value: object) -> bool:
    # 1.5 would never count down to 0, and True is not a count.
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class FaultRule:
    status: int
    op_id: str | None = None
    count: int | None = None
    rate: float | None = None
    retry_after: int = 1
    key: str | None = None  # fires only for requests with this X-Emulator-Rule-Key
    fired: int = 0

    def __post_init__(self) -> None:
        if self.status not in FAULT_STATUSES:
            raise ValueError(f"status must be one of {FAULT_STATUSES}")
        if (self.count is None) == (self.rate is None):
            raise ValueError("give exactly one of count (>= 1) or rate (0 < rate <= 1)")
        if self.count is not None and (not _whole(self.count) or self.count < 1):
            raise ValueError("count must be >= 1 (a whole number)")
        if self.rate is not None and (isinstance(self.rate, bool) or not 0 < self.rate <= 1):
            raise ValueError("rate must be in (0, 1]")
        if not _whole(self.retry_after) or self.retry_after < 0:
            raise ValueError("retryAfter must be a whole number >= 0")
        check_key(self.key)

    def as_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "operationId": self.op_id,
            "count": self.count,
            "rate": self.rate,
            "retryAfter": self.retry_after,
            "key": self.key,
            "fired": self.fired,
        }


@dataclass
class FaultInjector(RuleBook[FaultRule]):
    latency_s: float = 0.0  # added to every API answer

    def busy(self, rate: float, retry_after: int = 1) -> None:
        """Answer a `rate` fraction of all requests with a fault, half 429 and half 503 (both
        documented on every operation, with a required Retry-After)."""
        if not 0 <= rate <= 1:
            raise ValueError("fault rate must be in [0, 1]")
        if self.latency_s < 0:
            raise ValueError("latency must be >= 0")
        if rate:
            # The second rule sees only requests the first let through: rate/2 of the rest.
            self.add(FaultRule(429, rate=rate / 2, retry_after=retry_after))
            self.add(FaultRule(503, rate=rate / (2 - rate), retry_after=retry_after))
