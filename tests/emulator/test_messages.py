"""Sending through a Sender Pool: sender selection, Operation stats, finding Messages by
operationId, validation and limits, and Messages outliving their pool."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comms_emulator import Progression
from comms_emulator.models import messaging
from comms_emulator.models.routing import active_channels
from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_B
from tests.emulator.flows import assert_rejected, collect, create_pool, sender_ids, state_counts

TEXT = {"text": "Hello, World!"}
UNKNOWN_POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"


def _senders(api: httpx.Client, channel: str, status: str = "ACTIVATED") -> list[dict[str, Any]]:
    listed = api.get("/Senders", params={"channel": channel, "status": status, "pageSize": 100})
    senders: list[dict[str, Any]] = listed.json()["senders"]
    return senders


def _pool_of(api: httpx.Client, *senders: dict[str, Any]) -> str:
    pool_id, _ = create_pool(api, name="send", senders=[{"senderId": s["id"]} for s in senders])
    return pool_id


def _send(api: httpx.Client, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Send; return the (completed) Operation and its Messages."""
    accepted = api.post("/Messages", json={"content": TEXT, **body})
    assert accepted.status_code == 202, accepted.text
    assert accepted.headers["Location"] == accepted.json()["operationLocation"]
    operation_id = accepted.json()["operationId"]
    operation = api.get(f"/Messages/Operations/{operation_id}").json()
    return operation, collect(api, "/Messages", "messages", operationId=operation_id)


def _to(*recipients: tuple[str, str]) -> list[dict[str, str]]:
    return [{"address": address, "channel": channel} for address, channel in recipients]


def test_a_send_looks_over_its_candidate_senders_once_not_once_per_recipient(
    api: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10,000 recipients over an inventory of 10,000 Senders took 13 s (10^8 steps), every
    # other client waiting, when each recipient looked over every Sender.
    scans: list[int] = []

    def counted(candidates: Any) -> frozenset[str]:
        scans.append(1)
        return active_channels(candidates)

    monkeypatch.setattr(messaging, "active_channels", counted)
    to = _to(*((f"+1202555{n:04d}", "PHONE") for n in range(50)))
    operation, messages = _send(api, {"to": to})
    assert operation["stats"]["sent"] == len(messages) == 50
    assert len(scans) == 1


def test_a_pool_send_picks_a_fitting_sender_for_each_recipient(api: httpx.Client) -> None:
    sms, whatsapp = _senders(api, "SMS")[0], _senders(api, "WHATSAPP")[0]
    pool_id = _pool_of(api, sms, whatsapp)
    operation, messages = _send(
        api,
        {
            "from": {"senderPoolId": pool_id},
            "to": _to(("+12025550100", "PHONE"), ("+12025550101", "WHATSAPP")),
            "tags": {"campaign": "spring"},
        },
    )
    assert operation["status"] == "COMPLETED"
    routes = {m["to"][0]["channel"]: m["from"] for m in messages}
    assert routes["PHONE"] == {
        "senderId": sms["id"],
        "senderPoolId": pool_id,
        "address": sms["address"],
        "channel": "SMS",
    }
    assert routes["WHATSAPP"]["senderId"] == whatsapp["id"]
    assert all(m["tags"] == {"campaign": "spring"} for m in messages)
    assert all(m["related"][0]["id"] == operation["id"] for m in messages)


def test_rcs_goes_first_to_capable_devices(api: httpx.Client, control: httpx.Client) -> None:
    assert control.put("/rcs-capable", json={"patterns": ["+1914*"]}).status_code == 200
    rcs, sms = _senders(api, "RCS")[0], _senders(api, "SMS")[0]
    pool_id = _pool_of(api, rcs, sms)
    _, messages = _send(
        api,
        {
            "from": {"senderPoolId": pool_id},
            "to": _to(("+19143188062", "PHONE"), ("+12025550100", "PHONE")),
        },
    )
    by_recipient = {m["to"][0]["address"]: m["from"]["channel"] for m in messages}
    assert by_recipient == {"+19143188062": "RCS", "+12025550100": "SMS"}
    assert control.get("/rcs-capable").json() == {"patterns": ["+1914*"]}


def test_unreachable_recipients_are_counted_and_get_no_message(api: httpx.Client) -> None:
    pool_id = _pool_of(api, _senders(api, "WHATSAPP")[0])
    operation, messages = _send(
        api,
        {
            "from": {"senderPoolId": pool_id},
            "to": _to(("+12025550100", "PHONE"), ("+12025550101", "WHATSAPP")),
        },
    )
    stats = operation["stats"]
    assert (stats["recipients"], stats["total"], stats["unaddressable"]) == (2, 1, 1)
    assert (stats["sent"], stats["attempts"], stats["queued"]) == (1, 1, 0)
    assert [m["to"][0]["channel"] for m in messages] == ["WHATSAPP"]


def test_a_recipient_on_a_channel_nothing_sends_on_is_unaddressable(api: httpx.Client) -> None:
    # The recipient channels are open (EMAIL appears in Resolve's samples); the emulator sends
    # only on the Message channels, so such a recipient is accepted and counted, not sent to.
    operation, messages = _send(
        api, {"to": _to(("jane@example.com", "EMAIL"), ("+12025550100", "PHONE"))}
    )
    assert (operation["stats"]["unaddressable"], operation["stats"]["total"]) == (1, 1)
    assert [m["to"] for m in messages] == [[{"address": "+12025550100", "channel": "PHONE"}]]


def test_deactivated_senders_are_never_used(api: httpx.Client) -> None:
    off_sms = _senders(api, "SMS", status="DEACTIVATED")[0]
    off_rcs = _senders(api, "RCS", status="DEACTIVATED")[0]
    pool_id = _pool_of(api, off_sms, off_rcs)
    operation, messages = _send(
        api, {"from": {"senderPoolId": pool_id}, "to": _to(("+12025550100", "PHONE"))}
    )
    assert messages == []
    assert operation["stats"]["unaddressable"] == 1


def test_stats_add_up_while_processing_and_after(
    api: httpx.Client, emulator: ThreadedEmulator
) -> None:
    pool_id = _pool_of(api, *_senders(api, "SMS"))
    emulator.app.state.world.progression = Progression.parse("polls:2")
    accepted = api.post(
        "/Messages",
        json={
            "from": {"senderPoolId": pool_id},
            "to": _to(*[(f"+1202555{n:04d}", "PHONE") for n in range(7)], ("x", "WHATSAPP")),
            "content": TEXT,
        },
    ).json()
    pending = api.get(f"/Messages/Operations/{accepted['operationId']}").json()
    assert pending["status"] == "PROCESSING"
    assert api.get("/Messages", params={"operationId": pending["id"]}).json()["messages"] == []
    done = api.get(f"/Messages/Operations/{accepted['operationId']}").json()
    assert done["status"] == "COMPLETED"
    for operation in (pending, done):
        stats = operation["stats"]
        by_status = ("scheduled", "queued", "sent", "delivered", "read", "undelivered")
        assert stats["total"] == sum(stats[k] for k in (*by_status, "failed", "canceled"))
        assert stats["recipients"] == stats["total"] + stats["unaddressable"] == 8
    assert pending["stats"]["queued"] == done["stats"]["sent"] == 7
    messages = collect(api, "/Messages", "messages", operationId=done["id"], pageSize=3)
    assert len(messages) == 7
    assert len({m["from"]["senderId"] for m in messages}) == len(_senders(api, "SMS"))


def test_send_from_one_sender_by_address(api: httpx.Client) -> None:
    whatsapp = _senders(api, "WHATSAPP")[0]
    _, [message] = _send(
        api,
        {
            "from": {"address": whatsapp["address"], "channel": "WHATSAPP"},
            "to": _to(("+12025550101", "WHATSAPP")),
        },
    )
    assert message["from"] == {
        "senderId": whatsapp["id"],
        "address": whatsapp["address"],
        "channel": "WHATSAPP",
    }


def test_without_from_the_accounts_inventory_is_used(api: httpx.Client) -> None:
    _, [message] = _send(api, {"to": _to(("+12025550100", "PHONE"))})
    assert message["from"]["channel"] == "SMS"
    assert "senderPoolId" not in message["from"]


@pytest.mark.parametrize(
    ("source", "location"),
    [
        ({"senderPoolId": UNKNOWN_POOL}, "body.from.senderPoolId"),
        ({"address": "+14155550199", "channel": "SMS"}, "body.from"),  # DEACTIVATED
        ({"address": "+10000000000", "channel": "SMS"}, "body.from"),
    ],
)
def test_an_unknown_sending_identity_is_rejected_and_nothing_is_sent(
    api: httpx.Client, control: httpx.Client, source: dict[str, str], location: str
) -> None:
    before = state_counts(control)
    response = api.post(
        "/Messages", json={"from": source, "to": _to(("+1202", "PHONE")), "content": TEXT}
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["location"] == location
    assert state_counts(control) == before


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"to": [], "content": TEXT}, "body.to"),
        ({"to": _to(("+1202", "email")), "content": TEXT}, "body.to[0].channel"),
        ({"to": _to(("+1202", "PHONE")), "content": {}}, "body.content"),
        ({"to": _to(("+1202", "PHONE"))}, "body"),
        ({"to": _to(("+1202", "PHONE")), "content": TEXT, "schedule": {}}, "body.schedule"),
        ({"to": _to(("+1202", "PHONE")), "content": TEXT, "unknown": 1}, "body"),
        ({"to": _to(("+1202", "PHONE")), "content": TEXT, "from": {"senderPoolId": "x"}}, None),
    ],
)
def test_invalid_sends_are_400(
    api: httpx.Client, control: httpx.Client, body: dict[str, Any], location: str | None
) -> None:
    assert_rejected(api, control, "/Messages", body, location)


@pytest.mark.slow
def test_up_to_ten_thousand_recipients(api: httpx.Client, control: httpx.Client) -> None:
    recipients = _to(*[(f"+1202{n:07d}", "PHONE") for n in range(10_001)])
    before = state_counts(control)
    too_many = api.post("/Messages", json={"to": recipients, "content": TEXT})
    assert too_many.status_code == 400
    assert state_counts(control) == before
    operation, _ = _send(api, {"to": recipients[:10_000]})
    assert operation["stats"]["total"] == 10_000


def test_messages_outlive_their_pool(api: httpx.Client) -> None:
    pool_id = _pool_of(api, _senders(api, "SMS")[0])
    _, [message] = _send(
        api, {"from": {"senderPoolId": pool_id}, "to": _to(("+12025550100", "PHONE"))}
    )
    assert api.delete(f"/SenderPools/{pool_id}").status_code == 202
    fetched = api.get(f"/Messages/{message['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["from"]["senderPoolId"] == pool_id
    assert fetched.json()["content"] == TEXT
    assert fetched.json()["attempts"][0]["status"] == "SENT"


def test_list_filters(api: httpx.Client) -> None:
    sms, whatsapp = _senders(api, "SMS")[0], _senders(api, "WHATSAPP")[0]
    pool_id = _pool_of(api, sms, whatsapp)
    to = _to(("+12025550100", "PHONE"), ("+12025550101", "WHATSAPP"))
    _send(api, {"from": {"senderPoolId": pool_id}, "to": to, "tags": {"a": "1", "b": "2"}})
    _send(api, {"from": {"senderPoolId": pool_id}, "to": to, "tags": {"a": "1"}})

    def count(**params: str) -> int:
        return len(collect(api, "/Messages", "messages", **params))

    assert count() == 4
    assert count(channel="WHATSAPP") == 2
    assert count(status="SENT") == 4
    assert count(status="QUEUED") == 0
    assert count(tags="a:1;") == 4
    assert count(tags="a:1;b:2;") == 2
    assert count(sessionId="comms_session_" + "a" * 26) == 0
    operations = collect(api, "/Messages/Operations", "operations", status="COMPLETED")
    assert len(operations) == 2
    assert api.get("/Messages", params={"tags": "a:1"}).status_code == 400  # no trailing ;


def test_accounts_do_not_see_each_others_messages(
    api: httpx.Client, emulator: ThreadedEmulator
) -> None:
    _, [message] = _send(api, {"to": _to(("+12025550100", "PHONE"))})
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_B) as other:
        assert other.get(f"/Messages/{message['id']}").status_code == 404
        assert other.get("/Messages").json()["messages"] == []
        operation_id = message["related"][0]["id"]
        assert other.get(f"/Messages/Operations/{operation_id}").status_code == 404


def test_rcs_capability_rejects_a_bad_body(control: httpx.Client) -> None:
    assert control.put("/rcs-capable", json={"patterns": "+1914*"}).status_code == 400
    assert control.get("/rcs-capable").json() == {"patterns": []}


def test_reset_forgets_messages(api: httpx.Client, control: httpx.Client) -> None:
    _send(api, {"to": _to(("+12025550100", "PHONE"))})
    assert control.post("/reset").status_code == 200
    assert api.get("/Messages").json()["messages"] == []
    assert sender_ids(api)  # the inventory is back
