"""Fixtures: a fresh self-checking emulator per test, served over real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.harness import EmulatorHarness
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract

ACCOUNT_A = ("AC" + "a" * 32, "token-a")
ACCOUNT_B = ("AC" + "b" * 32, "token-b")
API_KEY_A = ("SK" + "1" * 32, "secret-1")

MakeEmulator = Callable[..., ThreadedEmulator]


def _config(**overrides: Any) -> EmulatorConfig:
    config = EmulatorConfig(
        accounts=dict([ACCOUNT_A, ACCOUNT_B]),
        api_keys={API_KEY_A[0]: (API_KEY_A[1], ACCOUNT_A[0])},
        self_check=True,
    )
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


@pytest.fixture(scope="session")
def contract() -> Contract:
    """The spec, read once for the whole session (the composition root of these tests)."""
    return Contract.load()


@pytest.fixture
def make_emulator(contract: Contract) -> Iterator[MakeEmulator]:
    """Start emulators with a special config (self-check always on); stopped at teardown."""
    started: list[ThreadedEmulator] = []

    def make(**overrides: Any) -> ThreadedEmulator:
        emulator = ThreadedEmulator(create_app(_config(**overrides), contract)).__enter__()
        started.append(emulator)
        return emulator

    yield make
    for emulator in started:
        emulator.__exit__(None, None, None)


@pytest.fixture(scope="session")
def _shared_emulator(contract: Contract) -> Iterator[ThreadedEmulator]:
    with ThreadedEmulator(create_app(_config(), contract)) as emulator:
        yield emulator


@pytest.fixture
def emulator(_shared_emulator: ThreadedEmulator) -> ThreadedEmulator:
    """The session's emulator with every account reset, no faults, immediate progression."""
    EmulatorHarness(_shared_emulator.app).reset()
    return _shared_emulator


@pytest.fixture
def api(emulator: ThreadedEmulator) -> Iterator[httpx.Client]:
    """Account A's client on /v1."""
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_A, timeout=10) as client:
        yield client


@pytest.fixture
def control(emulator: ThreadedEmulator) -> Iterator[httpx.Client]:
    # State-changing control calls must say application/json, even without a body.
    headers = {"Content-Type": "application/json"}
    with httpx.Client(base_url=f"{emulator.url}/_emulator", headers=headers, timeout=10) as client:
        yield client


def record_threads(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[str]:
    """The names of the threads that call `owner.name` from now on, in order (the method still
    runs): where the emulator does a piece of work, on the event loop or off it."""
    threads: list[str] = []
    real = getattr(owner, name)

    def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return threads
