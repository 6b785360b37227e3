"""Fixtures of the suite's unit tests: the contract, built once, and a timer that never waits."""

from __future__ import annotations

import pytest

from comms_spec import Contract
from contract_tests._markers import MARKERS
from tests.contract.support import ManualTimer


def pytest_configure(config: pytest.Config) -> None:
    # Some tests here run the suite's own workflow tests on a session they build; importing
    # those needs the suite's markers (the strict-markers check runs at import).
    for marker, description in MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {description}")


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract.load()


@pytest.fixture
def timer() -> ManualTimer:
    return ManualTimer()
