"""Every filter holds: dates (inclusive start, exclusive end), operationId, channel, status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comms_emulator import Progression
from comms_emulator.models.clock import ManualClock
from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import MakeEmulator
from tests.emulator.flows import collect, create_pool


def test_date_window_is_start_inclusive_end_exclusive(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock)
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth) as api:
        pools = []
        for _ in range(3):
            pools.append(api.get(f"/SenderPools/{create_pool(api)[0]}").json())
            clock.advance(0.001)  # distinct milliseconds, so the window below is not empty
        start, end = pools[1]["createdAt"], pools[2]["createdAt"]
        listed = collect(api, "/SenderPools", "senderPools", startDate=start, endDate=end)
    assert [p["id"] for p in listed] == [pools[1]["id"]]
    assert all(start <= p["createdAt"] < end for p in listed)


def test_date_filters_on_senders(api: httpx.Client) -> None:
    everything = collect(api, "/Senders", "senders")
    inside = collect(
        api, "/Senders", "senders", startDate="2024-04-01T00:00:00Z", endDate="2024-07-01T00:00:00Z"
    )
    expected = [
        s for s in everything if "2024-04-01T00:00:00" <= s["createdAt"] < "2024-07-01T00:00:00"
    ]
    assert inside == expected
    assert 0 < len(inside) < len(everything)
    offset = collect(
        api,
        "/Senders",
        "senders",
        startDate="2024-04-01T02:00:00+02:00",
        endDate="2024-07-01T00:00:00Z",
    )
    assert offset == expected  # same instant written with an offset


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("channel", ["SMS", "RCS", "EMAIL", "WHATSAPP", "PUSH"]),
        ("status", ["ACTIVATED", "DEACTIVATED"]),
    ],
)
def test_sender_filters_on_inventory_and_pool(
    api: httpx.Client, name: str, values: list[str]
) -> None:
    everything = collect(api, "/Senders", "senders")
    pool_id, _ = create_pool(api, senders=[{"senderId": s["id"]} for s in everything])
    for value in values:
        expected = [s for s in everything if s[name] == value]
        assert expected, f"the default inventory has no {name}={value}"
        assert collect(api, "/Senders", "senders", **{name: value}) == expected
        members = collect(
            api, f"/SenderPools/{pool_id}/Senders", "senders", pageSize=2, **{name: value}
        )
        assert members == expected


def test_combined_filters(api: httpx.Client) -> None:
    everything = collect(api, "/Senders", "senders")
    combined = collect(api, "/Senders", "senders", channel="SMS", status="ACTIVATED")
    assert combined == [
        s for s in everything if s["channel"] == "SMS" and s["status"] == "ACTIVATED"
    ]


def test_operation_id_filter(api: httpx.Client) -> None:
    first, op1 = create_pool(api)
    create_pool(api)
    assert [
        p["id"] for p in collect(api, "/SenderPools", "senderPools", operationId=op1["id"])
    ] == [first]
    unknown = "comms_operation_01h9krwprkeee8fzqspvwy6nq8"
    assert collect(api, "/SenderPools", "senderPools", operationId=unknown) == []


def test_operation_status_filter(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    create_pool(api)
    emulator.app.state.world.progression = Progression.parse("polls:5")
    pending = api.post("/SenderPools", json={}).json()["operationId"]
    processing = collect(api, "/SenderPools/Operations", "operations", status="PROCESSING")
    completed = collect(api, "/SenderPools/Operations", "operations", status="COMPLETED")
    assert [o["id"] for o in processing] == [pending]
    assert len(completed) == 1
    assert completed[0]["id"] != pending
    assert collect(api, "/SenderPools/Operations", "operations", status="CANCELED") == []


def test_filtered_pages_hold_only_matching_items(api: httpx.Client) -> None:
    params: dict[str, Any] = {"pageSize": 1, "status": "DEACTIVATED"}
    seen = collect(api, "/Senders", "senders", **params)
    assert len(seen) == 3
    assert {s["status"] for s in seen} == {"DEACTIVATED"}
