"""Every recipient and content form the Messages docs name is accepted (202), sent, and
recorded on the Message as sent; a profile resolves to its stand-in address (models.profiles)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from comms_emulator.models.profiles import profile_address
from tests.emulator.flows import collect

PROFILE = "mem_profile_01h9krwprkeee8fzqspvwy6nq7"
STORE = "mem_store_00000000000000000000000000"
TEXT = {"text": "Hello, {{name}}!"}


def _send(api: httpx.Client, **body: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    accepted = api.post("/Messages", json={"content": TEXT, **body})
    assert accepted.status_code == 202, accepted.text
    operation_id = accepted.json()["operationId"]
    operation = api.get(f"/Messages/Operations/{operation_id}").json()
    messages = collect(api, "/Messages", "messages", operationId=operation_id)
    return operation, messages


def test_each_recipient_form_gets_one_message_that_records_it(api: httpx.Client) -> None:
    to = [
        {"address": "+12025550100", "channel": "PHONE", "variables": {"name": "Ada"}},
        # Connected addresses: the first one a Sender reaches (EMAIL reaches nothing here).
        {
            "addresses": [
                {"address": "ada@example.com", "channel": "EMAIL"},
                {"address": "+12025550101", "channel": "PHONE"},
            ],
            "variables": {"name": "Bo"},
        },
        {"profileId": PROFILE, "memoryStoreId": STORE, "variables": {"name": "Cy"}},
    ]
    operation, messages = _send(api, to=to)
    assert operation["stats"]["recipients"] == 3
    assert operation["stats"]["unaddressable"] == 0
    recipients = sorted((m["to"][0] for m in messages), key=lambda r: r["variables"]["name"])
    assert recipients == [
        {"address": "+12025550100", "channel": "PHONE", "variables": {"name": "Ada"}},
        {"address": "+12025550101", "channel": "PHONE", "variables": {"name": "Bo"}},
        {
            "address": profile_address(PROFILE),
            "channel": "PHONE",
            "profileId": PROFILE,
            "memoryStoreId": STORE,
            "variables": {"name": "Cy"},
        },
    ]


def test_a_connected_recipient_no_address_of_which_is_reachable_is_unaddressable(
    api: httpx.Client,
) -> None:
    to = [{"addresses": [{"address": "ada@example.com", "channel": "EMAIL"}]}]
    operation, messages = _send(api, to=to)
    assert (operation["stats"]["unaddressable"], messages) == (1, [])


def test_a_profile_always_resolves_to_the_same_fictional_address() -> None:
    address = profile_address(PROFILE)
    assert address == profile_address(PROFILE)
    assert address.startswith("+120155501")
    assert len(address) == 12


@pytest.mark.parametrize(
    "content",
    [
        {"text": "Look", "media": ["https://example.com/a.png"]},
        {"contentId": "HX0123456789abcdef0123456789abcdef"},
        {"modules": {"SMS": {"text": "Hi"}, "WHATSAPP": {"text": "Hi there"}}},
    ],
    ids=["text-with-media", "template", "channel-modules"],
)
def test_each_content_form_is_sent_and_recorded_as_sent(
    api: httpx.Client, content: dict[str, Any]
) -> None:
    operation, [message] = _send(
        api, to=[{"address": "+12025550100", "channel": "PHONE"}], content=content
    )
    assert operation["status"] == "COMPLETED"
    assert api.get(f"/Messages/{message['id']}").json()["content"] == content


@pytest.mark.parametrize(
    ("to", "content"),
    [
        # Two forms at once match no arm of the oneOf.
        ([{"address": "+12025550100", "channel": "PHONE", "profileId": PROFILE}], TEXT),
        ([{"address": "+12025550100", "channel": "PHONE"}], {"text": "x", "contentId": "HX1"}),
        ([{"addresses": []}], TEXT),
        ([{"profileId": PROFILE}], TEXT),
        ([{"address": "+12025550100", "channel": "PHONE"}], {"modules": {}}),
    ],
    ids=["mixed-recipient", "mixed-content", "no-addresses", "profile-without-store", "no-module"],
)
def test_a_body_in_no_documented_form_is_a_400(
    api: httpx.Client, to: list[dict[str, Any]], content: dict[str, Any]
) -> None:
    rejected = api.post("/Messages", json={"to": to, "content": content})
    assert rejected.status_code == 400, rejected.text
    assert collect(api, "/Messages", "messages") == []


def test_an_empty_date_window_is_an_empty_page(api: httpx.Client) -> None:
    """The docs' own sample sends startDate equal to endDate; a reversed window stays a 400."""
    instant = "2024-01-15T09:30:00Z"
    empty = api.get("/Senders", params={"startDate": instant, "endDate": instant})
    assert (empty.status_code, empty.json()["senders"]) == (200, [])
    reversed_window = {"startDate": "2024-01-16T00:00:00Z", "endDate": instant}
    assert api.get("/Senders", params=reversed_window).status_code == 400


def test_a_recipient_has_at_most_100_variables(api: httpx.Client) -> None:
    """The pages give no count: without one, one recipient's variables were bounded only by
    the 2 MiB body, and each is kept on its Messages (the spec's inferred maxProperties)."""
    most = {f"v{n}": "x" for n in range(100)}
    to = [{"address": "+12025550100", "channel": "PHONE", "variables": most}]
    assert api.post("/Messages", json={"content": TEXT, "to": to}).status_code == 202
    to[0]["variables"] = {**most, "one_more": "x"}
    refused = api.post("/Messages", json={"content": TEXT, "to": to})
    assert refused.status_code == 400
    assert any("variables" in d.get("location", "") for d in refused.json()["details"])
