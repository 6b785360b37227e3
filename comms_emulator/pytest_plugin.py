"""pytest fixtures for code that calls the Comms API: an emulator per test session, reset
before every test. Registered as a `pytest11` entry point, so installing the kit is enough.

    def test_my_client(comms_emulator):           # live HTTP, any client in any language
        client = MyClient(comms_emulator.base_url, *comms_emulator.auth)
        comms_emulator.fault(429, op_id="createSenderPool")
        ...

    def test_in_process(comms_emulator_asgi):     # no socket: httpx straight into the app
        with comms_emulator_asgi.client() as http:
            http.get("/Senders")

Both fixtures give an `EmulatorHarness` (comms_emulator/harness.py: credentials, `reset`,
`fault`, `vary`, `requests`, `set_progression`, `seed_senders`, `set_rcs_capable`); see the
README, "Use it from your repository".

    def test_my_client_sends_filters(comms_emulator):
        MyClient(comms_emulator.base_url, *comms_emulator.auth).list_senders(channel="SMS")
        [sent] = comms_emulator.requests(op_id="listSenders")
        assert ["channel", "SMS"] in sent["query"]
Module-level imports stay light: pytest loads this plugin in every run where the kit is
installed, and only a test that asks for a fixture should pay for an emulator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from comms_emulator.harness import AsgiEmulator, LiveEmulator
    from comms_emulator.threaded import ThreadedEmulator
    from comms_spec import Contract

# Two accounts, so a client's tests can prove one account never sees the other's data.
ACCOUNTS = {
    "AC" + "e0" * 16: "emulator-token-1",
    "AC" + "e1" * 16: "emulator-token-2",
}


def _new_app(contract: Contract) -> Any:
    from comms_emulator import EmulatorConfig, create_app

    # self_check: every answer is validated against the spec, so a test never passes on an
    # emulator bug.
    return create_app(EmulatorConfig(accounts=dict(ACCOUNTS), self_check=True), contract)


@pytest.fixture(scope="session")
def comms_emulator_contract() -> Contract:
    """The spec, read once per session (override this fixture to test against another)."""
    from comms_spec import Contract

    return Contract.load()


@pytest.fixture(scope="session")
def comms_emulator_server(comms_emulator_contract: Contract) -> Iterator[ThreadedEmulator]:
    """The session's threaded server behind `comms_emulator` (not reset: ask for that)."""
    from comms_emulator.threaded import ThreadedEmulator

    with ThreadedEmulator(_new_app(comms_emulator_contract)) as server:
        yield server


@pytest.fixture
def comms_emulator(comms_emulator_server: ThreadedEmulator) -> LiveEmulator:
    """The session's emulator over HTTP on 127.0.0.1, reset for this test."""
    from comms_emulator.harness import LiveEmulator

    live = LiveEmulator(comms_emulator_server.app, comms_emulator_server.url)
    live.reset()
    return live


@pytest.fixture(scope="session")
def comms_emulator_app(comms_emulator_contract: Contract) -> Any:
    """The session's in-process app behind `comms_emulator_asgi` (not reset: ask for that)."""
    return _new_app(comms_emulator_contract)


@pytest.fixture
def comms_emulator_asgi(comms_emulator_app: Any) -> AsgiEmulator:
    """The session's in-process emulator app, reset for this test."""
    from comms_emulator.harness import AsgiEmulator

    emulator = AsgiEmulator(comms_emulator_app)
    emulator.reset()
    return emulator
