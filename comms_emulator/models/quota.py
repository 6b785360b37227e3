"""How many pools, and pool memberships, one account may hold: an emulator limit.

Twilio documents no limit on an account's pools (comms-api-facts.md: a [GAP]), but pools never
expire, so without one a client creating pools in a loop grows the emulator without end. The
limits sit far above the benchmark's fill (100,000 pools of 10 members), and a create or an
add-senders that would pass one is refused with 409, nothing applied; the spec records the
decision (`components.responses.Conflict`, `x-inferred-reason`). A membership is one (pool,
sender) pair. Full at the default limits (pools of 10), an account holds ~650 MiB more than an
empty one (docs/sdk-authors/emulator-limits.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_MAX_POOLS = 200_000
DEFAULT_MAX_MEMBERSHIPS = 2_000_000
# The characters of the account's pools' names and tags (keys and values), together. Without
# it the count was the only bound: 200,000 pools each named with the 65,536 characters a
# stored string may hold would be ~13 GB. 64 Mi characters is ~300 characters for each of
# the 200,000 pools allowed (the benchmark's names are ~20).
DEFAULT_MAX_POOL_TEXT = 64 * 1024 * 1024

_SPEC = re.compile(r"([0-9]{1,12}):([0-9]{1,12})")


@dataclass(frozen=True)
class PoolQuota:
    max_pools: int = DEFAULT_MAX_POOLS
    max_memberships: int = DEFAULT_MAX_MEMBERSHIPS
    max_pool_text: int = DEFAULT_MAX_POOL_TEXT

    def __post_init__(self) -> None:
        if self.max_pools < 1 or self.max_memberships < 1:
            raise ValueError("pool limits must be at least 1 pool and 1 membership")
        if self.max_pool_text < 1:
            raise ValueError("the pool text limit must be at least 1 character")

    @classmethod
    def parse(cls, text: str) -> PoolQuota:
        """`POOLS:MEMBERSHIPS`, e.g. `100000:1000000`."""
        match = _SPEC.fullmatch(text)
        if match is None or int(match[1]) < 1 or int(match[2]) < 1:
            raise ValueError(
                f"invalid pool limits {text[:40]!r}: use POOLS:MEMBERSHIPS, two counts of at "
                "least 1 (e.g. 100000:1000000)"
            )
        return cls(int(match[1]), int(match[2]))  # the text limit keeps its default

    def __str__(self) -> str:
        return f"{self.max_pools}:{self.max_memberships}"
