"""`--consistency eventual:SECONDS` lags every write in lists, not only creates: a PATCH, a
delete, a membership change, a status change. Fetch by id is consistent at once. All on a
`ManualClock` (no sleeping)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from comms_emulator.models.clock import ManualClock, to_rfc3339
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.progression import Progression
from comms_emulator.models.world import World
from tests.emulator.conftest import ACCOUNT_A, MakeEmulator
from tests.emulator.flows import collect, sender_ids

LAG = 2.0


@pytest.fixture
def lagging(make_emulator: MakeEmulator) -> Iterator[tuple[httpx.Client, ManualClock, World]]:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, consistency=Consistency.parse(f"eventual:{LAG:g}"))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        yield api, clock, emulator.app.state.world


def _listed_pool(api: httpx.Client, clock: ManualClock, **body: Any) -> str:
    """A pool, created and past the lag (listed)."""
    accepted = api.post("/SenderPools", json={"name": "p", **body})
    assert accepted.status_code == 202, accepted.text
    operation_id = accepted.json()["operationId"]
    clock.advance(LAG)
    [pool] = api.get("/SenderPools", params={"operationId": operation_id}).json()["senderPools"]
    return str(pool["id"])


def _listed(
    api: httpx.Client, path: str = "/SenderPools", key: str = "senderPools"
) -> dict[str, Any]:
    return {item["id"]: item for item in collect(api, path, key, pageSize=1000)}


def test_a_patch_shows_in_lists_only_after_the_lag(lagging: Any) -> None:
    api, clock, _ = lagging
    pool_id = _listed_pool(api, clock)
    before = api.get(f"/SenderPools/{pool_id}").json()
    clock.advance(0.5)
    assert api.patch(f"/SenderPools/{pool_id}", json={"name": "new"}).status_code == 202
    assert api.get(f"/SenderPools/{pool_id}").json()["name"] == "new"  # fetch: at once
    clock.advance(LAG - 0.1)
    assert _listed(api)[pool_id] == before  # the whole previous version, updatedAt too
    clock.advance(0.1)
    assert _listed(api)[pool_id] == api.get(f"/SenderPools/{pool_id}").json()


def test_a_deleted_pool_stays_listed_for_the_lag(lagging: Any) -> None:
    api, clock, world = lagging
    pool_id = _listed_pool(api, clock)
    last = api.get(f"/SenderPools/{pool_id}").json()
    assert api.delete(f"/SenderPools/{pool_id}").status_code == 202
    assert api.get(f"/SenderPools/{pool_id}").status_code == 404  # fetch: at once
    assert api.get(f"/SenderPools/{pool_id}/Senders").status_code == 404
    clock.advance(LAG - 0.001)
    assert _listed(api)[pool_id] == last
    clock.advance(0.001)
    assert pool_id not in _listed(api)
    assert world.account(ACCOUNT_A[0]).versions_kept() == 0  # nothing kept past the lag


def test_a_patch_then_delete_within_the_lag_shows_the_version_before_both(lagging: Any) -> None:
    api, clock, _ = lagging
    pool_id = _listed_pool(api, clock)
    first = api.get(f"/SenderPools/{pool_id}").json()
    clock.advance(1)
    api.patch(f"/SenderPools/{pool_id}", json={"name": "second"})
    patched = api.get(f"/SenderPools/{pool_id}").json()
    clock.advance(0.5)
    api.delete(f"/SenderPools/{pool_id}")
    assert _listed(api)[pool_id] == first
    clock.advance(1.5)  # the PATCH is past the lag, the delete is not
    assert _listed(api)[pool_id] == patched
    clock.advance(0.5)
    assert pool_id not in _listed(api)


def test_the_pool_senders_list_shows_the_old_membership_for_the_lag(lagging: Any) -> None:
    api, clock, _ = lagging
    a, b, c = sender_ids(api)[:3]
    pool_id = _listed_pool(api, clock, senders=[{"senderId": a}, {"senderId": b}])
    members = f"/SenderPools/{pool_id}/Senders"
    assert set(_listed(api, members, "senders")) == {a, b}
    assert api.delete(f"{members}/{b}").status_code in (200, 202, 204)
    assert api.post(members, json=[{"senderId": c}]).status_code == 202
    clock.advance(LAG - 0.001)
    assert set(_listed(api, members, "senders")) == {a, b}
    clock.advance(0.001)
    assert set(_listed(api, members, "senders")) == {a, c}


def test_a_page_boundary_over_ghosts_lists_everything_once(lagging: Any) -> None:
    api, clock, _ = lagging
    pools = [_listed_pool(api, clock, name=f"p{i}") for i in range(7)]
    clock.advance(LAG)
    # A ghost on each side of the first page's boundary, and patched ones between.
    for pool_id in (pools[1], pools[3]):
        api.delete(f"/SenderPools/{pool_id}")
    for pool_id in (pools[2], pools[4]):
        api.patch(f"/SenderPools/{pool_id}", json={"name": "patched"})
    first = api.get("/SenderPools", params={"pageSize": 3}).json()
    assert [p["id"] for p in first["senderPools"]] == pools[:3]
    # A write between the pages changes nothing the lagging view shows.
    api.delete(f"/SenderPools/{pools[5]}")
    rest = collect(
        api, "/SenderPools", "senderPools", pageSize=3, pageToken=first["pagination"]["next"]
    )
    listed = [p["id"] for p in first["senderPools"] + rest]
    assert listed == pools  # every one once, in order, ghosts included
    assert {p["name"] for p in first["senderPools"] + rest} == {f"p{i}" for i in range(7)}
    clock.advance(LAG)
    assert list(_listed(api)) == [pools[0], pools[2], pools[4], pools[6]]


def test_operation_and_message_status_changes_lag_in_lists(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(
        clock=clock,
        consistency=Consistency.parse(f"eventual:{LAG:g}"),
        progression=Progression("seconds", 1),
    )
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        operation_id = api.post("/SenderPools", json={"name": "slow"}).json()["operationId"]
        clock.advance(LAG)  # past the lag of its creation; it completes on this request
        fetched = api.get(f"/SenderPools/Operations/{operation_id}").json()["status"]
        assert fetched == "COMPLETED"  # by id: at once
        assert _operation_statuses(api)[operation_id] == "PROCESSING"  # completed < lag ago
        clock.advance(LAG)
        assert _operation_statuses(api)[operation_id] == "COMPLETED"


def _operation_statuses(api: httpx.Client) -> dict[str, str]:
    return {o["id"]: o["status"] for o in collect(api, "/SenderPools/Operations", "operations")}


def test_ghosts_are_dropped_once_the_lag_has_passed(lagging: Any) -> None:
    api, clock, world = lagging
    account = world.account(ACCOUNT_A[0])
    pools = [_listed_pool(api, clock, name=f"p{i}") for i in range(5)]
    assert account.versions_kept() == 0  # each was past the lag when it was listed
    for pool_id in pools:
        api.patch(f"/SenderPools/{pool_id}", json={"name": "x"})
        api.delete(f"/SenderPools/{pool_id}")
    assert account.versions_kept() == 5
    clock.advance(LAG)
    api.get("/Senders")  # any request sweeps
    assert account.versions_kept() == 0


def test_strong_consistency_keeps_no_versions(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(clock=ManualClock())
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        [a] = sender_ids(api)[:1]
        operation_id = api.post(
            "/SenderPools", json={"name": "p", "senders": [{"senderId": a}]}
        ).json()["operationId"]
        [pool] = api.get("/SenderPools", params={"operationId": operation_id}).json()["senderPools"]
        api.patch(f"/SenderPools/{pool['id']}", json={"name": "q"})
        assert _listed(api)[pool["id"]]["name"] == "q"
        api.delete(f"/SenderPools/{pool['id']}/Senders/{a}")
        api.delete(f"/SenderPools/{pool['id']}")
        assert _listed(api) == {}
    assert emulator.app.state.world.account(ACCOUNT_A[0]).versions_kept() == 0


def test_message_and_operation_status_changes_lag_in_lists(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, consistency=Consistency.parse(f"eventual:{LAG:g}"))
    send_at = clock.now_ms() + 10_000
    body = {
        "to": [{"address": "+12025550100", "channel": "PHONE"}],
        "content": {"text": "hi"},
        "schedule": {"sendAt": [to_rfc3339(send_at)]},
    }
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        operation_id = api.post("/Messages", json=body).json()["operationId"]
        clock.advance(10)  # its time: sent on this request (immediate progression)
        [listed] = collect(api, "/Messages", "messages", operationId=operation_id)
        assert listed["status"] == "SCHEDULED"  # listed as it stood 2 s ago
        assert api.get(f"/Messages/{listed['id']}").json()["status"] == "SENT"  # by id
        # The status filter sees the version it lists, as a real index's would.
        assert collect(api, "/Messages", "messages", status="SCHEDULED") == [listed]
        [operation] = collect(api, "/Messages/Operations", "operations")
        assert operation["status"] == "SCHEDULED"
        clock.advance(LAG)
        [message] = collect(api, "/Messages", "messages", operationId=operation_id)
        assert message["status"] == "SENT"
        [operation] = collect(api, "/Messages/Operations", "operations")
        assert operation["status"] == "COMPLETED"
        assert collect(api, "/Messages", "messages", status="SCHEDULED") == []
