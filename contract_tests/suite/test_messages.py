"""Sending through a Sender Pool: which Sender each recipient gets, what the Operation counts,
finding the Messages by operationId, and Messages outliving their pool.

Every test here sends Messages, so it runs against the built-in emulator only, unless
--allow-sending names recipients (--send-to) on another target. A scheduled send runs against
the built-in emulator only: nothing in the API recalls a scheduled Message after the run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from comms_spec import parse_rfc3339_ms
from contract_tests._patience import Inconclusive
from contract_tests._session import ApiSession

pytestmark = [pytest.mark.mutating, pytest.mark.sends_messages]

# The documented pool behaviour: which sender channels reach which recipient channel.
REACHES = {"PHONE": {"SMS", "RCS"}, "WHATSAPP": {"WHATSAPP"}}
TEXT = {"text": "Conformance check: please ignore."}


def _senders(api: ApiSession, channel: str, status: str = "ACTIVATED") -> list[dict[str, Any]]:
    return api.collect("/Senders", "senders", channel=channel, status=status)


def _recipients(api: ApiSession) -> list[dict[str, str]]:
    return [{"address": a, "channel": c} for a, c in api.target.recipients]


def _send(api: ApiSession, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Send (tagged with the run id); the finished Operation and the Messages it produced."""
    body = {"content": TEXT, "tags": {"conformanceRun": api.ledger.run_id}, **body}
    accepted = api.request("POST", "/Messages", json=body)
    assert accepted.status_code == 202, f"send answered {accepted.status_code}"
    location = accepted.json()["operationLocation"]
    api.ledger.message_operations.add(accepted.json()["operationId"])
    assert accepted.headers.get("Location") == location
    operation = api.wait_for_operation(location)
    assert operation["id"] == accepted.json()["operationId"]
    messages = api.observe(
        lambda: api.collect("/Messages", "messages", operationId=operation["id"]),
        lambda found: len(found) >= operation["stats"]["total"],
    )
    return operation, messages


def _discriminating_pool(api: ApiSession) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Members that tell a pool-respecting server from one that sends from any sender: per
    channel, one ACTIVATED sender where the account has more (the rest stay outside the pool),
    plus a DEACTIVATED sender of that channel where the inventory has one. Inconclusive when
    no channel can discriminate: a server ignoring the pool would pass."""
    members: list[dict[str, Any]] = []
    deactivated: list[dict[str, Any]] = []
    for channel in ("SMS", "RCS", "WHATSAPP"):
        active = _senders(api, channel)
        if len(active) >= 2:
            members.append(active[0])
            deactivated += _senders(api, channel, "DEACTIVATED")[:1]
    if not members:
        raise Inconclusive(
            "no SMS, RCS or WHATSAPP channel has two ACTIVATED senders, so no pool can hold a "
            "strict subset of them: a server that ignored the pool would pass"
        )
    return members, deactivated


def _assert_stats_add_up(api: ApiSession, operation: dict[str, Any], recipients: int) -> None:
    stats = operation["stats"]
    assert stats["recipients"] == recipients
    assert api.checks.stats_problems(stats) == []
    assert operation["status"] != "COMPLETED" or stats["queued"] == 0


@pytest.mark.proves(
    "pool_sends_use_fitting_pool_senders",
    operations=["sendMessages", "fetchMessageOperation", "listMessages", "fetchMessage"],
    provenance="documented",
)
def test_each_recipient_gets_a_fitting_sender_of_the_pool(api: ApiSession) -> None:
    members, deactivated = _discriminating_pool(api)
    pool_id, _ = api.create_pool(
        name="conformance-send", senders=[{"senderId": s["id"]} for s in members + deactivated]
    )
    by_id = {s["id"]: s for s in members}  # the DEACTIVATED members must never be used
    recipients = _recipients(api)
    operation, messages = _send(api, {"from": {"senderPoolId": pool_id}, "to": recipients})
    assert operation["status"] == "COMPLETED"
    _assert_stats_add_up(api, operation, len(recipients))
    assert len(messages) == operation["stats"]["total"]
    for message in messages:
        sender = by_id.get(message["from"]["senderId"])
        assert sender is not None, (
            f"{message['id']} came from a Sender outside the pool's ACTIVATED members"
        )
        assert message["from"]["senderPoolId"] == pool_id
        assert message["from"]["channel"] in REACHES[message["to"][0]["channel"]]
        assert message["from"]["address"] == sender["address"]
        assert message["related"][0]["id"] == operation["id"]
    reachable = {c for r in recipients for c in REACHES[r["channel"]]}
    if any(s["channel"] in reachable for s in members):
        assert messages, "no recipient was reached although the pool has fitting Senders"


@pytest.mark.proves(
    "deactivated_senders_are_never_used",
    operations=["sendMessages", "fetchMessageOperation", "listMessages"],
    provenance="inferred",
)
def test_deactivated_senders_are_never_used(api: ApiSession) -> None:
    off = [
        s for channel in ("SMS", "RCS", "WHATSAPP") for s in _senders(api, channel, "DEACTIVATED")
    ]
    if not off:
        pytest.skip("the account has no DEACTIVATED SMS, RCS or WHATSAPP sender")
    pool_id, _ = api.create_pool(
        name="conformance-deactivated", senders=[{"senderId": s["id"]} for s in off]
    )
    recipients = _recipients(api)
    operation, messages = _send(api, {"from": {"senderPoolId": pool_id}, "to": recipients})
    assert messages == []
    assert operation["stats"]["unaddressable"] == len(recipients)
    _assert_stats_add_up(api, operation, len(recipients))


@pytest.mark.proves(
    "messages_outlive_their_pool",
    operations=["sendMessages", "deleteSenderPool", "fetchMessage"],
    provenance="inferred",
)
def test_messages_outlive_their_pool(api: ApiSession) -> None:
    members = _senders(api, "SMS") + _senders(api, "WHATSAPP")
    if not members:
        pytest.skip("the account has no ACTIVATED SMS or WHATSAPP sender")
    pool_id, _ = api.create_pool(
        name="conformance-outlive", senders=[{"senderId": s["id"]} for s in members]
    )
    _, messages = _send(api, {"from": {"senderPoolId": pool_id}, "to": _recipients(api)})
    assert messages, "nothing was sent"
    assert api.request("DELETE", f"/SenderPools/{pool_id}").status_code == 202
    fetched = api.get(f"/Messages/{messages[0]['id']}")
    assert fetched.status_code == 200, "a Message disappeared with its pool"
    assert fetched.json()["from"]["senderPoolId"] == pool_id
    assert fetched.json()["content"] == TEXT


@pytest.mark.proves(
    "send_from_unknown_pool_is_rejected",
    operations=["sendMessages", "listMessageOperations"],
    provenance="inferred",
)
def test_an_unknown_pool_is_rejected_and_nothing_is_sent(api: ApiSession) -> None:
    unknown = api.contract.id_prefix("SenderPoolId") + "01h9krwprkeee8fzqspvwy6nq8"
    body = {"from": {"senderPoolId": unknown}, "to": _recipients(api), "content": TEXT}
    assert _rejected_and_nothing_sent(api, body) == 400


def _rejected_and_nothing_sent(api: ApiSession, body: dict[str, Any]) -> int:
    """Send `body`; its status, once no new Message Operation has shown up for the whole
    consistency window (a lagging list may show a send late, so it is waited out)."""
    # Every send this run made is listed first, so a lagging list cannot pass for a new one.
    known = api.ledger.message_operations.copy()
    before = api.observe(
        lambda: {o["id"] for o in api.collect("/Messages/Operations", "operations")},
        lambda ids: known <= ids,
    )
    response = api.request("POST", "/Messages", json=body)
    assert response.status_code == 400, f"answered {response.status_code}"
    after = api.observe(
        lambda: {o["id"] for o in api.collect("/Messages/Operations", "operations")},
        lambda ids: bool(ids - before),
        absence="a rejected send must make no Message Operation, and a list may show one late",
    )
    assert after - before == set(), "a rejected send still made an Operation"
    return response.status_code


@pytest.mark.own_emulator
@pytest.mark.proves(
    "rcs_first_for_capable_devices",
    operations=["sendMessages", "listMessages"],
    provenance="documented",
)
def test_rcs_goes_first_where_the_device_supports_it(api: ApiSession) -> None:
    rcs, sms = _senders(api, "RCS"), _senders(api, "SMS")
    if not rcs or not sms:
        pytest.skip("the account needs ACTIVATED RCS and SMS senders")
    capable, plain = "+19143188062", "+12025550100"
    api.control("PUT", "/rcs-capable", {"patterns": [capable]})
    try:
        pool_id, _ = api.create_pool(
            name="conformance-rcs", senders=[{"senderId": rcs[0]["id"]}, {"senderId": sms[0]["id"]}]
        )
        to = [{"address": capable, "channel": "PHONE"}, {"address": plain, "channel": "PHONE"}]
        _, messages = _send(api, {"from": {"senderPoolId": pool_id}, "to": to})
    finally:
        api.control("PUT", "/rcs-capable", {"patterns": []})
    channels = {m["to"][0]["address"]: m["from"]["channel"] for m in messages}
    assert channels == {capable: "RCS", plain: "SMS"}


@pytest.mark.slow  # 10,000 Messages: about 6 s
@pytest.mark.own_emulator
@pytest.mark.proves(
    "ten_thousand_recipients_at_most",
    operations=["sendMessages"],
    provenance="documented",
)
def test_at_most_ten_thousand_recipients(api: ApiSession) -> None:
    to = [{"address": f"+1202{n:07d}", "channel": "PHONE"} for n in range(10_001)]
    over = api.request("POST", "/Messages", json={"to": to, "content": TEXT})
    assert over.status_code == 400, f"10,001 recipients answered {over.status_code}"
    operation, messages = _send(api, {"to": to[:10_000]})
    assert operation["stats"]["recipients"] == 10_000
    assert len(messages) == operation["stats"]["total"]


@pytest.mark.second_account
@pytest.mark.proves(
    "messages_are_isolated_per_account",
    operations=["fetchMessage", "listMessages"],
    provenance="inferred",
)
def test_another_account_cannot_read_the_messages(api: ApiSession) -> None:
    _, messages = _send(api, {"to": _recipients(api)})
    if not messages:
        pytest.skip("nothing was sent (no fitting sender in the account)")
    other = api.target.second_account
    assert other is not None
    fetched = api.get(f"/Messages/{messages[0]['id']}", credentials=other)
    assert fetched.status_code == 404
    listed = api.get(
        "/Messages", params={"operationId": messages[0]["related"][0]["id"]}, credentials=other
    )
    assert listed.json()["messages"] == []


def _in(seconds: float) -> str:
    moment = datetime.now(UTC) + timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.own_emulator  # a scheduled Message cannot be recalled: only where nothing leaves
@pytest.mark.proves(
    "scheduled_sends_wait_scheduled",
    operations=["sendMessages", "fetchMessageOperation", "listMessages", "fetchMessage"],
    provenance="inferred",
)
def test_a_scheduled_send_is_scheduled_until_its_time(api: ApiSession) -> None:
    send_at = _in(24 * 3600)
    recipients = _recipients(api)
    body = {
        "to": recipients,
        "content": TEXT,
        "tags": {"conformanceRun": api.ledger.run_id},
        "schedule": {"sendAt": [send_at]},
    }
    accepted = api.request("POST", "/Messages", json=body)
    assert accepted.status_code == 202, f"a scheduled send answered {accepted.status_code}"
    operation = api.get(accepted.json()["operationLocation"]).json()
    assert operation["status"] == "SCHEDULED", f"a scheduled send is {operation['status']}"
    stats = operation["stats"]
    _assert_stats_add_up(api, operation, len(recipients))
    assert stats["scheduled"] == stats["total"], "Messages waiting for their time not counted"
    assert stats["sent"] == stats["attempts"] == 0, "a scheduled send went out early"
    messages = api.observe(
        lambda: api.collect("/Messages", "messages", operationId=operation["id"]),
        lambda found: len(found) >= stats["total"],
    )
    assert len(messages) == stats["total"]
    wanted = parse_rfc3339_ms(send_at)
    for message in messages:
        assert message["status"] == "SCHEDULED"
        assert message["scheduledFor"] is not None, "a scheduled Message has no scheduledFor"
        assert parse_rfc3339_ms(message["scheduledFor"]) == wanted
    if messages:
        fetched = api.get(f"/Messages/{messages[0]['id']}").json()
        assert fetched["attempts"] == [], "a Message waiting for its time was attempted"


@pytest.mark.proves(
    "past_schedules_are_rejected", operations=["sendMessages"], provenance="inferred"
)
def test_a_schedule_in_the_past_is_rejected_and_nothing_is_sent(api: ApiSession) -> None:
    body = {"to": _recipients(api), "content": TEXT, "schedule": {"sendAt": [_in(-3600)]}}
    assert _rejected_and_nothing_sent(api, body) == 400


# The documented send forms (the Send Messages page). A profile and a template are named by
# IDs that exist only in an account that made them, so these run on the built-in emulator,
# where the fictional ones below resolve (a profile to a stand-in address).
PROFILE = {"profileId": "mem_profile_01h9krwprkeee8fzqspvwy6nq7"}
STORE = {"memoryStoreId": "mem_store_00000000000000000000000000"}
CONTENT_FORMS = {
    "text-with-media": {"text": "Conformance check", "media": ["https://example.com/a.png"]},
    "template": {"contentId": "HX0123456789abcdef0123456789abcdef"},
    "channel-modules": {"modules": {"SMS": {"text": "Conformance"}, "WHATSAPP": {"text": "Check"}}},
}


@pytest.mark.own_emulator
@pytest.mark.proves(
    "every_recipient_form_is_sent",
    operations=["sendMessages", "fetchMessageOperation", "listMessages"],
    provenance="documented",
)
def test_each_recipient_form_is_sent_and_recorded_on_its_message(api: ApiSession) -> None:
    (address, channel), *_ = api.target.recipients
    unreachable = {"address": "conformance@example.com", "channel": "EMAIL"}
    to = [
        {"address": address, "channel": channel, "variables": {"form": "address"}},
        # Connected: the first address a Sender reaches is used (EMAIL reaches none).
        {
            "addresses": [unreachable, {"address": address, "channel": channel}],
            "variables": {"form": "connected"},
        },
        {**PROFILE, **STORE, "variables": {"form": "profile"}},
    ]
    operation, messages = _send(api, {"to": to})
    assert operation["stats"]["recipients"] == 3
    assert operation["stats"]["unaddressable"] == 0, "a documented recipient form was not sent"
    sent = {m["to"][0].get("variables", {}).get("form"): m["to"][0] for m in messages}
    assert sorted(sent) == ["address", "connected", "profile"], f"sent to {sorted(sent)}"
    assert sent["address"] == to[0]
    assert (sent["connected"]["address"], sent["connected"]["channel"]) == (address, channel)
    profile = sent["profile"]
    assert {k: profile.get(k) for k in (*PROFILE, *STORE)} == {**PROFILE, **STORE}
    assert profile.get("address"), "the profile's Message names no address it went to"


@pytest.mark.own_emulator
@pytest.mark.proves(
    "every_content_form_is_sent",
    operations=["sendMessages", "fetchMessageOperation", "listMessages", "fetchMessage"],
    provenance="documented",
)
@pytest.mark.parametrize("form", sorted(CONTENT_FORMS))
def test_each_content_form_is_sent_and_recorded_on_its_message(api: ApiSession, form: str) -> None:
    content = CONTENT_FORMS[form]
    (address, channel), *_ = api.target.recipients
    operation, messages = _send(
        api, {"to": [{"address": address, "channel": channel}], "content": content}
    )
    assert operation["status"] == "COMPLETED"
    assert len(messages) == 1, f"{len(messages)} Messages for one recipient"
    fetched = api.get(f"/Messages/{messages[0]['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["content"] == content, f"the {form} content was not sent as given"
