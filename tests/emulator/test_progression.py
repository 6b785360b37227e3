"""Operations progress PROCESSING -> COMPLETED as configured, and apply all at once."""

from __future__ import annotations

import httpx

from comms_emulator import Progression
from comms_emulator.models.clock import ManualClock
from tests.emulator.conftest import MakeEmulator
from tests.emulator.flows import collect, sender_ids


def _set(control: httpx.Client, progression: str) -> None:
    response = control.put("/progression", json={"progression": progression})
    assert response.status_code == 200, response.text
    assert response.json() == {"progression": progression}


def test_after_n_polls(api: httpx.Client, control: httpx.Client) -> None:
    _set(control, "polls:3")
    senders = sender_ids(api)[:2]
    accepted = api.post("/SenderPools", json={"senders": [{"senderId": s} for s in senders]})
    location = accepted.json()["operationLocation"]
    operation_id = accepted.json()["operationId"]
    for _ in range(2):
        operation = api.get(location).json()
        assert operation["status"] == "PROCESSING"
        assert operation["stats"] == {"total": 3, "queued": 3, "created": 0, "failed": 0}
        # Not half-applied: the pool does not exist yet.
        assert collect(api, "/SenderPools", "senderPools", operationId=operation_id) == []
        assert collect(api, "/SenderPools", "senderPools") == []
    operation = api.get(location).json()
    assert operation["status"] == "COMPLETED"
    assert operation["stats"] == {"total": 3, "queued": 0, "created": 3, "failed": 0}
    [pool] = collect(api, "/SenderPools", "senderPools", operationId=operation_id)
    assert len(collect(api, f"/SenderPools/{pool['id']}/Senders", "senders")) == 2


def test_after_seconds_without_polling(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(progression=Progression.parse("seconds:30"), clock=clock)
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        operation_id = api.post("/SenderPools", json={"name": "later"}).json()["operationId"]
        clock.advance(29.999)
        assert collect(api, "/SenderPools", "senderPools", operationId=operation_id) == []
        clock.advance(0.001)
        # Due work is applied on the next request of any kind, not only on a poll.
        [pool] = collect(api, "/SenderPools", "senderPools", operationId=operation_id)
        assert pool["name"] == "later"


def test_add_senders_applies_atomically(api: httpx.Client, control: httpx.Client) -> None:
    senders = sender_ids(api)
    pool_id = api.post("/SenderPools", json={}).json()["operationId"]
    [pool] = collect(api, "/SenderPools", "senderPools", operationId=pool_id)
    _set(control, "polls:2")
    added = api.post(
        f"/SenderPools/{pool['id']}/Senders", json=[{"senderId": s} for s in senders[:5]]
    ).json()
    assert collect(api, f"/SenderPools/{pool['id']}/Senders", "senders") == []
    assert api.get(added["operationLocation"]).json()["status"] == "PROCESSING"
    assert api.get(added["operationLocation"]).json()["status"] == "COMPLETED"
    assert len(collect(api, f"/SenderPools/{pool['id']}/Senders", "senders")) == 5


def test_pool_deleted_while_adding_fails_the_items(
    api: httpx.Client, control: httpx.Client
) -> None:
    operation_id = api.post("/SenderPools", json={}).json()["operationId"]
    [pool] = collect(api, "/SenderPools", "senderPools", operationId=operation_id)
    _set(control, "polls:1")
    added = api.post(
        f"/SenderPools/{pool['id']}/Senders", json=[{"senderId": s} for s in sender_ids(api)[:2]]
    ).json()
    api.delete(f"/SenderPools/{pool['id']}")
    stats = api.get(added["operationLocation"]).json()["stats"]
    assert stats == {"total": 2, "queued": 0, "created": 0, "failed": 2}


def test_bad_progressions_are_refused(control: httpx.Client) -> None:
    for bad in ["polls:0", "polls:1.5", "seconds:-1", "later", "immediate:3"]:
        response = control.put("/progression", json={"progression": bad})
        assert response.status_code == 400, bad
        assert "invalid progression" in response.json()["message"]
    assert control.get("/progression").json() == {"progression": "immediate"}


def test_started_with_a_progression(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(progression=Progression.parse("polls:2"))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        location = api.post("/SenderPools", json={}).json()["operationLocation"]
        assert [api.get(location).json()["status"] for _ in range(3)] == [
            "PROCESSING",
            "COMPLETED",
            "COMPLETED",
        ]


class _TickingClock(ManualClock):
    """Every reading is a millisecond later than the one before: a completion that read the
    clock twice would show two instants."""

    def now_ms(self) -> int:
        self.advance(0.001)
        return super().now_ms()


def test_an_operation_completes_at_one_instant(make_emulator: MakeEmulator) -> None:
    # The pool an Operation creates (or changes) is created (updated) when the Operation is
    # last updated: a client filtering pools by the Operation's time finds them (parity replays
    # rely on it too).
    emulator = make_emulator(clock=_TickingClock())
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        senders = sender_ids(api)[:2]
        created = api.post("/SenderPools", json={"senders": [{"senderId": senders[0]}]}).json()
        operation = api.get(created["operationLocation"]).json()
        [pool] = collect(api, "/SenderPools", "senderPools", operationId=created["operationId"])
        assert pool["createdAt"] == pool["updatedAt"] == operation["updatedAt"]
        added = api.post(f"/SenderPools/{pool['id']}/Senders", json=[{"senderId": senders[1]}])
        operation = api.get(added.json()["operationLocation"]).json()
        assert api.get(f"/SenderPools/{pool['id']}").json()["updatedAt"] == operation["updatedAt"]
