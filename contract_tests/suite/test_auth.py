"""Authentication is required, and one account never sees another's pools."""

from __future__ import annotations

import pytest

from contract_tests._session import ApiSession
from contract_tests._target import Credentials


@pytest.mark.proves(
    "authentication_is_required",
    operations=["listSenderPools", "listSenders", "createSenderPool"],
    provenance="inferred",
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_no_credentials_is_401(api: ApiSession, method: str) -> None:
    if method == "POST" and api.target.read_only:
        pytest.skip("read-only run")
    response = api.request(
        method, "/SenderPools", anonymous=True, json={} if method == "POST" else None
    )
    assert response.status_code == 401, f"answered {response.status_code} without credentials"


@pytest.mark.proves("wrong_credentials_are_401", operations=["listSenders"], provenance="inferred")
def test_wrong_credentials_are_401(api: ApiSession) -> None:
    wrong = Credentials(api.target.credentials.username, "not-the-secret")
    assert api.get("/Senders", credentials=wrong).status_code == 401


@pytest.mark.mutating
@pytest.mark.second_account
@pytest.mark.proves(
    "accounts_are_isolated",
    operations=["fetchSenderPool", "listSenderPools", "updateSenderPool", "deleteSenderPool"],
    provenance="inferred",
)
def test_accounts_are_isolated(api: ApiSession) -> None:
    other = api.target.second_account
    assert other is not None
    pool_id, operation = api.create_pool(name="conformance-isolation")
    assert api.get(f"/SenderPools/{pool_id}", credentials=other).status_code == 404
    listed = api.get(
        "/SenderPools", credentials=other, params={"operationId": operation["id"]}
    ).json()["senderPools"]
    assert listed == [], "another account's pool is listed"
    assert (
        api.request(
            "PATCH", f"/SenderPools/{pool_id}", json={"name": "x"}, credentials=other
        ).status_code
        == 404
    )
    assert api.request("DELETE", f"/SenderPools/{pool_id}", credentials=other).status_code == 404
    assert api.get(f"/SenderPools/{pool_id}").json()["name"] == "conformance-isolation"
