"""Fixtures of the suite's unit tests: the contract, built once, and a clock that never waits."""

from __future__ import annotations

import pytest

from comms_spec import Contract


class ManualClock:
    """A `Clock` whose time moves only when a test sleeps or advances it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract.load()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()
