"""Small client-side steps the behaviour tests share."""

from __future__ import annotations

from typing import Any

import httpx


def sender_ids(api: httpx.Client, **filters: str) -> list[str]:
    response = api.get("/Senders", params={"pageSize": 1000, **filters})
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["senders"]]


def create_pool(api: httpx.Client, **body: Any) -> tuple[str, dict[str, Any]]:
    """Create a pool (immediate progression) and return (pool id, its Operation)."""
    accepted = api.post("/SenderPools", json=body)
    assert accepted.status_code == 202, accepted.text
    operation_id = accepted.json()["operationId"]
    operation = api.get(f"/SenderPools/Operations/{operation_id}").json()
    listed = api.get("/SenderPools", params={"operationId": operation_id}).json()["senderPools"]
    assert len(listed) == 1, listed
    return listed[0]["id"], operation


def collect(api: httpx.Client, path: str, key: str, **params: Any) -> list[dict[str, Any]]:
    """Follow `pagination.next` to the end."""
    items: list[dict[str, Any]] = []
    query = dict(params)
    while True:
        response = api.get(path, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page[key]
        if page["pagination"]["next"] is None:
            return items
        query["pageToken"] = page["pagination"]["next"]


def state_counts(control: httpx.Client) -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = control.get("/").json()["accounts"]
    return accounts


def assert_rejected(
    api: httpx.Client, control: httpx.Client, path: str, body: Any, location: str | None
) -> None:
    """POST `body` to `path`: a 400 (naming `location` in its details, when given) that changes
    nothing in any account."""
    before = state_counts(control)
    response = api.post(path, json=body)
    assert response.status_code == 400, response.text
    if location is not None:
        assert location in [d.get("location") for d in response.json()["details"]]
    assert state_counts(control) == before
