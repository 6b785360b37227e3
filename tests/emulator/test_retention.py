"""Operations and Messages expire (TTL and per-account cap); pools and senders never do. The
clock is injected, so nothing sleeps."""

from __future__ import annotations

import gc
import weakref

import httpx
import pytest

from comms_emulator import ManualClock, Retention
from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A, MakeEmulator
from tests.emulator.flows import collect, create_pool, sender_ids

TEXT = {"text": "hi"}
RECIPIENT = [{"address": "+12025550100", "channel": "PHONE"}]


def test_operations_and_messages_expire_after_the_ttl(make_emulator: MakeEmulator) -> None:
    clock = ManualClock()
    emulator = make_emulator(clock=clock, retention=Retention(ttl_seconds=60, max_records=100))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        pool_id, operation = create_pool(
            api, name="kept", senders=[{"senderId": sender_ids(api)[0]}]
        )
        sent = api.post("/Messages", json={"content": TEXT, "to": RECIPIENT})
        assert sent.status_code == 202, sent.text
        message_operation = sent.json()["operationLocation"]
        assert len(collect(api, "/Messages", "messages")) == 1
        clock.advance(59.999)
        assert api.get(f"/SenderPools/Operations/{operation['id']}").status_code == 200
        assert api.get(message_operation).status_code == 200
        clock.advance(0.002)
        assert api.get(f"/SenderPools/Operations/{operation['id']}").status_code == 404
        assert api.get(message_operation).status_code == 404
        assert collect(api, "/Messages", "messages") == []
        assert collect(api, "/SenderPools/Operations", "operations") == []
        # The pool is a resource, not history: it stays.
        assert api.get(f"/SenderPools/{pool_id}").status_code == 200


def test_the_cap_drops_the_oldest_first(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(retention=Retention(max_records=3))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        ids = [api.post("/SenderPools", json={}).json()["operationId"] for _ in range(5)]
        kept = [o["id"] for o in collect(api, "/SenderPools/Operations", "operations")]
        assert sorted(kept) == sorted(ids[2:])
        for _ in range(3):
            api.post("/Messages", json={"content": TEXT, "to": RECIPIENT * 2})
        assert len(collect(api, "/Messages", "messages")) == 3
        assert len(collect(api, "/Messages/Operations", "operations")) == 3
        assert len(collect(api, "/SenderPools", "senderPools")) == 5


def test_create_delete_cycles_leave_nothing_beyond_the_cap(make_emulator: MakeEmulator) -> None:
    """The issue's leak: every create/delete cycle kept its Operation (and its pool links)."""
    emulator = make_emulator(retention=Retention(max_records=10))
    sid = emulator.auth[0]
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        for _ in range(40):
            pool_id, _ = create_pool(api, name="cycle")
            assert api.delete(f"/SenderPools/{pool_id}").status_code == 202
    account = emulator.app.state.world.account(sid)
    assert account.counts()["operations"] == 10
    assert len(account._operation_pools) <= 10  # the links of expired Operations went too


def test_messages_are_also_kept_within_a_byte_budget(make_emulator: MakeEmulator) -> None:
    """The count cap alone let 50,000 long Messages take tens of GiB: bytes bound them too."""
    text = {"text": "x" * 60_000}
    emulator = make_emulator(retention=Retention(max_records=1000, max_bytes=200_000))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        for _ in range(6):
            assert api.post("/Messages", json={"content": text, "to": RECIPIENT}).status_code == 202
        kept = collect(api, "/Messages", "messages")
    assert len(kept) == 3  # 3 x ~60 KB fit in 200 KB; the oldest went first


@pytest.mark.slow
def test_recipient_variables_count_in_the_byte_budget(make_emulator: MakeEmulator) -> None:
    """A Message keeps its recipient's variables; the byte budget did not count them, so
    Messages of many long variables were bounded by count alone."""
    variables = {f"v{n}": "x" * 500 for n in range(100)}  # ~50 KB, the most a recipient has
    to = [{**RECIPIENT[0], "variables": variables}]
    emulator = make_emulator(retention=Retention(max_records=1000, max_bytes=200_000))
    with httpx.Client(base_url=f"{emulator.url}/v1", auth=emulator.auth, timeout=10) as api:
        for _ in range(6):
            sent = api.post("/Messages", json={"content": {"text": "hi"}, "to": to})
            assert sent.status_code == 202
        kept = collect(api, "/Messages", "messages")
    assert len(kept) == 3  # 3 x ~63 KB fit in 200 KB; the oldest went first


def test_a_reset_frees_the_old_account_at_once(
    emulator: ThreadedEmulator, api: httpx.Client, control: httpx.Client
) -> None:
    """The old account was kept alive by reference cycles (its Message book held it, pending
    work held closures over it), freed only by the garbage collector's rare full pass: a
    reset after ~256 MiB of Messages left them resident, and the next round doubled the
    process. Now it goes when the reset replaces it."""
    to = [{"address": "+12025550100", "channel": "PHONE"}]
    assert api.post("/Messages", json={"to": to, "content": {"text": "a"}}).status_code == 202
    control.put("/progression", json={"progression": "polls:5"})
    assert api.post("/Messages", json={"to": to, "content": {"text": "b"}}).status_code == 202
    assert api.post("/SenderPools", json={"name": "pending"}).status_code == 202
    old = weakref.ref(emulator.app.state.world.account(ACCOUNT_A[0]))
    gc.disable()  # what refcounting frees, without the collector's help
    try:
        assert control.post("/reset").status_code == 200
        assert old() is None
    finally:
        gc.enable()
