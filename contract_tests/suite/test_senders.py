"""Search Senders and Resolve Senders: POSTs that only read (the spec marks them `x-read-only`),
so they run with --read-only too. Resolve is checked against what a send really does.
"""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests._session import ApiSession
from contract_tests._workflows import next_token

TEXT = {"text": "Conformance check: please ignore."}
# Sender channels that reach each recipient channel (the documented pool behaviour).
REACHES = {"PHONE": {"SMS", "RCS"}, "WHATSAPP": {"WHATSAPP"}}


def _search(api: ApiSession, **body: Any) -> dict[str, Any]:
    response = api.request("POST", "/Senders/Search", json=body)
    assert response.status_code == 200, f"Search answered {response.status_code}"
    page: dict[str, Any] = response.json()
    return page


def _search_all(api: ApiSession, **body: Any) -> list[dict[str, Any]]:
    """Every Sender a search finds, following `pagination.next` (it travels in the body)."""
    found: list[dict[str, Any]] = []
    followed: set[str] = set()
    for _ in range(1000):
        page = _search(api, **body)
        found += page["senders"]
        token = next_token(page, followed, "searchSenders")
        if token is None:
            return found
        body = {**body, "pageToken": token}
    raise AssertionError("Search never reached its last page")


def _resolve(api: ApiSession, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.request("POST", "/Senders/Resolve", json=body)
    assert response.status_code == 200, f"Resolve answered {response.status_code}"
    results: list[dict[str, Any]] = response.json()["results"]
    return results


@pytest.mark.proves(
    "search_finds_by_address_and_channel",
    operations=["searchSenders", "listSenders"],
    provenance="documented",
)
def test_search_finds_each_sender_by_address_and_channel(api: ApiSession) -> None:
    senders = api.collect("/Senders", "senders", pageSize=1000)
    if not senders:
        pytest.skip("the account has no Senders")
    for sender in senders[:5]:
        found = _search_all(api, address=sender["address"], channel=sender["channel"])
        assert sender["id"] in {s["id"] for s in found}, f"Search missed {sender['id']}"
        assert all(
            (s["address"], s["channel"]) == (sender["address"], sender["channel"]) for s in found
        ), "Search returned a Sender of another address or channel"
        assert found == [
            s
            for s in senders
            if (s["address"], s["channel"]) == (sender["address"], sender["channel"])
        ], "Search and List Senders disagree"
    other = next(
        c for c in api.contract.enum("SenderCommunicationChannel") if c != senders[0]["channel"]
    )
    wrong = _search_all(api, address=senders[0]["address"], channel=other)
    assert senders[0]["id"] not in {s["id"] for s in wrong}, "Search ignored the channel"


@pytest.mark.proves(
    "search_filters_by_status", operations=["searchSenders"], provenance="documented"
)
def test_search_filters_by_status(api: ApiSession) -> None:
    senders = api.collect("/Senders", "senders", pageSize=1000)
    if not senders:
        pytest.skip("the account has no Senders")
    sender = senders[0]
    for status in api.contract.enum("SenderStatus"):
        found = _search_all(
            api, address=sender["address"], channel=sender["channel"], status=status
        )
        assert all(s["status"] == status for s in found), f"status={status} not honoured"
        assert (sender["id"] in {s["id"] for s in found}) == (sender["status"] == status)


OVER_THE_LIMIT: list[tuple[str, str, dict[str, Any]]] = [
    ("resolve-0-recipients", "/Senders/Resolve", {"recipientAddresses": []}),
    (
        "resolve-101-recipients",
        "/Senders/Resolve",
        {
            "recipientAddresses": [
                {"address": f"+1202555{n:04d}", "channel": "PHONE"} for n in range(101)
            ]
        },
    ),
    ("search-pageSize-0", "/Senders/Search", {"address": "+1202", "channel": "SMS", "pageSize": 0}),
    (
        "search-pageSize-1001",
        "/Senders/Search",
        {"address": "+1202", "channel": "SMS", "pageSize": 1001},
    ),
    ("search-without-channel", "/Senders/Search", {"address": "+1202"}),
]


@pytest.mark.proves(
    "sender_read_limits_are_rejected",
    operations=["resolveSenders", "searchSenders"],
    provenance="documented",
)
@pytest.mark.parametrize(
    ("path", "body"), [c[1:] for c in OVER_THE_LIMIT], ids=[c[0] for c in OVER_THE_LIMIT]
)
def test_past_the_limit_is_400_and_nothing_changes(
    api: ApiSession, path: str, body: dict[str, Any]
) -> None:
    before = _not_ours(api), api.collect("/Senders", "senders")
    response = api.request("POST", path, json=body)
    assert response.status_code == 400, f"accepted with {response.status_code}"
    after = _not_ours(api), api.collect("/Senders", "senders")
    assert after == before, "a rejected read changed the account"


def _not_ours(api: ApiSession) -> list[dict[str, Any]]:
    """The listed pools this run did not create. The run's own may still change in a lagging
    list (a PATCH or delete showing late, within the consistency window); nothing else may."""
    return [p for p in api.collect("/SenderPools", "senderPools") if not api.ledger.owns(p["id"])]


@pytest.mark.proves(
    "resolve_accepts_a_hundred_recipients", operations=["resolveSenders"], provenance="documented"
)
def test_resolve_takes_up_to_a_hundred_recipients(api: ApiSession) -> None:
    to = [{"address": f"+1202555{n:04d}", "channel": "PHONE"} for n in range(100)]
    results = _resolve(api, {"recipientAddresses": to})
    assert len(results) <= 10, "more than the 10 best results"
    addresses = {r["address"] for r in to}
    assert all(r["to"]["address"] in addresses for r in results), "a result for no recipient"


@pytest.mark.mutating
@pytest.mark.sends_messages
@pytest.mark.proves(
    "resolve_agrees_with_sends",
    operations=["resolveSenders", "sendMessages", "listMessages"],
    provenance="inferred",
)
def test_resolve_agrees_with_the_sender_each_message_got(api: ApiSession) -> None:
    members = [
        s
        for channel in ("SMS", "RCS", "WHATSAPP")
        for s in api.collect("/Senders", "senders", channel=channel, status="ACTIVATED")
    ]
    if not members:
        pytest.skip("the account has no ACTIVATED SMS, RCS or WHATSAPP sender")
    pool_id, _ = api.create_pool(
        name="conformance-resolve", senders=[{"senderId": s["id"]} for s in members]
    )
    to = [{"address": a, "channel": c} for a, c in api.target.recipients][:10]
    results = _resolve(api, {"senderPoolId": pool_id, "recipientAddresses": to})
    assert len(results) <= 10
    pool_ids = {s["id"] for s in members}
    for result in results:
        assert result["from"]["senderId"] in pool_ids, "Resolve named a Sender outside the pool"
        assert result["from"]["channel"] in REACHES.get(result["to"]["channel"], set())
    best = {
        r["to"]["address"]: r["from"]["senderId"]
        for r in results
        if r["priority"]
        == min(x["priority"] for x in results if x["to"]["address"] == r["to"]["address"])
    }
    accepted = api.request(
        "POST",
        "/Messages",
        json={
            "from": {"senderPoolId": pool_id},
            "to": to,
            "content": TEXT,
            "tags": {"conformanceRun": api.ledger.run_id},
        },
    )
    assert accepted.status_code == 202, f"send answered {accepted.status_code}"
    operation = api.wait_for_operation(accepted.json()["operationLocation"])
    messages = api.observe(  # a list may show the Messages late, within the window
        lambda: api.collect("/Messages", "messages", operationId=operation["id"]),
        lambda found: len(found) >= operation["stats"]["total"],
    )
    got = {m["to"][0]["address"]: m["from"]["senderId"] for m in messages}
    assert best == got, "Resolve's best Sender is not the one the Message went out from"
