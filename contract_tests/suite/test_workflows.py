"""Deterministic workflows: the semantics fuzzing can miss. Every response is also validated
against the spec by the session, so each test checks the shape of all it touches too."""

from __future__ import annotations

import pytest

from contract_tests._session import ApiSession
from contract_tests._workflows import MAX_PAGES, next_token

pytestmark = pytest.mark.mutating


def _sender_ids(api: ApiSession, count: int) -> list[str]:
    senders = api.collect("/Senders", "senders", status="ACTIVATED")
    assert len(senders) >= count, f"the account needs {count} ACTIVATED senders for this test"
    return [s["id"] for s in senders[:count]]


@pytest.mark.proves(
    "async_create_is_found_by_operation_id",
    operations=["createSenderPool", "fetchSenderPoolOperation", "listSenderPools"],
    provenance="documented",
)
def test_create_lifecycle(api: ApiSession) -> None:
    senders = _sender_ids(api, 2)
    # A neighbour, so a list that ignores operationId cannot pass for one that honours it.
    api.create_pool(name="conformance-lifecycle-neighbour")
    accepted = api.request(
        "POST",
        "/SenderPools",
        json={
            "name": "conformance-lifecycle",
            "senders": [{"senderId": s} for s in senders],
            "tags": {"conformanceRun": api.ledger.run_id},
        },
    )
    assert accepted.status_code == 202
    body = accepted.json()
    assert accepted.headers["Location"] == body["operationLocation"]
    operation = api.wait_for_operation(body["operationLocation"])
    assert operation["id"] == body["operationId"]
    assert operation["status"] == "COMPLETED"
    assert operation["stats"]["failed"] == 0
    pools = api.observe(
        lambda: api.collect("/SenderPools", "senderPools", operationId=body["operationId"]),
        lambda found: len(found) == 1,
    )
    assert len(pools) == 1, "GET /SenderPools?operationId= must find the created pool"
    api.ledger.created(pools[0]["id"])
    assert pools[0]["name"] == "conformance-lifecycle"
    assert api.get(f"/SenderPools/{pools[0]['id']}").json() == pools[0]


@pytest.mark.proves(
    "deleted_pool_is_gone",
    operations=["deleteSenderPool", "fetchSenderPool"],
    provenance="inferred",
)
def test_use_after_delete(api: ApiSession) -> None:
    pool_id, _ = api.create_pool(name="conformance-delete")
    deleted = api.request("DELETE", f"/SenderPools/{pool_id}")
    assert deleted.status_code == 202
    assert deleted.json()["resourceId"] == pool_id
    gone = api.get(f"/SenderPools/{pool_id}")
    assert gone.status_code == 404, f"a deleted pool is still fetchable ({gone.status_code})"
    listed = api.observe(
        lambda: {p["id"] for p in api.collect("/SenderPools", "senderPools")},
        lambda ids: pool_id not in ids,
    )
    assert pool_id not in listed, "a deleted pool is still listed"
    api.ledger.deleted.add(pool_id)


@pytest.mark.proves(
    "patch_is_persisted",
    operations=["updateSenderPool", "fetchSenderPool"],
    provenance="documented",
)
def test_patch_is_persisted(api: ApiSession) -> None:
    pool_id, operation = api.create_pool(name="before", tags={"stage": "one"})
    patched = api.request("PATCH", f"/SenderPools/{pool_id}", json={"name": "after"})
    assert patched.status_code == 202
    assert patched.json()["resourceId"] == pool_id
    pool = api.get(f"/SenderPools/{pool_id}").json()
    assert pool["name"] == "after"
    assert pool["tags"]["stage"] == "one", "a PATCH of the name changed the tags"
    # A list may show the previous version for the consistency window, then the new one.
    listed = api.observe(
        lambda: api.collect("/SenderPools", "senderPools", operationId=operation["id"]),
        lambda found: [p["name"] for p in found] == ["after"],
    )
    assert [p["name"] for p in listed] == ["after"], "a list never showed the PATCH"


@pytest.mark.proves(
    "patch_tags_replace_the_map", operations=["updateSenderPool"], provenance="inferred"
)
def test_patch_tags_replace(api: ApiSession) -> None:
    pool_id, _ = api.create_pool(tags={"stage": "one", "keep": "no"})
    new_tags = {"stage": "two", "conformanceRun": api.ledger.run_id}
    api.request("PATCH", f"/SenderPools/{pool_id}", json={"tags": new_tags})
    assert api.get(f"/SenderPools/{pool_id}").json()["tags"] == new_tags


@pytest.mark.proves(
    "tags_round_trip", operations=["createSenderPool", "fetchSenderPool"], provenance="documented"
)
def test_tags_round_trip(api: ApiSession) -> None:
    tags = {"k" * 128: "v" * 256, "a.b~c-d_e": "X.y~Z-0_9", "env": "prod"}
    pool_id, _ = api.create_pool(tags=tags)
    fetched = api.get(f"/SenderPools/{pool_id}").json()["tags"]
    assert {k: v for k, v in fetched.items() if k in tags} == tags


@pytest.mark.proves(
    "membership_changes_are_visible",
    operations=["addSenderPoolSenders", "listSenderPoolSenders", "removeSenderPoolSender"],
    provenance="documented",
)
def test_membership_changes_are_visible(api: ApiSession) -> None:
    first, second, third = _sender_ids(api, 3)
    pool_id, _ = api.create_pool(senders=[{"senderId": first}])

    def members_until(expected: set[str]) -> set[str]:
        return set(
            api.observe(
                lambda: {
                    m["id"] for m in api.collect(f"/SenderPools/{pool_id}/Senders", "senders")
                },
                lambda ids: ids == expected,
            )
        )

    assert members_until({first}) == {first}
    added = api.request(
        "POST", f"/SenderPools/{pool_id}/Senders", json=[{"senderId": second}, {"senderId": third}]
    )
    assert added.status_code == 202
    assert added.headers["Location"] == added.json()["operationLocation"]
    operation = api.wait_for_operation(added.json()["operationLocation"])
    assert operation["stats"]["created"] == 2
    members = members_until({first, second, third})
    assert members == {first, second, third}, "added senders are not listed (or one is missing)"
    removed = api.request("DELETE", f"/SenderPools/{pool_id}/Senders/{second}")
    assert removed.status_code == 202
    assert removed.json()["resourceId"] == second
    members = members_until({first, third})
    assert members == {first, third}, "a removed sender is still listed (or one is missing)"
    assert api.get(f"/Senders/{second}").status_code == 200, "removing deleted the Sender"


@pytest.mark.proves(
    "pagination_visits_every_item_once", operations=["listSenderPools"], provenance="documented"
)
def test_pool_pagination(api: ApiSession) -> None:
    created = [api.create_pool(name=f"conformance-page-{i}")[0] for i in range(5)]

    def walk(page_size: int) -> list[str]:
        # A page shorter than pageSize with `next` is conforming (an index page may hold
        # fewer items than asked); only the walk as a whole is judged.
        seen: list[str] = []
        params: dict[str, object] = {"pageSize": page_size}
        followed: set[str] = set()
        for _ in range(MAX_PAGES):
            page = api.get("/SenderPools", params=params).json()
            assert len(page["senderPools"]) <= page_size, "pageSize not honoured"
            seen += [p["id"] for p in page["senderPools"]]
            token = next_token(page, followed, "listSenderPools")
            if token is None:
                return seen
            params["pageToken"] = token
        raise AssertionError(f"listSenderPools: pagination did not end after {MAX_PAGES:,} pages")

    for page_size in (1, 2, 3):
        seen = api.observe(
            lambda size=page_size: walk(size),  # type: ignore[misc]
            lambda ids: set(created) <= set(ids),
        )
        assert len(seen) == len(set(seen)), f"an item was listed twice (pageSize={page_size})"
        assert set(created) <= set(seen), f"a pool was never listed (pageSize={page_size})"


@pytest.mark.proves(
    "operation_filter_holds", operations=["listSenderPools"], provenance="documented"
)
def test_operation_id_filter(api: ApiSession) -> None:
    first, operation = api.create_pool()
    api.create_pool()
    listed = api.observe(
        lambda: api.collect("/SenderPools", "senderPools", operationId=operation["id"]),
        lambda found: [p["id"] for p in found] == [first],
    )
    assert [p["id"] for p in listed] == [first]


# The pool date filters are documented (seed 000); only their bounds' inclusivity is inferred.
@pytest.mark.proves(
    "pool_date_filters_hold", operations=["listSenderPools"], provenance="documented"
)
def test_pool_date_window(api: ApiSession) -> None:
    pool_id, _ = api.create_pool()
    created_at = api.get(f"/SenderPools/{pool_id}").json()["createdAt"]
    inside = api.observe(
        lambda: {p["id"] for p in api.collect("/SenderPools", "senderPools", startDate=created_at)},
        lambda ids: pool_id in ids,
    )
    assert pool_id in inside, "startDate is not inclusive"
    before = api.collect("/SenderPools", "senderPools", endDate=created_at)
    assert pool_id not in {p["id"] for p in before}, "endDate is not exclusive"


@pytest.mark.proves(
    "pool_sender_filters_hold", operations=["listSenderPoolSenders"], provenance="documented"
)
def test_pool_sender_filters(api: ApiSession) -> None:
    senders = api.collect("/Senders", "senders")
    chosen = [s["id"] for s in senders[:1000]]
    pool_id, _ = api.create_pool(senders=[{"senderId": s} for s in chosen])
    members = api.observe(
        lambda: api.collect(f"/SenderPools/{pool_id}/Senders", "senders"),
        lambda found: {m["id"] for m in found} == set(chosen),
    )
    for name in ("channel", "status"):
        for value in sorted({m[name] for m in members}):
            # The members are listed in full by now, so the filtered lists have caught up too.
            filtered = api.collect(f"/SenderPools/{pool_id}/Senders", "senders", **{name: value})
            assert filtered == [m for m in members if m[name] == value], (
                f"?{name}={value} on a pool's senders"
            )
