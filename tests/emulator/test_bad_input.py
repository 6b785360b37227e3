"""Every bad input gets a 400 (or 404 for unknown IDs) with a readable Error body, never a
500, and changes nothing: state is compared before and after each rejected request."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.emulator.flows import collect, create_pool, sender_ids, state_counts

VALID_SENDER = "comms_sender_01h9krwprkeee8fzqspvwy6nq8"


def _senders(n: int) -> list[dict[str, str]]:
    return [{"senderId": f"comms_sender_01h9krwprkeee8fzqspvwy{i:06d}"} for i in range(n)]


POOL = "{pool}"  # replaced with a real pool's ID
JSON = {"Content-Type": "application/json"}

BAD_REQUESTS: list[tuple[str, str, str, dict[str, Any], str | None]] = [
    # (id, method, path, httpx kwargs, where the problem is reported)
    (
        "malformed-json",
        "POST",
        "/SenderPools",
        {"content": b'{"name": ', "headers": {"Content-Type": "application/json"}},
        "body",
    ),
    (
        "nan-is-not-json",
        "POST",
        "/SenderPools",
        {"content": b'{"name": NaN}', "headers": {"Content-Type": "application/json"}},
        "body",
    ),
    (
        "not-utf8",
        "POST",
        "/SenderPools",
        {"content": b'{"name": "\xff"}', "headers": {"Content-Type": "application/json"}},
        "body",
    ),
    (
        "wrong-content-type",
        "POST",
        "/SenderPools",
        {"content": b'{"name": "x"}', "headers": {"Content-Type": "text/plain"}},
        "header.Content-Type",
    ),
    ("no-body", "POST", "/SenderPools", {}, "header.Content-Type"),
    ("oversized-body", "POST", "/SenderPools", {"json": {"name": "x" * (3 * 1024 * 1024)}}, "body"),
    ("body-not-an-object", "POST", "/SenderPools", {"json": ["x"]}, "body"),
    ("unknown-body-property", "POST", "/SenderPools", {"json": {"nmae": "typo"}}, "body"),
    ("name-wrong-type", "POST", "/SenderPools", {"json": {"name": 5}}, "body.name"),
    (
        "eleven-tags",
        "POST",
        "/SenderPools",
        {"json": {"tags": {f"k{i}": "v" for i in range(11)}}},
        "body.tags",
    ),
    ("tag-key-129", "POST", "/SenderPools", {"json": {"tags": {"k" * 129: "v"}}}, "body.tags"),
    ("tag-value-257", "POST", "/SenderPools", {"json": {"tags": {"k": "v" * 257}}}, "body.tags.k"),
    ("tag-bad-character", "POST", "/SenderPools", {"json": {"tags": {"k": "a b"}}}, "body.tags.k"),
    ("tag-empty-value", "POST", "/SenderPools", {"json": {"tags": {"k": ""}}}, "body.tags.k"),
    (
        "10001-senders",
        "POST",
        "/SenderPools",
        {"json": {"senders": _senders(10001)}},
        "body.senders",
    ),
    (
        "duplicate-senders",
        "POST",
        "/SenderPools",
        {"json": {"senders": [{"senderId": VALID_SENDER}] * 2}},
        "body.senders",
    ),
    (
        "bad-sender-id",
        "POST",
        "/SenderPools",
        {"json": {"senders": [{"senderId": "comms_sender_123"}]}},
        "body.senders[0].senderId",
    ),
    ("page-size-0", "GET", "/SenderPools", {"params": {"pageSize": 0}}, "query.pageSize"),
    ("page-size-1001", "GET", "/Senders", {"params": {"pageSize": 1001}}, "query.pageSize"),
    ("page-size-text", "GET", "/SenderPools", {"params": {"pageSize": "ten"}}, "query.pageSize"),
    (
        "unknown-query",
        "GET",
        "/SenderPools",
        {"params": {"createdAfter": "x"}},
        "query.createdAfter",
    ),
    (
        "repeated-query",
        "GET",
        "/SenderPools",
        {"params": [("pageSize", 1), ("pageSize", 2)]},
        "query.pageSize",
    ),
    ("bad-date", "GET", "/SenderPools", {"params": {"startDate": "yesterday"}}, "query.startDate"),
    ("empty-date", "GET", "/SenderPools", {"params": {"startDate": ""}}, "query.startDate"),
    (
        "window-reversed",
        "GET",
        "/SenderPools",
        {"params": {"startDate": "2025-01-02T00:00:00Z", "endDate": "2025-01-01T00:00:00Z"}},
        "query.startDate",
    ),
    ("bad-channel", "GET", "/Senders", {"params": {"channel": "sms"}}, "query.channel"),
    (
        "bad-operation-filter",
        "GET",
        "/SenderPools",
        {"params": {"operationId": "op_1"}},
        "query.operationId",
    ),
    (
        "forged-page-token",
        "GET",
        "/SenderPools",
        {"params": {"pageToken": "eyJwYWdlIjoxfQ=="}},
        None,
    ),
    ("bad-pool-id", "GET", "/SenderPools/comms_senderpool_123", {}, "path.senderPoolId"),
    ("bad-id-in-delete", "DELETE", "/SenderPools/pool-1", {}, "path.senderPoolId"),
    ("empty-patch", "PATCH", f"/SenderPools/{POOL}", {"json": {}}, "body"),
    ("patch-senders", "PATCH", f"/SenderPools/{POOL}", {"json": {"senders": []}}, "body"),
    ("patch-null-name", "PATCH", f"/SenderPools/{POOL}", {"json": {"name": None}}, "body.name"),
    # Found by the contract suite: a JSON null body once skipped validation and crashed.
    ("null-create-body", "POST", "/SenderPools", {"content": b"null", "headers": JSON}, "body"),
    (
        "null-patch-body",
        "PATCH",
        f"/SenderPools/{POOL}",
        {"content": b"null", "headers": JSON},
        "body",
    ),
    (
        "null-add-body",
        "POST",
        f"/SenderPools/{POOL}/Senders",
        {"content": b"null", "headers": JSON},
        "body",
    ),
    (
        "add-object-not-array",
        "POST",
        f"/SenderPools/{POOL}/Senders",
        {"json": {"senderId": VALID_SENDER}},
        "body",
    ),
    ("add-empty-array", "POST", f"/SenderPools/{POOL}/Senders", {"json": []}, "body"),
    ("add-1001", "POST", f"/SenderPools/{POOL}/Senders", {"json": _senders(1001)}, "body"),
    (
        "add-duplicates",
        "POST",
        f"/SenderPools/{POOL}/Senders",
        {"json": [{"senderId": VALID_SENDER}] * 2},
        "body",
    ),
    (
        "remove-bad-sender-id",
        "DELETE",
        f"/SenderPools/{POOL}/Senders/sender-1",
        {},
        "path.senderId",
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "where"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[c[0] for c in BAD_REQUESTS],
)
def test_bad_input_is_400_and_changes_nothing(
    api: httpx.Client,
    control: httpx.Client,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    where: str | None,
) -> None:
    pool_id, _ = create_pool(
        api, name="before", tags={"k": "v"}, senders=[{"senderId": s} for s in sender_ids(api)[:2]]
    )
    before = (
        state_counts(control),
        api.get(f"/SenderPools/{pool_id}").json(),
        collect(api, f"/SenderPools/{pool_id}/Senders", "senders"),
    )

    response = api.request(method, path.replace(POOL, pool_id), **kwargs)

    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["status"], body["code"]) == (400, 20400)
    assert body["message"].startswith("Invalid")
    if where is not None:
        assert where in [d.get("location") for d in body["details"]], body
    after = (
        state_counts(control),
        api.get(f"/SenderPools/{pool_id}").json(),
        collect(api, f"/SenderPools/{pool_id}/Senders", "senders"),
    )
    assert after == before


UNKNOWN_POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"
UNKNOWN_IDS = [
    ("GET", f"/SenderPools/{UNKNOWN_POOL}", {}),
    ("PATCH", f"/SenderPools/{UNKNOWN_POOL}", {"json": {"name": "x"}}),
    ("DELETE", f"/SenderPools/{UNKNOWN_POOL}", {}),
    ("GET", f"/SenderPools/{UNKNOWN_POOL}/Senders", {}),
    ("POST", f"/SenderPools/{UNKNOWN_POOL}/Senders", {"json": [{"senderId": VALID_SENDER}]}),
    ("DELETE", f"/SenderPools/{UNKNOWN_POOL}/Senders/{VALID_SENDER}", {}),
    ("GET", "/SenderPools/Operations/comms_operation_01h9krwprkeee8fzqspvwy6nq8", {}),
    ("GET", f"/Senders/{VALID_SENDER}", {}),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"), UNKNOWN_IDS, ids=[f"{m} {p}" for m, p, _ in UNKNOWN_IDS]
)
def test_unknown_well_formed_ids_are_404(
    api: httpx.Client, control: httpx.Client, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    before = state_counts(control)
    response = api.request(method, path, **kwargs)
    assert response.status_code == 404, response.text
    assert response.json()["code"] == 20404
    assert "was not found" in response.json()["message"]
    assert state_counts(control) == before


def test_error_details_name_every_problem(api: httpx.Client) -> None:
    response = api.get("/SenderPools", params={"pageSize": 0, "bogus": "1"})
    locations = {d["location"] for d in response.json()["details"]}
    assert locations == {"query.pageSize", "query.bogus"}
    assert "(and 1 more)" in response.json()["message"]


def test_a_body_at_the_limit_is_accepted(api: httpx.Client) -> None:
    ids = sender_ids(api)
    body = {"senders": [{"senderId": i} for i in ids] + _senders(10000 - len(ids))}
    assert len(json.dumps(body)) > 500_000
    _, operation = create_pool(api, **body)
    assert operation["stats"] == {
        "total": 10001,
        "queued": 0,
        "created": 1 + len(ids),
        "failed": 10000 - len(ids),
    }
