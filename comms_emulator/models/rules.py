"""Rules that make chosen requests answer differently: by operation, for `count` requests or a
seeded `rate` fraction of them, optionally only requests that carry the rule's `key` (the
`X-Emulator-Rule-Key` header), so clients sharing one emulator do not take each other's
rules. One book for the fault rules (`faults.py`) and the response
variance rules (`variance.py`), so both pick a request the same way."""

from __future__ import annotations

import random
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar


class Rule(Protocol):
    op_id: str | None
    key: str | None
    count: int | None
    rate: float | None
    fired: int


R = TypeVar("R", bound=Rule)

RULE_KEY_HEADER = "X-Emulator-Rule-Key"
MAX_KEY_LENGTH = 128
# Rules active at once, per book. Every API request scans the book (under its lock, on the
# event loop) and every POST answers with the whole book: without a cap, a client arming rules
# in a loop (keyed to requests that never come) made both grow without end, and slowed every
# other client's requests with them.
MAX_RULES = 1000


class RuleBookFull(ValueError):
    """A rule added to a book that already holds `MAX_RULES`."""


def check_op(op_id: str | None, op_ids: Collection[str]) -> None:
    """Refuse a rule for an operation the spec does not have: it could never fire (a typo)."""
    if op_id is not None and op_id not in op_ids:
        raise ValueError(f"no operation {op_id!r} in the spec")


def check_key(key: object) -> None:
    if key is not None and (not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY_LENGTH):
        raise ValueError(f"key must be a string of 1 to {MAX_KEY_LENGTH} characters")


@dataclass
class RuleBook(Generic[R]):
    rules: list[R] = field(default_factory=list)
    seed: int | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.seed)

    def add(self, rule: R) -> None:
        with self._lock:
            if len(self.rules) >= MAX_RULES:
                raise RuleBookFull(
                    f"at most {MAX_RULES} rules are active at once; DELETE them (or let their "
                    "counts run out) before adding more"
                )
            self.rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def pick(self, op_id: str, key: str | None = None) -> R | None:
        """The rule that fires for this request, if any (and spend one of its count). A rule
        with a key fires only for a request with that key; one without, for any request."""
        if not self.rules:  # the common case: no lock, no work
            return None
        with self._lock:
            for rule in self.rules:
                if rule.op_id not in (None, op_id) or rule.key not in (None, key):
                    continue
                if rule.count is not None:
                    rule.count -= 1
                    if rule.count == 0:
                        self.rules.remove(rule)
                elif self._random.random() >= (rule.rate or 0):
                    continue
                rule.fired += 1
                return rule
        return None
