"""Cursor pagination: every item exactly once, stable under concurrent change, tokens opaque
and bound to their list."""

from __future__ import annotations

import httpx
import pytest

from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_B
from tests.emulator.flows import collect, create_pool


def _make_pools(api: httpx.Client, count: int) -> list[str]:
    return [create_pool(api, name=f"pool-{i}")[0] for i in range(count)]


@pytest.mark.parametrize("page_size", [1, 3, 7, 25, 1000])
def test_every_item_exactly_once_in_creation_order(api: httpx.Client, page_size: int) -> None:
    created = _make_pools(api, 25)
    listed = collect(api, "/SenderPools", "senderPools", pageSize=page_size)
    assert [p["id"] for p in listed] == created


def test_page_size_is_honoured_and_next_is_null_at_the_end(api: httpx.Client) -> None:
    _make_pools(api, 5)
    first = api.get("/SenderPools", params={"pageSize": 2}).json()
    assert len(first["senderPools"]) == 2
    assert first["pagination"]["next"] is not None
    last = api.get("/SenderPools", params={"pageSize": 5}).json()
    assert len(last["senderPools"]) == 5
    assert last["pagination"]["next"] is None


def test_default_page_size_is_50(api: httpx.Client) -> None:
    _make_pools(api, 51)
    page = api.get("/SenderPools").json()
    assert len(page["senderPools"]) == 50
    assert page["pagination"]["next"] is not None


def test_self_token_rereads_the_same_page(api: httpx.Client) -> None:
    _make_pools(api, 6)
    first = api.get("/SenderPools", params={"pageSize": 2}).json()
    second = api.get(
        "/SenderPools", params={"pageSize": 2, "pageToken": first["pagination"]["next"]}
    ).json()
    again = api.get(
        "/SenderPools", params={"pageSize": 2, "pageToken": second["pagination"]["self"]}
    ).json()
    assert again["senderPools"] == second["senderPools"]


def test_items_present_throughout_are_listed_once_despite_inserts_and_deletes(
    api: httpx.Client,
) -> None:
    created = _make_pools(api, 12)
    deleted = {created[3], created[7]}
    seen: list[str] = []
    query: dict[str, str | int] = {"pageSize": 3}
    pages = 0
    while True:
        page = api.get("/SenderPools", params=query).json()
        seen += [p["id"] for p in page["senderPools"]]
        pages += 1
        if pages == 1:  # change the collection between page requests
            for pool_id in deleted:
                assert api.delete(f"/SenderPools/{pool_id}").status_code == 202
            inserted = _make_pools(api, 4)
            api.delete(f"/SenderPools/{seen[0]}")  # an item already returned
        if page["pagination"]["next"] is None:
            break
        query["pageToken"] = page["pagination"]["next"]
    assert len(seen) == len(set(seen)), "an item was returned twice"
    survivors = [p for p in created if p not in deleted]
    assert [p for p in seen if p in survivors] == survivors  # each exactly once, in order
    assert not deleted & set(seen[3:]), "a deleted item appeared after its deletion"
    assert set(inserted) <= set(seen)  # created after the cursor: sorted last, still visited


def test_the_next_page_starts_after_a_deleted_cursor_item(api: httpx.Client) -> None:
    created = _make_pools(api, 4)
    first = api.get("/SenderPools", params={"pageSize": 2}).json()
    api.delete(f"/SenderPools/{created[2]}")  # the item the `next` token names
    rest = api.get(
        "/SenderPools", params={"pageSize": 2, "pageToken": first["pagination"]["next"]}
    ).json()
    assert [p["id"] for p in rest["senderPools"]] == [created[3]]


def test_page_size_may_change_between_pages(api: httpx.Client) -> None:
    created = _make_pools(api, 6)
    first = api.get("/SenderPools", params={"pageSize": 2}).json()
    rest = api.get(
        "/SenderPools", params={"pageSize": 100, "pageToken": first["pagination"]["next"]}
    ).json()
    assert [p["id"] for p in first["senderPools"] + rest["senderPools"]] == created


@pytest.mark.parametrize("tamper", ["flip-a-character", "truncate", "not-base64", "empty"])
def test_forged_tokens_are_400(api: httpx.Client, tamper: str) -> None:
    _make_pools(api, 3)
    token = api.get("/SenderPools", params={"pageSize": 1}).json()["pagination"]["next"]
    forged = {
        "flip-a-character": token[:5] + ("A" if token[5] != "A" else "B") + token[6:],
        "truncate": token[:-4],
        "not-base64": "%%%not-a-token%%%",
        "empty": "",
    }[tamper]
    response = api.get("/SenderPools", params={"pageSize": 1, "pageToken": forged})
    assert response.status_code == 400
    assert "pageToken" in response.json()["message"]


def test_a_token_is_bound_to_its_account(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    _make_pools(api, 3)
    token = api.get("/SenderPools", params={"pageSize": 1}).json()["pagination"]["next"]
    other = httpx.get(
        f"{emulator.url}/v1/SenderPools", auth=ACCOUNT_B, params={"pageSize": 1, "pageToken": token}
    )
    assert other.status_code == 400


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/SenderPools/Operations", {}),
        ("/Senders", {}),
        ("/Senders", {"channel": "SMS"}),
        ("/SenderPools", {"startDate": "2020-01-01T00:00:00Z"}),
    ],
)
def test_a_token_is_bound_to_its_list_and_filters(
    api: httpx.Client, path: str, params: dict[str, str]
) -> None:
    _make_pools(api, 3)
    token = api.get("/SenderPools", params={"pageSize": 1}).json()["pagination"]["next"]
    response = api.get(path, params={**params, "pageToken": token})
    assert response.status_code == 400


def test_pool_member_listing_paginates(api: httpx.Client) -> None:
    ids = [s["id"] for s in collect(api, "/Senders", "senders")]
    pool_id, _ = create_pool(api, senders=[{"senderId": s} for s in ids])
    members = collect(api, f"/SenderPools/{pool_id}/Senders", "senders", pageSize=4)
    assert [m["id"] for m in members] == ids  # same order as GET /Senders
