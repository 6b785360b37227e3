"""Read-only checks, safe against any account: inventory listing, pagination, filters,
lookups. They run with --read-only too."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from comms_spec import Contract
from contract_tests._session import ApiSession


@pytest.mark.proves(
    "pagination_visits_every_item_once", operations=["listSenders"], provenance="documented"
)
def test_sender_pagination(api: ApiSession) -> None:
    everything = api.collect("/Senders", "senders", pageSize=1000)
    paged = api.collect("/Senders", "senders", pageSize=2)
    assert [s["id"] for s in paged] == [s["id"] for s in everything]
    last = api.get("/Senders", params={"pageSize": 1000}).json()
    assert last["pagination"]["next"] is None, "next must be null on the last page"


@pytest.mark.proves(
    "page_token_self_rereads_the_page", operations=["listSenders"], provenance="documented"
)
def test_self_token(api: ApiSession) -> None:
    first = api.get("/Senders", params={"pageSize": 1}).json()
    again = api.get(
        "/Senders", params={"pageSize": 1, "pageToken": first["pagination"]["self"]}
    ).json()
    assert again["senders"] == first["senders"]


@pytest.mark.proves("sender_filters_hold", operations=["listSenders"], provenance="documented")
@pytest.mark.parametrize("name", ["channel", "status"])
def test_sender_filters(api: ApiSession, contract: Contract, name: str) -> None:
    everything = api.collect("/Senders", "senders")
    values = contract.enum("SenderCommunicationChannel" if name == "channel" else "SenderStatus")
    for value in values:
        filtered = api.collect("/Senders", "senders", **{name: value})
        assert filtered == [s for s in everything if s[name] == value], f"?{name}={value}"


@pytest.mark.proves("sender_date_filters_hold", operations=["listSenders"], provenance="inferred")
def test_sender_date_window(api: ApiSession) -> None:
    everything = api.collect("/Senders", "senders")
    if len(everything) < 2:
        pytest.skip("the account needs two senders")
    end = datetime.fromisoformat(everything[len(everything) // 2]["createdAt"])
    start = end - timedelta(days=30)
    window = api.collect(
        "/Senders", "senders", startDate=start.isoformat(), endDate=end.isoformat()
    )
    expected = [s for s in everything if start <= datetime.fromisoformat(s["createdAt"]) < end]
    assert [s["id"] for s in window] == [s["id"] for s in expected]


@pytest.mark.proves("fetch_matches_listing", operations=["fetchSender"], provenance="documented")
def test_fetch_sender(api: ApiSession) -> None:
    listed = api.get("/Senders", params={"pageSize": 5}).json()["senders"]
    for sender in listed:
        assert api.get(f"/Senders/{sender['id']}").json() == sender


@pytest.mark.proves(
    "unknown_ids_are_404",
    operations=["fetchSenderPool", "fetchSender", "fetchSenderPoolOperation"],
    provenance="documented",
)
def test_unknown_ids(api: ApiSession, contract: Contract) -> None:
    suffix = "01h9krwprkeee8fzqspvwy6nq8"
    for path, id_schema in (
        ("/SenderPools/", "SenderPoolId"),
        ("/Senders/", "SenderId"),
        ("/SenderPools/Operations/", "OperationId"),
    ):
        path += contract.id_prefix(id_schema) + suffix
        assert api.get(path).status_code == 404, path


@pytest.mark.proves(
    "every_declared_server_serves_the_reads",
    operations=["listSenders", "fetchSender", "listSenderPools", "listSenderPoolOperations"],
    provenance="documented",
)
def test_every_declared_server_serves_the_reads(api: ApiSession) -> None:
    """A smoke pass of the read operations on every other server the spec declares (`/v1`,
    `/preview`), when the run's base URL is one of them: a server can vanish unnoticed
    otherwise. Every answer is validated against the spec, as on the main server."""
    origin, _, version = api.target.api_base.rpartition("/")
    others = [v for v in api.contract.api_versions if v != version]
    if version not in api.contract.api_versions or not others:
        pytest.skip(f"the base URL is not under one of the spec's servers ({version!r})")
    for other in others:
        base = f"{origin}/{other}"
        for path, key in (
            ("/Senders", "senders"),
            ("/SenderPools", "senderPools"),
            ("/SenderPools/Operations", "operations"),
        ):
            listed = api.get(f"{base}{path}", params={"pageSize": 1})
            assert listed.status_code == 200, f"GET /{other}{path} answered {listed.status_code}"
            assert isinstance(listed.json()[key], list)
        sender = api.get(f"{base}/Senders", params={"pageSize": 1}).json()["senders"]
        if sender:
            fetched = api.get(f"{base}/Senders/{sender[0]['id']}")
            assert fetched.status_code == 200, f"GET /{other}/Senders/id: {fetched.status_code}"
