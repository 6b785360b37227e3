"""Search Senders and Resolve Senders: reads that change nothing.

Resolve ranks with the same function a send uses, so its first result per recipient is the Sender
that recipient's Message gets.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.emulator.conftest import ACCOUNT_A
from tests.emulator.flows import assert_rejected, collect, create_pool, state_counts

TEXT = {"text": "Hello, World!"}
UNKNOWN_POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"


def _senders(api: httpx.Client, channel: str) -> list[dict[str, Any]]:
    return collect(api, "/Senders", "senders", channel=channel, status="ACTIVATED")


def _resolve(api: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.post("/Senders/Resolve", json=body)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _phones(count: int) -> list[dict[str, str]]:
    return [{"address": f"+1202555{n:04d}", "channel": "PHONE"} for n in range(count)]


def test_search_finds_by_address_and_channel(api: httpx.Client) -> None:
    sms = _senders(api, "SMS")[0]
    found = api.post("/Senders/Search", json={"address": sms["address"], "channel": "SMS"})
    assert found.status_code == 200, found.text
    assert [s["id"] for s in found.json()["senders"]] == [sms["id"]]
    assert found.json()["pagination"]["next"] is None
    # The same address on another channel, or another address: nothing.
    for body in (
        {"address": sms["address"], "channel": "RCS"},
        {"address": sms["address"] + "9", "channel": "SMS"},
        {"address": sms["address"], "channel": "SMS", "status": "DEACTIVATED"},
    ):
        assert api.post("/Senders/Search", json=body).json()["senders"] == [], body


def test_search_pages_through_its_body(api: httpx.Client, control: httpx.Client) -> None:
    seeded = [{"channel": "SMS", "address": "+15005550006", "status": "ACTIVATED"}] * 3
    seeding = control.put(f"/accounts/{ACCOUNT_A[0]}/senders", json={"senders": seeded})
    assert seeding.status_code == 200, seeding.text
    body: dict[str, Any] = {"address": "+15005550006", "channel": "SMS", "pageSize": 2}
    first = api.post("/Senders/Search", json=body).json()
    assert len(first["senders"]) == 2
    second = api.post(
        "/Senders/Search", json={**body, "pageToken": first["pagination"]["next"]}
    ).json()
    assert len(second["senders"]) == 1
    assert second["pagination"]["next"] is None
    ids = {s["id"] for s in first["senders"] + second["senders"]}
    assert len(ids) == 3
    # A token is bound to the search it came from.
    other = {"address": "+15005550007", "channel": "SMS", "pageToken": first["pagination"]["next"]}
    assert api.post("/Senders/Search", json=other).status_code == 400


def test_resolve_agrees_with_the_sender_each_message_got(
    api: httpx.Client, control: httpx.Client
) -> None:
    assert control.put("/rcs-capable", json={"patterns": ["+12025550001"]}).status_code == 200
    pool_id, _ = create_pool(
        api,
        senders=[
            {"senderId": s["id"]}
            for s in _senders(api, "SMS") + _senders(api, "RCS") + _senders(api, "WHATSAPP")
        ],
    )
    to = [*_phones(6), {"address": "+12025550101", "channel": "WHATSAPP"}]
    to.append({"address": "jane@example.com", "channel": "EMAIL"})
    results = _resolve(api, {"senderPoolId": pool_id, "recipientAddresses": to})
    assert len(results) <= 10
    best = {r["to"]["address"]: r["from"]["senderId"] for r in results if r["priority"] == 1}
    accepted = api.post(
        "/Messages", json={"from": {"senderPoolId": pool_id}, "to": to, "content": TEXT}
    )
    messages = collect(api, "/Messages", "messages", operationId=accepted.json()["operationId"])
    got = {m["to"][0]["address"]: m["from"]["senderId"] for m in messages}
    assert best == got
    assert len(got) == 7  # the EMAIL recipient has no result and no Message
    rcs = {
        r["to"]["address"] for r in results if r["priority"] == 1 and r["from"]["channel"] == "RCS"
    }
    assert rcs == {"+12025550001"}


def test_resolve_ranks_and_keeps_the_ten_best(api: httpx.Client) -> None:
    sms = _senders(api, "SMS")
    pool_id, _ = create_pool(api, senders=[{"senderId": s["id"]} for s in sms])
    results = _resolve(api, {"senderPoolId": pool_id, "recipientAddresses": _phones(4)})
    assert len(results) == 10  # 4 recipients x 4 SMS Senders, best 10
    assert [r["priority"] for r in results] == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3]
    first = [r for r in results if r["to"]["address"] == "+12025550000"]
    assert [r["priority"] for r in first] == [1, 2, 3]
    assert len({r["from"]["senderId"] for r in first}) == 3
    assert set(results[0]["from"]) == {"senderId", "displayName", "channel", "address"}


def test_resolve_honours_the_channel_control(api: httpx.Client, control: httpx.Client) -> None:
    assert control.put("/rcs-capable", json={"patterns": ["*"]}).status_code == 200
    pool_id, _ = create_pool(
        api, senders=[{"senderId": _senders(api, c)[0]["id"]} for c in ("SMS", "RCS")]
    )
    body: dict[str, Any] = {"senderPoolId": pool_id, "recipientAddresses": _phones(1)}
    assert [r["from"]["channel"] for r in _resolve(api, body)] == ["RCS", "SMS"]
    prefer_sms = {
        "priority": [{"channel": "SMS", "priority": 1}, {"channel": "RCS", "priority": 2}]
    }
    assert [r["from"]["channel"] for r in _resolve(api, {**body, "channels": prefer_sms})] == [
        "SMS",
        "RCS",
    ]
    only_rcs = {"filterIn": ["RCS"]}
    assert [r["from"]["channel"] for r in _resolve(api, {**body, "channels": only_rcs})] == ["RCS"]


def test_resolve_without_a_pool_ranks_the_accounts_senders(api: httpx.Client) -> None:
    results = _resolve(api, {"recipientAddresses": _phones(1)})
    assert results
    assert all(r["from"]["channel"] == "SMS" for r in results)


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"recipientAddresses": []}, "body.recipientAddresses"),
        ({"recipientAddresses": _phones(101)}, "body.recipientAddresses"),
        ({"recipientAddresses": _phones(1), "senderPoolId": UNKNOWN_POOL}, "body.senderPoolId"),
        ({"recipientAddresses": _phones(1), "channels": {"filterIn": ["SMS", "SMS"]}}, None),
        ({"recipientAddresses": _phones(1), "extra": True}, "body"),
        ({"address": "+1202", "channel": "PHONE"}, None),
    ],
)
def test_bad_resolves_are_400_and_change_nothing(
    api: httpx.Client, control: httpx.Client, body: dict[str, Any], location: str | None
) -> None:
    assert_rejected(api, control, "/Senders/Resolve", body, location)


def test_resolve_of_a_hundred_recipients_is_fine(api: httpx.Client, control: httpx.Client) -> None:
    before = state_counts(control)
    assert len(_resolve(api, {"recipientAddresses": _phones(100)})) == 10
    assert state_counts(control) == before


@pytest.mark.parametrize(
    "body",
    [
        {"address": "+1202"},
        {"address": "+1202", "channel": "PHONE"},
        {"address": "+1202", "channel": "SMS", "pageSize": 0},
        {"address": "+1202", "channel": "SMS", "pageSize": 1001},
        {"address": "+1202", "channel": "SMS", "pageToken": "garbage"},
    ],
)
def test_bad_searches_are_400(api: httpx.Client, body: dict[str, Any]) -> None:
    assert api.post("/Senders/Search", json=body).status_code == 400


def test_a_page_size_written_as_a_float_is_an_integer(api: httpx.Client) -> None:
    """JSON Schema counts 2.0 as an integer, so a body's `pageSize: 2.0` is valid and pages
    like 2 (found by the fuzzer: it was a 500)."""
    body: dict[str, Any] = {"address": "+15005550006", "channel": "SMS", "pageSize": 203.0}
    assert api.post("/Senders/Search", json=body).status_code == 200
    sms = _senders(api, "SMS")[0]
    found = api.post(
        "/Senders/Search", json={"address": sms["address"], "channel": "SMS", "pageSize": 1.0}
    )
    assert found.status_code == 200, found.text
    assert [s["id"] for s in found.json()["senders"]] == [sms["id"]]
