"""Scheduled sends: SCHEDULED until `schedule.sendAt`, then sent as the progression says.

Time is the emulator's injected `ManualClock`: nothing here sleeps.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comms_emulator import Progression
from comms_emulator.models.clock import ManualClock, to_rfc3339
from tests.emulator.conftest import MakeEmulator
from tests.emulator.flows import collect, state_counts

TEXT = {"text": "Hello, World!"}
TO = [
    {"address": "+12025550100", "channel": "PHONE"},
    {"address": "+12025550101", "channel": "PHONE"},
    {"address": "jane@example.com", "channel": "EMAIL"},  # unaddressable: never scheduled
]


def _schedule(api: httpx.Client, send_at_ms: int) -> str:
    body = {"to": TO, "content": TEXT, "schedule": {"sendAt": [to_rfc3339(send_at_ms)]}}
    accepted = api.post("/Messages", json=body)
    assert accepted.status_code == 202, accepted.text
    operation_id: str = accepted.json()["operationId"]
    return operation_id


def _state(api: httpx.Client, operation_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    operation = api.get(f"/Messages/Operations/{operation_id}").json()
    return operation, collect(api, "/Messages", "messages", operationId=operation_id)


def _client(emulator: Any) -> httpx.Client:
    return httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth)


def test_a_scheduled_send_waits_for_its_time(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    send_at = clock.now_ms() + 60_000
    with _client(make_emulator(clock=clock)) as api:
        operation_id = _schedule(api, send_at)
        clock.advance(59.999)
        operation, messages = _state(api, operation_id)
        assert operation["status"] == "SCHEDULED"
        stats = operation["stats"]
        assert (stats["scheduled"], stats["queued"], stats["sent"], stats["attempts"]) == (
            2,
            0,
            0,
            0,
        )
        assert (stats["total"], stats["recipients"], stats["unaddressable"]) == (2, 3, 1)
        assert [m["status"] for m in messages] == ["SCHEDULED", "SCHEDULED"]
        assert {m["scheduledFor"] for m in messages} == {to_rfc3339(send_at)}
        fetched = api.get(f"/Messages/{messages[0]['id']}").json()
        assert (fetched["status"], fetched["attempts"]) == ("SCHEDULED", [])
        # Filters see the scheduled Messages as what they are.
        assert len(collect(api, "/Messages", "messages", status="SCHEDULED")) == 2

        clock.advance(0.001)  # the time comes; immediate progression sends at once
        operation, messages = _state(api, operation_id)
        assert operation["status"] == "COMPLETED"
        stats = operation["stats"]
        assert (stats["scheduled"], stats["queued"], stats["sent"], stats["attempts"]) == (
            0,
            0,
            2,
            2,
        )
        assert [m["status"] for m in messages] == ["SENT", "SENT"]
        # `scheduledFor` keeps the time the Messages were scheduled for.
        assert {m["scheduledFor"] for m in messages} == {to_rfc3339(send_at)}
        assert len(api.get(f"/Messages/{messages[0]['id']}").json()["attempts"]) == 1


def test_after_its_time_a_scheduled_send_progresses_by_polls(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, progression=Progression.parse("polls:2"))
    with _client(emulator) as api:
        operation_id = _schedule(api, clock.now_ms() + 1_000)
        for _ in range(3):  # polls before the time do not count
            assert _state(api, operation_id)[0]["status"] == "SCHEDULED"
        clock.advance(1)
        operation, messages = _state(api, operation_id)  # the first fetch from its time on
        assert operation["status"] == "PROCESSING"
        assert (operation["stats"]["scheduled"], operation["stats"]["queued"]) == (0, 2)
        assert [m["status"] for m in messages] == ["QUEUED", "QUEUED"]
        operation, messages = _state(api, operation_id)  # the second: polls:2 completes it
        assert operation["status"] == "COMPLETED"
        assert (operation["stats"]["queued"], operation["stats"]["sent"]) == (0, 2)


def test_after_its_time_a_scheduled_send_progresses_by_seconds(
    make_emulator: MakeEmulator,
) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, progression=Progression.parse("seconds:30"))
    with _client(emulator) as api:
        operation_id = _schedule(api, clock.now_ms() + 10_000)
        clock.advance(35)  # 35 s after acceptance, but only 25 s after its time
        assert _state(api, operation_id)[0]["status"] == "PROCESSING"
        clock.advance(5)
        assert _state(api, operation_id)[0]["status"] == "COMPLETED"


@pytest.mark.parametrize(
    ("send_at", "location"),
    [
        ("2020-01-01T00:00:00Z", "body.schedule.sendAt"),  # in the past
        ("2025-01-01T00:00:00Z", "body.schedule.sendAt"),  # now (ManualClock's start) is not future
        ("tomorrow", "body.schedule.sendAt"),
    ],
)
def test_a_schedule_that_is_not_in_the_future_is_400_and_sends_nothing(
    make_emulator: MakeEmulator, send_at: str, location: str
) -> None:
    emulator = make_emulator(clock=ManualClock())
    with (
        _client(emulator) as api,
        httpx.Client(base_url=f"{emulator.url}/_emulator") as control,
    ):
        before = state_counts(control)
        body = {"to": TO, "content": TEXT, "schedule": {"sendAt": [send_at]}}
        response = api.post("/Messages", json=body)
        assert response.status_code == 400, response.text
        assert any(
            (d.get("location") or "").startswith(location) for d in response.json()["details"]
        ), response.text
        assert state_counts(control) == before
