"""The request journal (GET/DELETE /_emulator/requests): what the API received, filtered,
newest last, credentials redacted, bounded."""

from __future__ import annotations

import base64
import gc
import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from comms_emulator.cli import build_parser, config_from_args
from comms_emulator.harness import AsgiEmulator, LiveEmulator
from comms_emulator.http.journal import RequestJournal
from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A, ACCOUNT_B, API_KEY_A, MakeEmulator


def _journal(control: httpx.Client, **query: str) -> dict[str, Any]:
    response = control.get("/requests", params=query)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_it_lists_what_the_api_received_newest_last(
    emulator: ThreadedEmulator, api: httpx.Client, control: httpx.Client
) -> None:
    api.get("/Senders", params={"channel": "SMS", "pageSize": 2})
    api.post("/SenderPools", json={"name": "journalled", "tags": {"team": "a"}})
    api.get("/SenderPools/comms_senderpool_not-an-id")
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_B, timeout=10) as other:
        other.get("/SenderPools")
    listed = _journal(control)
    entries = listed["requests"]
    assert [(e["method"], e["operationId"], e["status"]) for e in entries] == [
        ("GET", "listSenders", 200),
        ("POST", "createSenderPool", 202),
        ("GET", "fetchSenderPool", 400),
        ("GET", "listSenderPools", 200),
    ]
    first, create, bad, _ = entries
    assert first["path"] == "/v1/Senders"
    assert first["query"] == [["channel", "SMS"], ["pageSize", "2"]]
    assert first["account"] == ACCOUNT_A[0]
    assert first["credential"] == {"scheme": "Basic", "username": ACCOUNT_A[0]}
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert create["body"] == {"name": "journalled", "tags": {"team": "a"}}
    assert create["headers"]["content-type"] == "application/json"
    # The request's spec violations, as the 400 named them.
    assert bad["violations"]
    assert all("location" in v and "message" in v for v in bad["violations"])
    assert listed["recorded"] == 4
    assert listed["dropped"] == 0

    # Filters: operation, account, since (inclusive), and all at once.
    by_op = _journal(control, operationId="createSenderPool")["requests"]
    assert [e["seq"] for e in by_op] == [2]
    by_account = _journal(control, account=ACCOUNT_B[0])["requests"]
    assert [e["seq"] for e in by_account] == [4]
    since = _journal(control, since=create["time"])["requests"]
    assert since[0]["seq"] <= 2
    assert 4 in [e["seq"] for e in since]
    future = _journal(control, since="2999-01-01T00:00:00Z")["requests"]
    assert future == []

    cleared = control.delete("/requests")
    assert cleared.status_code == 200
    assert _journal(control)["requests"] == []
    api.get("/Senders")
    assert [e["seq"] for e in _journal(control)["requests"]] == [1]


def test_credentials_are_redacted_wherever_they_appear(
    emulator: ThreadedEmulator, control: httpx.Client
) -> None:
    secret = ACCOUNT_A[1]
    basic = base64.b64encode(f"{ACCOUNT_A[0]}:{secret}".encode()).decode()
    key_basic = base64.b64encode(f"{API_KEY_A[0]}:{API_KEY_A[1]}".encode()).decode()
    with httpx.Client(base_url=f"{emulator.url}/v1", timeout=10) as http:
        http.get("/Senders", headers={"Authorization": f"Basic {basic}", "Cookie": "s=1"})
        http.get("/Senders", auth=API_KEY_A, params={"pageToken": secret})
        # A client that leaks a secret into a body or a stray header still gets it hidden.
        http.post(
            "/SenderPools",
            auth=ACCOUNT_A,
            json={"name": secret, "tags": {"t": API_KEY_A[1]}},
            headers={"X-Debug-Token": secret},
        )
        http.get("/Senders", auth=(ACCOUNT_A[0], "wrong-secret"))
    text = control.get("/requests").text
    for leaked in (secret, basic, key_basic, API_KEY_A[1]):
        assert leaked not in text
    entries = json.loads(text)["requests"]
    assert entries[0]["headers"]["authorization"] == "Basic [REDACTED]"
    assert entries[0]["headers"]["cookie"] == "[REDACTED]"
    assert entries[1]["credential"] == {"scheme": "Basic", "username": API_KEY_A[0]}
    assert entries[1]["account"] == ACCOUNT_A[0]  # the key's account
    assert entries[1]["query"] == [["pageToken", "[REDACTED]"]]
    assert entries[2]["body"] == {"name": "[REDACTED]", "tags": {"t": "[REDACTED]"}}
    assert entries[2]["headers"]["x-debug-token"] == "[REDACTED]"
    # Refused credentials: the username shows who tried, the account is None.
    assert (entries[3]["status"], entries[3]["account"]) == (401, None)
    assert entries[3]["credential"]["username"] == ACCOUNT_A[0]


def test_injected_faults_are_marked(
    emulator: ThreadedEmulator, api: httpx.Client, control: httpx.Client
) -> None:
    control.post("/faults", json={"status": 503, "operationId": "listSenders", "count": 1})
    assert api.get("/Senders").status_code == 503
    assert api.get("/Senders").status_code == 200
    first, second = _journal(control, operationId="listSenders")["requests"]
    assert (first["status"], first["fault"]) == (503, 503)
    assert "fault" not in second


def test_a_body_no_answer_could_carry_is_shown_as_text(
    emulator: ThreadedEmulator, api: httpx.Client, control: httpx.Client
) -> None:
    # An escaped lone surrogate: refused by the API, and kept by the journal; reading it back
    # was a 500 for as long as the entry stayed (the journal's JSON cannot hold the string).
    body = b'{"name": "\\ud800"}'
    headers = {"Content-Type": "application/json"}
    assert api.post("/SenderPools", content=body, headers=headers).status_code == 400
    [entry] = _journal(control)["requests"]
    assert entry["body"] == body.decode()


def test_a_kept_refusal_does_not_keep_its_request_alive(
    emulator: ThreadedEmulator, api: httpx.Client
) -> None:
    # The raised error was kept, and its traceback's frames held the request's parsed body:
    # each rejected 490 KB send held 3 MiB, 1,000 of them ~3 GiB.
    marker = f"kept-{uuid.uuid4().hex}"
    to = [{"address": "+12025550100", "channel": "PHONE"}, {"address": 1}]
    sent = api.post("/Messages", json={"to": to, "content": {"text": "x"}, "tags": {marker: "v"}})
    assert sent.status_code == 400
    gc.collect()
    # (The body's top dict holds lists, so the collector tracks it; its `tags` it may not.)
    alive = [
        o
        for o in gc.get_objects()
        if isinstance(o, dict) and isinstance(o.get("tags"), dict) and marker in o["tags"]
    ]
    assert not alive


def test_bad_filters_are_refused(emulator: ThreadedEmulator, control: httpx.Client) -> None:
    assert control.get("/requests", params={"operation": "x"}).status_code == 400
    response = control.get("/requests", params={"since": "yesterday"})
    assert response.status_code == 400
    assert "RFC 3339" in response.json()["message"]


@pytest.mark.slow
def test_it_stays_bounded_under_load(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(journal_size=50)

    def hammer(worker: int) -> list[int]:
        with httpx.Client(base_url=f"{emulator.url}/v1", auth=ACCOUNT_A, timeout=10) as http:
            return [http.get("/Senders", params={"w": worker}).status_code for _ in range(40)]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for batch in pool.map(hammer, range(8)) for s in batch]
    assert len(statuses) == 320
    with httpx.Client(base_url=f"{emulator.url}/_emulator", timeout=10) as control:
        listed = control.get("/requests").json()
    assert listed["capacity"] == 50
    assert listed["recorded"] == 320
    assert listed["dropped"] == 270
    # The newest 50, in order.
    assert [e["seq"] for e in listed["requests"]] == list(range(271, 321))


def test_size_zero_turns_it_off(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(journal_size=0)
    with httpx.Client(base_url=emulator.url, auth=ACCOUNT_A, timeout=10) as http:
        assert http.get("/v1/Senders").status_code == 200
        listed = http.get("/_emulator/requests").json()
    assert listed == {"requests": [], "capacity": 0, "recorded": 0, "dropped": 0}


def test_the_cli_sizes_it() -> None:
    parser = build_parser()
    assert config_from_args(parser.parse_args([]), {}).journal_size == 1000
    assert config_from_args(parser.parse_args(["--journal-size", "0"]), {}).journal_size == 0
    for bad in ("-1", "many", "1.5"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--journal-size", bad])


def test_the_pytest_fixtures_expose_it(comms_emulator_asgi: AsgiEmulator) -> None:
    with comms_emulator_asgi.client() as http:
        http.get("/Senders", params={"channel": "SMS"})
        http.get("/SenderPools")
    [sent] = comms_emulator_asgi.requests(op_id="listSenders")
    assert ["channel", "SMS"] in sent["query"]
    assert len(comms_emulator_asgi.requests()) == 2
    assert comms_emulator_asgi.requests(account="AC" + "f" * 32) == []
    comms_emulator_asgi.clear_requests()
    assert comms_emulator_asgi.requests() == []


def test_each_plugin_test_starts_with_an_empty_journal(comms_emulator: LiveEmulator) -> None:
    with httpx.Client(base_url=comms_emulator.base_url, timeout=10) as http:
        http.get("/Senders", auth=comms_emulator.auth)
    assert len(comms_emulator.requests()) == 1
    comms_emulator.reset()
    assert comms_emulator.requests() == []


def test_the_journal_is_rendered_off_the_event_loop(
    api: httpx.Client, control: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full journal (1,000 requests with 16 KiB heads and bodies) is ~25 MB of JSON, ~0.2 s
    to render: on the event loop, every other client waited that long per GET."""
    threads: list[str] = []
    real = RequestJournal.entries

    def entries(self: RequestJournal, **filters: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(self, **filters)

    monkeypatch.setattr(RequestJournal, "entries", entries)
    assert api.get("/Senders", params={"pageSize": 1}).status_code == 200
    listed = control.get("/requests")
    assert listed.status_code == 200
    assert listed.json()["requests"][-1]["path"] == "/v1/Senders"
    # Not the thread serving the event loop (`ThreadedEmulator`'s), nor this test's.
    assert threads
    assert not threads[0].startswith("comms-emulator:")
    assert threads[0] != threading.current_thread().name


def test_readers_of_the_journal_take_turns(
    emulator: ThreadedEmulator, control: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each render of a full journal holds ~150 MB and shares the interpreter with every other
    client: eight readers at once took the process to 0.65 GB and another client's fetch to
    300 ms. Renders run one at a time."""
    active: list[int] = []
    overlap: list[int] = []
    real = RequestJournal.entries

    def entries(self: RequestJournal, **filters: Any) -> Any:
        active.append(1)
        overlap.append(len(active))
        # Long enough for readers started together to meet here, if they may.
        threading.Event().wait(0.05)
        active.pop()
        return real(self, **filters)

    monkeypatch.setattr(RequestJournal, "entries", entries)

    def read(_: int) -> int:
        with httpx.Client(base_url=f"{emulator.url}/_emulator", timeout=10) as client:
            return client.get("/requests").status_code

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(read, range(3))) == [200] * 3
    assert len(overlap) == 3
    assert max(overlap) == 1
