"""The run's target and profile, resolved once in `pytest_configure`, before test modules are
imported: Schemathesis builds its tests at import time (its lazy fixture loader does not work
with pytest 9), so the schema must be known by then."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from contract_tests._target import Target
from contract_tests.profiles import Profile


@dataclass
class RunContext:
    target: Target
    profile: Profile
    requests_sent: int = 0
    interrupted: bool = False
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def fuzz_budget_spent(self) -> bool:
        if self.interrupted:
            return True
        budget = self.profile.fuzz_seconds
        return budget is not None and time.monotonic() - self.started > budget

    def count_request(self) -> None:
        with self._lock:
            self.requests_sent += 1


_current: RunContext | None = None


def set_context(context: RunContext) -> None:
    global _current
    _current = context


def context() -> RunContext:
    if _current is None:
        raise RuntimeError(
            "the conformance suite runs under pytest with contract_tests/conftest.py"
        )
    return _current
