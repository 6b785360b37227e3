"""Documented limits: just past them is a 400 with the Error body; exactly at them works."""

from __future__ import annotations

from typing import Any

import pytest

from comms_spec import Contract
from contract_tests._session import ApiSession

# Well-formed Sender IDs no account has, with the run's contract's prefix (built in the test:
# nothing of a run is known when the module is imported).
SENDER_ID_TAIL = "01h9krwprkeee8fzqspvwy6n"


class FakeSenders(int):
    """A `senders` list of this many well-formed IDs, built in the test."""

    def build(self, contract: Contract) -> list[dict[str, str]]:
        return _fake_senders(contract, self)


def _fake_senders(contract: Contract, count: int) -> list[dict[str, str]]:
    head = contract.id_prefix("SenderId") + SENDER_ID_TAIL
    return [{"senderId": f"{head}{i:04d}"} for i in range(count)]


OVER_THE_LIMIT: list[tuple[str, str, str, dict[str, Any]]] = [
    ("pageSize-0", "GET", "/SenderPools", {"params": {"pageSize": 0}}),
    ("pageSize-1001", "GET", "/Senders", {"params": {"pageSize": 1001}}),
    ("eleven-tags", "POST", "/SenderPools", {"json": {"tags": {f"k{i}": "v" for i in range(11)}}}),
    ("tag-key-129", "POST", "/SenderPools", {"json": {"tags": {"k" * 129: "v"}}}),
    ("tag-value-257", "POST", "/SenderPools", {"json": {"tags": {"k": "v" * 257}}}),
    ("tag-value-pattern", "POST", "/SenderPools", {"json": {"tags": {"k": "not allowed"}}}),
    ("10001-senders", "POST", "/SenderPools", {"json": {"senders": FakeSenders(10001)}}),
    ("bad-sender-id", "POST", "/SenderPools", {"json": {"senders": [{"senderId": "x"}]}}),
    ("bad-operation-filter", "GET", "/SenderPools", {"params": {"operationId": "op_1"}}),
    ("bad-channel", "GET", "/Senders", {"params": {"channel": "FAX"}}),
    ("bad-date", "GET", "/Senders", {"params": {"startDate": "yesterday"}}),
]


@pytest.mark.proves(
    "documented_limits_are_rejected",
    operations=["createSenderPool", "listSenderPools", "listSenders"],
    provenance="documented",
)
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [c[1:] for c in OVER_THE_LIMIT],
    ids=[c[0] for c in OVER_THE_LIMIT],
)
def test_past_the_limit_is_400(
    api: ApiSession, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    if method != "GET" and api.target.read_only:
        pytest.skip("read-only run")
    body = kwargs.get("json")
    if isinstance(body, dict) and isinstance(body.get("senders"), FakeSenders):
        kwargs = {**kwargs, "json": {**body, "senders": body["senders"].build(api.contract)}}
    response = api.request(method, path, **kwargs)
    if response.status_code == 202:  # drift: it created something; make sure cleanup finds it
        api.adopt(response.json()["operationLocation"])
    assert response.status_code == 400, f"accepted with {response.status_code}"


@pytest.mark.mutating
@pytest.mark.proves(
    "documented_limits_are_accepted", operations=["createSenderPool"], provenance="documented"
)
def test_exactly_at_the_limits_is_accepted(api: ApiSession) -> None:
    tags = {f"k{i}": "v" for i in range(9)}  # + the run tag = 10
    tags["k" * 128] = "v" * 256
    tags.pop("k0")
    pool_id, operation = api.create_pool(senders=_fake_senders(api.contract, 10000), tags=tags)
    assert operation["stats"]["total"] >= 10000
    assert len(api.get(f"/SenderPools/{pool_id}").json()["tags"]) == 10


@pytest.mark.proves(
    "page_size_limits_are_accepted", operations=["listSenders"], provenance="documented"
)
@pytest.mark.parametrize("size", [1, 1000])
def test_page_size_bounds(api: ApiSession, size: int) -> None:
    page = api.get("/Senders", params={"pageSize": size}).json()
    assert len(page["senders"]) <= size
