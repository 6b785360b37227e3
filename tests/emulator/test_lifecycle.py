"""The documented workflow end to end, over HTTP, on both API versions."""

from __future__ import annotations

import httpx
import pytest

from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A
from tests.emulator.flows import collect, create_pool, sender_ids


@pytest.mark.parametrize("version", ["v1", "preview"])
def test_create_fetch_update_members_delete(emulator: ThreadedEmulator, version: str) -> None:
    with httpx.Client(base_url=f"{emulator.url}/{version}", auth=ACCOUNT_A) as api:
        senders = sender_ids(api, status="ACTIVATED")
        accepted = api.post(
            "/SenderPools",
            json={
                "name": "Campaign",
                "senders": [{"senderId": s} for s in senders[:3]],
                "tags": {"environment": "test"},
            },
        )
        assert accepted.status_code == 202
        body = accepted.json()
        assert accepted.headers["Location"] == body["operationLocation"]
        assert body["operationLocation"].endswith(
            f"/{version}/SenderPools/Operations/{body['operationId']}"
        )

        operation = api.get(body["operationLocation"]).json()
        assert operation["status"] == "COMPLETED"
        assert operation["stats"] == {"total": 4, "queued": 0, "created": 4, "failed": 0}

        [pool] = api.get("/SenderPools", params={"operationId": body["operationId"]}).json()[
            "senderPools"
        ]
        assert (pool["name"], pool["tags"]) == ("Campaign", {"environment": "test"})
        assert api.get(f"/SenderPools/{pool['id']}").json() == pool

        patched = api.patch(
            f"/SenderPools/{pool['id']}", json={"name": "Renamed", "tags": {"region": "eu"}}
        )
        assert patched.status_code == 202
        assert patched.json()["resourceId"] == pool["id"]
        assert patched.headers["Location"] == patched.json()["resourceLocation"]
        fetched = api.get(f"/SenderPools/{pool['id']}").json()
        assert (fetched["name"], fetched["tags"]) == ("Renamed", {"region": "eu"})  # replaced
        assert fetched["updatedAt"] >= pool["updatedAt"]

        members = collect(api, f"/SenderPools/{pool['id']}/Senders", "senders")
        assert {m["id"] for m in members} == set(senders[:3])

        added = api.post(f"/SenderPools/{pool['id']}/Senders", json=[{"senderId": senders[3]}])
        assert added.status_code == 202
        assert added.headers["Location"] == added.json()["operationLocation"]
        stats = api.get(added.json()["operationLocation"]).json()["stats"]
        assert stats == {"total": 1, "queued": 0, "created": 1, "failed": 0}
        by_add = api.get("/SenderPools", params={"operationId": added.json()["operationId"]})
        assert [p["id"] for p in by_add.json()["senderPools"]] == [pool["id"]]

        removed = api.delete(f"/SenderPools/{pool['id']}/Senders/{senders[0]}")
        assert removed.status_code == 202
        assert removed.json()["resourceId"] == senders[0]
        assert removed.json()["resourceLocation"].endswith(f"/{version}/Senders/{senders[0]}")
        members = collect(api, f"/SenderPools/{pool['id']}/Senders", "senders")
        assert {m["id"] for m in members} == set(senders[1:4])
        again = api.delete(f"/SenderPools/{pool['id']}/Senders/{senders[0]}")
        assert again.status_code == 404

        deleted = api.delete(f"/SenderPools/{pool['id']}")
        assert deleted.status_code == 202
        assert deleted.json() == {
            "resourceId": pool["id"],
            "resourceLocation": f"{emulator.url}/{version}/SenderPools/{pool['id']}",
        }
        gone = api.get(f"/SenderPools/{pool['id']}")
        assert gone.status_code == 404
        assert gone.json()["status"] == 404
        assert api.delete(f"/SenderPools/{pool['id']}").status_code == 404
        assert api.get(f"/SenderPools/{pool['id']}/Senders").status_code == 404
        listed = api.get("/SenderPools", params={"operationId": body["operationId"]}).json()
        assert listed["senderPools"] == []


def test_v1_and_preview_share_state(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    pool_id, _ = create_pool(api, name="shared")
    preview = httpx.get(f"{emulator.url}/preview/SenderPools/{pool_id}", auth=ACCOUNT_A)
    assert preview.json()["name"] == "shared"


def test_unknown_and_duplicate_senders_in_operations(api: httpx.Client) -> None:
    known = sender_ids(api)[:2]
    unknown = "comms_sender_01h9krwprkeee8fzqspvwy6nq8"
    pool_id, operation = create_pool(api, senders=[{"senderId": s} for s in [*known, unknown]])
    assert operation["stats"] == {"total": 4, "queued": 0, "created": 3, "failed": 1}
    # Adding a sender that is already a member is idempotent: counted as created, no duplicate.
    again = api.post(f"/SenderPools/{pool_id}/Senders", json=[{"senderId": known[0]}])
    assert api.get(again.json()["operationLocation"]).json()["stats"]["created"] == 1
    assert len(collect(api, f"/SenderPools/{pool_id}/Senders", "senders")) == 2


def test_unnamed_pool_has_empty_name(api: httpx.Client) -> None:
    pool_id, _ = create_pool(api)
    pool = api.get(f"/SenderPools/{pool_id}").json()
    assert (pool["name"], pool["tags"]) == ("", {})


def test_patch_of_name_keeps_tags(api: httpx.Client) -> None:
    pool_id, _ = create_pool(api, name="a", tags={"k": "v"})
    api.patch(f"/SenderPools/{pool_id}", json={"name": "b"})
    assert api.get(f"/SenderPools/{pool_id}").json()["tags"] == {"k": "v"}
    api.patch(f"/SenderPools/{pool_id}", json={"tags": {}})
    pool = api.get(f"/SenderPools/{pool_id}").json()
    assert (pool["name"], pool["tags"]) == ("b", {})


def test_openapi_points_at_the_emulator(emulator: ThreadedEmulator) -> None:
    served = httpx.get(f"{emulator.url}/openapi.json").json()
    assert served["servers"] == [{"url": f"{emulator.url}/v1"}, {"url": f"{emulator.url}/preview"}]
    assert "/SenderPools" in served["paths"]
    # The published document: provenance per node, none of the maintainers' notes.
    assert "x-provenance-rules" not in served["info"]
    assert "x-published-by" in served["info"]


def test_undeclared_methods_are_405_with_allow(api: httpx.Client) -> None:
    response = api.request("PUT", "/SenderPools")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST"  # HEAD: a GET without its body
    head, get = api.request("HEAD", "/Senders"), api.get("/Senders")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert api.request("DELETE", "/Senders").headers["Allow"] == "GET, HEAD"


def test_unknown_paths_are_404_with_the_error_body(emulator: ThreadedEmulator) -> None:
    response = httpx.get(f"{emulator.url}/v2/SenderPools", auth=ACCOUNT_A)
    assert response.status_code == 404
    assert response.json()["code"] == 20404
