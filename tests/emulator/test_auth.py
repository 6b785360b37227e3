"""Basic auth with account SID + token or API key + secret; accounts are isolated."""

from __future__ import annotations

import base64

import httpx
import pytest

from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A, ACCOUNT_B, API_KEY_A
from tests.emulator.flows import collect, create_pool


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer abc",
        "Basic not-base64!",
        "Basic " + base64.b64encode(b"nocolon").decode(),
        "Basic " + base64.b64encode(f"{ACCOUNT_A[0]}:wrong".encode()).decode(),
        "Basic " + base64.b64encode(f"{ACCOUNT_A[0]}:{ACCOUNT_B[1]}".encode()).decode(),
        "Basic " + base64.b64encode(f"{API_KEY_A[0]}:{ACCOUNT_A[1]}".encode()).decode(),
    ],
    ids=[
        "missing",
        "bearer",
        "garbage",
        "no-colon",
        "wrong-token",
        "other-accounts-token",
        "key-with-account-token",
    ],
)
def test_missing_or_wrong_credentials_are_401(
    emulator: ThreadedEmulator, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    for method, path in [
        ("GET", "/v1/SenderPools"),
        ("POST", "/v1/SenderPools"),
        ("GET", "/preview/Senders"),
    ]:
        response = httpx.request(method, f"{emulator.url}{path}", headers=headers, json={})
        assert response.status_code == 401, (method, path)
        assert response.json()["code"] == 20003
        assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_auth_is_checked_before_validation(emulator: ThreadedEmulator) -> None:
    response = httpx.get(f"{emulator.url}/v1/SenderPools", params={"pageSize": 0})
    assert response.status_code == 401


def test_api_key_acts_for_its_account(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    pool_id, _ = create_pool(api, name="mine")
    with_key = httpx.get(f"{emulator.url}/v1/SenderPools/{pool_id}", auth=API_KEY_A)
    assert with_key.status_code == 200
    assert with_key.json()["name"] == "mine"


def test_accounts_are_isolated(emulator: ThreadedEmulator, api: httpx.Client) -> None:
    senders = [s["id"] for s in collect(api, "/Senders", "senders")]
    pool_id, operation = create_pool(api, senders=[{"senderId": senders[0]}])
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_B) as other:
        assert other.get(f"/SenderPools/{pool_id}").status_code == 404
        assert other.get(f"/SenderPools/{pool_id}/Senders").status_code == 404
        assert other.patch(f"/SenderPools/{pool_id}", json={"name": "x"}).status_code == 404
        assert (
            other.post(
                f"/SenderPools/{pool_id}/Senders", json=[{"senderId": senders[0]}]
            ).status_code
            == 404
        )
        assert other.delete(f"/SenderPools/{pool_id}/Senders/{senders[0]}").status_code == 404
        assert other.delete(f"/SenderPools/{pool_id}").status_code == 404
        assert other.get(f"/SenderPools/Operations/{operation['id']}").status_code == 404
        assert collect(other, "/SenderPools", "senderPools") == []
        assert collect(other, "/SenderPools", "senderPools", operationId=operation["id"]) == []
        assert collect(other, "/SenderPools/Operations", "operations") == []
        # Senders are per-account inventory too: A's sender IDs are unknown to B.
        assert other.get(f"/Senders/{senders[0]}").status_code == 404
        b_op = other.post("/SenderPools", json={"senders": [{"senderId": senders[0]}]}).json()
        assert other.get(b_op["operationLocation"]).json()["stats"]["failed"] == 1
    # A's pool came through untouched.
    assert api.get(f"/SenderPools/{pool_id}").json()["name"] == ""
    assert len(collect(api, f"/SenderPools/{pool_id}/Senders", "senders")) == 1
