"""The pytest plugin's fixtures, as an SDK's tests use them (the kit registers the plugin, so
these tests ask for its fixtures by name like any user would)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from comms_emulator.harness import AsgiEmulator, LiveEmulator
from comms_emulator.threaded import ThreadedEmulator

SMS = {"channel": "SMS", "address": "+14155550177", "status": "ACTIVATED"}


def _senders(http: httpx.Client) -> list[str]:
    response = http.get("/Senders")
    assert response.status_code == 200, response.text
    return [sender["address"] for sender in response.json()["senders"]]


def test_the_live_fixture_serves_http_with_its_credentials(comms_emulator: LiveEmulator) -> None:
    assert comms_emulator.base_url == f"{comms_emulator.url}/v1"
    assert comms_emulator.base_url.startswith("http://127.0.0.1:")
    assert comms_emulator.auth == (comms_emulator.account_sid, comms_emulator.auth_token)
    with httpx.Client(base_url=comms_emulator.base_url, timeout=10) as http:
        assert http.get("/Senders", auth=comms_emulator.auth).status_code == 200
        assert http.get("/Senders", auth=(comms_emulator.account_sid, "nope")).status_code == 401
        for sid, token in comms_emulator.accounts:
            assert http.get("/Senders", auth=(sid, token)).status_code == 200
    assert len(comms_emulator.accounts) == 2


def test_every_helper_acts_and_each_test_starts_clean(
    request: pytest.FixtureRequest, comms_emulator_server: ThreadedEmulator
) -> None:
    dirty = LiveEmulator(comms_emulator_server.app, comms_emulator_server.url)
    dirty.seed_senders([SMS])
    dirty.fault(503, op_id="listSenders", count=5, retry_after=7)
    dirty.set_progression("polls:3")
    dirty.set_rcs_capable(["+1914*"])
    dirty.set_consistency("eventual:30")
    world = comms_emulator_server.app.state.world
    assert str(world.consistency) == "eventual:30"
    with httpx.Client(base_url=dirty.base_url, auth=dirty.auth, timeout=10) as http:
        failed = http.get("/Senders")
        assert (failed.status_code, failed.headers["Retry-After"]) == (503, "7")
        dirty.clear_faults()
        assert _senders(http) == [SMS["address"]]
    dirty.fault(429, op_id="createSenderPool", rate=0.5)  # left for reset to clear
    assert str(world.progression) == "polls:3"
    assert world.rcs_capable("+19145550100")

    clean: LiveEmulator = request.getfixturevalue("comms_emulator")  # what the next test gets
    with httpx.Client(base_url=clean.base_url, auth=clean.auth, timeout=10) as http:
        assert SMS["address"] not in _senders(http)  # the default inventory is back
    assert world.faults.rules == []
    assert str(world.progression) == "immediate"
    assert not world.rcs_capable("+19145550100")
    assert str(world.consistency) == "strong"


def test_seeding_another_account_leaves_the_first_alone(comms_emulator: LiveEmulator) -> None:
    first, second = comms_emulator.accounts
    comms_emulator.seed_senders([SMS], account=second[0])
    with httpx.Client(base_url=comms_emulator.base_url, auth=second, timeout=10) as http:
        assert _senders(http) == [SMS["address"]]
    with httpx.Client(base_url=comms_emulator.base_url, auth=first, timeout=10) as http:
        assert SMS["address"] not in _senders(http)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda e: e.fault(418), "status must be one of"),
        (lambda e: e.fault(429, count=0), "count must be >= 1"),
        (lambda e: e.set_progression("sometimes"), "progression"),
        (lambda e: e.fault(429, op_id="listSenderz"), "no operation 'listSenderz' in the spec"),
        (lambda e: e.set_consistency("eventually"), "consistency"),
        (lambda e: e.seed_senders([{"channel": "PIGEON"}]), "required property"),
    ],
)
def test_bad_helper_input_is_refused_and_changes_nothing(
    comms_emulator_asgi: AsgiEmulator, call: object, message: str
) -> None:
    world = comms_emulator_asgi.app.state.world
    with comms_emulator_asgi.client() as http:
        before = _senders(http)
        with pytest.raises((ValueError, TypeError, KeyError), match=message):
            call(comms_emulator_asgi)  # type: ignore[operator]
        assert _senders(http) == before
    assert world.faults.rules == []
    assert str(world.progression) == "immediate"
    assert str(world.consistency) == "strong"


def test_the_asgi_fixture_needs_no_server(comms_emulator_asgi: AsgiEmulator) -> None:
    comms_emulator_asgi.fault(429, op_id="listSenders", count=1, retry_after=0)
    with comms_emulator_asgi.client() as http:
        assert http.get("/Senders").status_code == 429
        assert http.get("/Senders").status_code == 200

    async def fetch() -> int:
        async with comms_emulator_asgi.async_client() as client:
            return (await client.get("/Senders")).status_code

    assert asyncio.run(fetch()) == 200
