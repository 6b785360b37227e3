"""Fixtures of the suite's unit tests: the contract, built once, and a clock that never waits."""

from __future__ import annotations

import pytest

from comms_spec import Contract
from tests.contract.support import ManualClock


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract.load()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()
