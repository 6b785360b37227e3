"""URLs the emulator writes come from its configured public URL (or the address it serves on),
never from the request's Host header (issue 12, #6)."""

from __future__ import annotations

import httpx

from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A, MakeEmulator

EVIL = "evil.example"


def _walk(client: httpx.Client) -> list[httpx.Response]:
    """Every kind of response that carries a URL, and a few that could echo one."""
    seen: list[httpx.Response] = []

    def keep(response: httpx.Response) -> httpx.Response:
        seen.append(response)
        return response

    listed = client.get("/v1/Senders", params={"status": "ACTIVATED"}).json()["senders"]
    senders = [{"senderId": s["id"]} for s in listed]
    created = keep(client.post("/v1/SenderPools", json={"name": "p", "senders": senders[:1]}))
    assert created.status_code == 202, created.text
    keep(client.get(created.headers["Location"].replace(_origin(created), "")))
    pool_id = client.get("/v1/SenderPools").json()["senderPools"][0]["id"]
    keep(client.patch(f"/v1/SenderPools/{pool_id}", json={"name": "q"}))
    keep(client.post(f"/v1/SenderPools/{pool_id}/Senders", json=senders[1:2]))
    message = {
        "from": {"senderPoolId": pool_id},
        "to": [{"address": "+12025550100", "channel": "PHONE"}],
        "content": {"text": "hi"},
    }
    keep(client.post("/v1/Messages", json=message))
    keep(client.get("/v1/Messages"))
    keep(client.delete(f"/v1/SenderPools/{pool_id}"))
    keep(client.get("/openapi.json"))
    keep(client.get("/v1/Nowhere"))
    keep(client.get("/_emulator"))  # no trailing slash: no redirect built from Host
    keep(client.get("/v1/SenderPools/"))
    statuses = [r.status_code for r in seen]
    assert statuses == [202, 200, 202, 202, 202, 200, 202, 200, 404, 404, 404], statuses
    return seen


def _origin(response: httpx.Response) -> str:
    location = response.headers["Location"]
    return location[: location.index("/v1/")]


def _assert_never_echoed(responses: list[httpx.Response]) -> None:
    for response in responses:
        for name, value in response.headers.items():
            assert EVIL not in value, (response.request.url, name, value)
        assert EVIL.encode() not in response.content, response.request.url


def test_a_forged_host_header_appears_nowhere(emulator: ThreadedEmulator) -> None:
    with httpx.Client(
        base_url=emulator.url, auth=ACCOUNT_A, headers={"Host": EVIL}, timeout=10
    ) as client:
        responses = _walk(client)
    _assert_never_echoed(responses)
    created = responses[0]
    assert created.headers["Location"].startswith(f"{emulator.url}/v1/")
    assert created.json()["operationLocation"] == created.headers["Location"]


def test_urls_start_with_the_configured_public_url(make_emulator: MakeEmulator) -> None:
    public = "https://emulator.internal.test:9443"
    emulator = make_emulator(public_url=public + "/")
    with httpx.Client(
        base_url=emulator.url, auth=ACCOUNT_A, headers={"Host": EVIL}, timeout=10
    ) as client:
        responses = _walk(client)
        servers = client.get("/openapi.json").json()["servers"]
    _assert_never_echoed(responses)
    assert responses[0].headers["Location"].startswith(f"{public}/v1/SenderPools/Operations/")
    assert servers == [{"url": f"{public}/v1"}, {"url": f"{public}/preview"}]
    reference = next(r for r in responses if r.request.method == "PATCH").json()
    assert reference["resourceLocation"].startswith(f"{public}/v1/SenderPools/")


def test_a_server_address_given_as_a_list_is_read_like_a_tuple() -> None:
    """Schemathesis' in-process transport sends `scope["server"]` as a list: it must not be a
    500 (it was, in every in-process fuzz case)."""
    from comms_emulator.http.origin import PublicOrigin

    origin = PublicOrigin(None)
    assert origin.of({"server": ["emulator.local", 80]}) == "http://emulator.local:80"
    assert origin.of({"server": ("::1", 8080)}) == "http://[::1]:8080"
    assert origin.of({}) == "http://localhost"
