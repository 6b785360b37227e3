"""The catalogue's promises written once (`WRITTEN` in `contract_tests/_promises.py`): membership
is a set, remove removes exactly one, every location resolves, Resolve ranks only eligible
Senders, one Message per recipient with the content as sent, nothing of a scheduled send goes out
before `sendAt`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from contract_tests._inputs import NON_ASCII
from contract_tests._patience import Inconclusive
from contract_tests._safety import RUN_TAG
from contract_tests._session import ApiSession

REACHES = {"PHONE": {"SMS", "RCS"}, "WHATSAPP": {"WHATSAPP"}}
# Resolve sends nothing: invented recipients are safe on any target.
RESOLVE_TO = [
    {"address": "+12025550100", "channel": "PHONE"},
    {"address": "+12025550101", "channel": "WHATSAPP"},
]


def _active(api: ApiSession, count: int) -> list[dict[str, Any]]:
    senders = api.collect("/Senders", "senders", status="ACTIVATED")
    if len(senders) < count:
        raise Inconclusive(f"the account needs {count} ACTIVATED Senders")
    return senders[:count]


def _members(api: ApiSession, pool_id: str, expected: set[str]) -> list[str]:
    found: list[str] = api.observe(
        lambda: [m["id"] for m in api.collect(f"/SenderPools/{pool_id}/Senders", "senders")],
        lambda ids: set(ids) == expected and len(ids) == len(expected),
    )
    return found


def _add(api: ApiSession, pool_id: str, sender_ids: list[str]) -> dict[str, Any]:
    added = api.request(
        "POST", f"/SenderPools/{pool_id}/Senders", json=[{"senderId": s} for s in sender_ids]
    )
    assert added.status_code == 202, f"add answered {added.status_code}"
    return api.wait_for_operation(added.json()["operationLocation"])


@pytest.mark.mutating
@pytest.mark.proves(
    "membership_is_a_set",
    operations=["addSenderPoolSenders", "listSenderPoolSenders"],
    provenance="documented",
)
def test_membership_is_a_set(api: ApiSession) -> None:
    first, second = (s["id"] for s in _active(api, 2))
    pool_id, _ = api.create_pool(senders=[{"senderId": first}])
    _add(api, pool_id, [first, second])  # one already a member
    _add(api, pool_id, [second])  # and again
    members = _members(api, pool_id, {first, second})
    assert sorted(members) == sorted({first, second}), (
        f"after adding members again, the pool lists {len(members)} Senders: {members}"
    )


@pytest.mark.mutating
@pytest.mark.proves(
    "remove_removes_exactly_one",
    operations=["removeSenderPoolSender", "listSenderPoolSenders", "fetchSender"],
    provenance="documented",
)
def test_remove_removes_exactly_one(api: ApiSession) -> None:
    ids = [s["id"] for s in _active(api, 3)]
    pool_id, _ = api.create_pool(senders=[{"senderId": s} for s in ids])
    _members(api, pool_id, set(ids))
    removed = api.request("DELETE", f"/SenderPools/{pool_id}/Senders/{ids[1]}")
    assert removed.status_code == 202, f"remove answered {removed.status_code}"
    members = _members(api, pool_id, {ids[0], ids[2]})
    assert sorted(members) == sorted([ids[0], ids[2]]), (
        f"removing one of three members left {members}"
    )
    assert api.get(f"/Senders/{ids[1]}").status_code == 200, "removing deleted the Sender"


def _resolves(api: ApiSession, location: str, expected_id: str, what: str) -> None:
    origin = urlsplit(api.target.api_base)
    url = urlsplit(location)
    assert (url.scheme, url.netloc) == (origin.scheme, origin.netloc), (
        f"{what} {location} is not on the API's origin"
    )
    fetched = api.get(location)
    assert fetched.status_code == 200, f"{what} {location} answered {fetched.status_code}"
    assert fetched.json().get("id") == expected_id, f"{what} {location} names another resource"


@pytest.mark.mutating
@pytest.mark.proves(
    "locations_resolve",
    operations=["createSenderPool", "updateSenderPool", "addSenderPoolSenders", "sendMessages"],
    provenance="documented",
)
def test_every_location_resolves(api: ApiSession) -> None:
    first, second = (s["id"] for s in _active(api, 2))
    accepted = api.request(
        "POST",
        "/SenderPools",
        json={"senders": [{"senderId": first}], "tags": {RUN_TAG: api.ledger.run_id}},
    )
    assert accepted.status_code == 202
    body = accepted.json()
    assert accepted.headers.get("Location") == body["operationLocation"], "Location differs"
    pools = api.adopt(body["operationLocation"])
    _resolves(api, body["operationLocation"], body["operationId"], "a create's operationLocation")
    assert len(pools) == 1, "the create made no pool to go on with"
    pool_id = pools[0]
    patched = api.request("PATCH", f"/SenderPools/{pool_id}", json={"name": "located"})
    assert patched.status_code == 202
    _resolves(api, patched.json()["resourceLocation"], pool_id, "a PATCH's resourceLocation")
    added = api.request("POST", f"/SenderPools/{pool_id}/Senders", json=[{"senderId": second}])
    assert added.status_code == 202
    _resolves(
        api,
        added.json()["operationLocation"],
        added.json()["operationId"],
        "an add's operationLocation",
    )
    api.wait_for_operation(added.json()["operationLocation"])
    removed = api.request("DELETE", f"/SenderPools/{pool_id}/Senders/{second}")
    assert removed.status_code == 202
    _resolves(api, removed.json()["resourceLocation"], second, "a remove's resourceLocation")
    if api.target.may_send and api.target.recipients:
        address, channel = api.target.recipients[0]
        sent = api.request(
            "POST",
            "/Messages",
            json={
                "from": {"senderPoolId": pool_id},
                "to": [{"address": address, "channel": channel}],
                "content": {"text": "Conformance check: please ignore."},
                "tags": {RUN_TAG: api.ledger.run_id},
            },
        )
        assert sent.status_code == 202
        api.ledger.message_operations.add(sent.json()["operationId"])
        _resolves(
            api,
            sent.json()["operationLocation"],
            sent.json()["operationId"],
            "a send's operationLocation",
        )


def _resolve(api: ApiSession, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = api.request("POST", "/Senders/Resolve", json=body)
    assert response.status_code == 200, f"Resolve answered {response.status_code}"
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _ineligible(results: list[dict[str, Any]], senders: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for result in results:
        sender = senders.get(result["from"]["senderId"])
        if sender is None:
            problems.append(f"{result['from']['senderId']} is not a candidate")
        elif sender["status"] != "ACTIVATED":
            problems.append(f"{sender['id']} is {sender['status']}")
        elif sender["channel"] not in REACHES.get(result["to"]["channel"], set()):
            problems.append(f"{sender['id']} ({sender['channel']}) cannot reach {result['to']}")
    return problems


@pytest.mark.proves(
    "resolve_returns_only_eligible_senders",
    operations=["resolveSenders", "listSenders"],
    provenance="documented",
)
def test_resolve_ranks_only_activated_senders(api: ApiSession) -> None:
    senders = {s["id"]: s for s in api.collect("/Senders", "senders", pageSize=1000)}
    if not any(s["status"] == "DEACTIVATED" for s in senders.values()):
        raise Inconclusive("the account has no DEACTIVATED Sender that Resolve could wrongly rank")
    results = _resolve(api, {"recipientAddresses": RESOLVE_TO})
    problems = _ineligible(results, senders)
    assert not problems, "Resolve ranked ineligible Senders: " + "; ".join(problems)


@pytest.mark.mutating
@pytest.mark.proves(
    "resolve_returns_only_eligible_senders",
    operations=["resolveSenders", "listSenders"],
    provenance="documented",
)
def test_resolve_with_a_pool_ranks_only_its_activated_members(api: ApiSession) -> None:
    members, outside = [], []
    for channel in ("SMS", "RCS", "WHATSAPP"):
        active = api.collect("/Senders", "senders", channel=channel, status="ACTIVATED")
        members += active[:1]
        outside += active[1:]
        members += api.collect("/Senders", "senders", channel=channel, status="DEACTIVATED")[:1]
    if not outside:
        raise Inconclusive("no channel has two ACTIVATED Senders: a pool cannot leave one out")
    pool_id, _ = api.create_pool(
        name="conformance-resolve-pool", senders=[{"senderId": s["id"]} for s in members]
    )
    _members(api, pool_id, {s["id"] for s in members})
    results = _resolve(api, {"senderPoolId": pool_id, "recipientAddresses": RESOLVE_TO})
    problems = _ineligible(results, {s["id"]: s for s in members})
    assert not problems, "Resolve with a pool ranked ineligible Senders: " + "; ".join(problems)
    reachable = {c for r in RESOLVE_TO for c in REACHES[r["channel"]]}
    if any(s["status"] == "ACTIVATED" and s["channel"] in reachable for s in members):
        assert results, "Resolve ranked nothing although the pool has eligible Senders"


def _recipients(api: ApiSession) -> list[dict[str, str]]:
    return [{"address": a, "channel": c} for a, c in api.target.recipients]


def _send(api: ApiSession, body: dict[str, Any]) -> dict[str, Any]:
    body = {**body, "tags": {RUN_TAG: api.ledger.run_id}}
    accepted = api.request("POST", "/Messages", json=body)
    assert accepted.status_code == 202, f"send answered {accepted.status_code}"
    api.ledger.message_operations.add(accepted.json()["operationId"])
    answer: dict[str, Any] = accepted.json()
    return answer


@pytest.mark.mutating
@pytest.mark.sends_messages
@pytest.mark.proves(
    "one_message_per_recipient",
    operations=["sendMessages", "listMessages", "fetchMessage"],
    provenance="documented",
)
def test_one_message_per_recipient_with_the_content_sent(api: ApiSession) -> None:
    recipients = _recipients(api)
    content = {"text": "Conformance check, please ignore: " + NON_ASCII * 40}
    accepted = _send(api, {"to": recipients, "content": content})
    operation = api.wait_for_operation(accepted["operationLocation"])
    total = operation["stats"]["total"]
    messages = api.observe(
        lambda: api.collect("/Messages", "messages", operationId=operation["id"]),
        lambda found: len(found) >= total,
    )
    if not messages:
        raise Inconclusive("no recipient was reachable from the account's Senders")
    addresses = [m["to"][0]["address"] for m in messages]
    assert len(messages) == total, f"{len(messages)} Messages listed, the Operation counts {total}"
    assert len(addresses) == len(set(addresses)), f"a recipient got two Messages: {addresses}"
    assert set(addresses) <= {r["address"] for r in recipients}, "a Message to someone not asked"
    for message in messages:
        fetched = api.get(f"/Messages/{message['id']}").json()
        assert fetched["content"] == content, "a Message's content differs from what was sent"


def _in(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


# On another target, a minute ahead: the Messages reach the same people an immediate send
# would (the recipients named for it), a little later. The built-in emulator can wait a day.
AHEAD_ON_A_TARGET = 60
AHEAD_ON_THE_EMULATOR = 24 * 3600


@pytest.mark.mutating
@pytest.mark.sends_messages
@pytest.mark.proves(
    "nothing_goes_out_before_send_at",
    operations=["sendMessages", "fetchMessageOperation", "listMessages", "fetchMessage"],
    provenance="inferred",
)
def test_nothing_goes_out_before_send_at(api: ApiSession) -> None:
    ahead = AHEAD_ON_A_TARGET if api.target.external else AHEAD_ON_THE_EMULATOR
    accepted = _send(
        api,
        {
            "to": _recipients(api),
            "content": {"text": "Conformance check: please ignore."},
            "schedule": {"sendAt": [_in(ahead)]},
        },
    )
    operation = api.get(accepted["operationLocation"]).json()
    stats = operation["stats"]
    assert operation["status"] == "SCHEDULED", f"a send {ahead} s ahead is {operation['status']}"
    assert stats["sent"] == 0, "a scheduled send went out early"
    assert stats["attempts"] == 0, "a scheduled send was attempted early"
    messages = api.observe(
        lambda: api.collect("/Messages", "messages", operationId=operation["id"]),
        lambda found: len(found) >= stats["total"],
    )
    early = [m["id"] for m in messages if m["status"] != "SCHEDULED"]
    assert not early, f"Messages of a send {ahead} s ahead are already out: {early}"
    for message in messages[:3]:
        attempts = api.get(f"/Messages/{message['id']}").json()["attempts"]
        assert attempts == [], f"{message['id']} was attempted before its time"
