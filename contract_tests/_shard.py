"""`--shard I/N`: which of a run's tests this shard runs.

Each test is placed by a hash of its own name (the node id, and for a fuzzed operation its
"METHOD /path" label), never by its position in the collection, so adding a test or an operation
moves no other one to another shard. Every shard runs the same seed, and a test's fuzzed cases
come from that seed and the test alone, so the shards together send what one run sends.

The target's rate limit is shared by dividing it: each of N shards allows itself rate/N requests
per second (`RunConfig.effective_rate_limit`), so N runners together never exceed it. Each shard
tags what it creates with its own run id and cleans up only that.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_FORM = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written: 1/4 .. 4/4
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ValueError(f"--shard {self}: I must be in 1..N")

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _FORM.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"--shard takes I/N (e.g. 2/4), got {text!r}")
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @property
    def tag(self) -> str:
        """For run ids and file names: `2of4`."""
        return f"{self.index}of{self.count}"

    def owns(self, name: str) -> bool:
        return shard_of(name, self.count) == self.index


def shard_of(name: str, count: int) -> int:
    """The 1-based shard a test's name falls in (the same on every machine and Python)."""
    digest = hashlib.sha256(name.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def placement_name(nodeid: str, operation_label: str | None) -> str:
    """What a test is placed by: Schemathesis' items share a node id under pytest 9, so a fuzzed
    operation is named by its label as well (the report's name for it)."""
    return f"{nodeid}[{operation_label}]" if operation_label else nodeid
