"""Many clients change the same pools at once: no update is lost, no Operation is seen
half-applied, and every Operation's stats add up. Invariants are checked at the end."""

from __future__ import annotations

import random
import threading
from collections import Counter

import httpx

from tests.emulator.conftest import ACCOUNT_A, MakeEmulator
from tests.emulator.flows import collect

TOGGLERS = 16  # each owns one sender and adds/removes it on every shared pool
BATCHERS = 4  # each creates pools holding its own batch of senders
BATCH = 8
ROUNDS = 12


def _inventory() -> list[dict[str, str]]:
    return [
        {
            "channel": "SMS",
            "address": f"+1415555{i:04d}",
            "status": "ACTIVATED",
            "createdAt": f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z",
        }
        for i in range(TOGGLERS + BATCHERS * BATCH)
    ]


def test_concurrent_membership_changes(make_emulator: MakeEmulator) -> None:
    emulator = make_emulator(inventory=_inventory())
    url = f"{emulator.url}/v1"
    with httpx.Client(base_url=url, auth=ACCOUNT_A) as setup:
        senders = [s["id"] for s in collect(setup, "/Senders", "senders")]
        shared = []
        for name in ("p0", "p1", "p2"):
            operation_id = setup.post("/SenderPools", json={"name": name}).json()["operationId"]
            shared += [
                p["id"]
                for p in collect(setup, "/SenderPools", "senderPools", operationId=operation_id)
            ]
    togglers, batches = senders[:TOGGLERS], senders[TOGGLERS:]
    expected: dict[tuple[str, str], bool] = {}
    statuses: Counter[tuple[str, int]] = Counter()
    violations: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def toggle(index: int) -> None:
        rng = random.Random(index)
        sender = togglers[index]
        with httpx.Client(base_url=url, auth=ACCOUNT_A, timeout=30) as api:
            for _ in range(ROUNDS):
                pool = rng.choice(shared)
                if rng.random() < 0.6:
                    response = api.post(f"/SenderPools/{pool}/Senders", json=[{"senderId": sender}])
                    kind, member = "add", True
                else:
                    response = api.delete(f"/SenderPools/{pool}/Senders/{sender}")
                    kind, member = "remove", False
                with lock:
                    statuses[(kind, response.status_code)] += 1
                    if response.status_code == 202:
                        expected[(pool, sender)] = member

    def create_batches(index: int) -> None:
        mine = batches[index * BATCH : (index + 1) * BATCH]
        with httpx.Client(base_url=url, auth=ACCOUNT_A, timeout=30) as api:
            for _ in range(ROUNDS // 2):
                response = api.post(
                    "/SenderPools",
                    json={"name": f"batch-{index}", "senders": [{"senderId": s} for s in mine]},
                )
                with lock:
                    statuses[("create", response.status_code)] += 1

    def read() -> None:
        with httpx.Client(base_url=url, auth=ACCOUNT_A, timeout=30) as api:
            while not stop.is_set():
                for pool in collect(api, "/SenderPools", "senderPools", pageSize=7):
                    if not pool["name"].startswith("batch-"):
                        continue
                    members = api.get(
                        f"/SenderPools/{pool['id']}/Senders", params={"pageSize": 1000}
                    )
                    count = len(members.json()["senders"])
                    if count != BATCH:
                        with lock:
                            violations.append(f"{pool['id']} visible with {count} members")

    workers = [threading.Thread(target=toggle, args=(i,)) for i in range(TOGGLERS)]
    workers += [threading.Thread(target=create_batches, args=(i,)) for i in range(BATCHERS)]
    readers = [threading.Thread(target=read) for _ in range(2)]
    for thread in workers + readers:
        thread.start()
    for thread in workers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()

    assert violations == []
    # The only refusal possible is removing a sender that is not (or no longer) in the pool.
    assert set(statuses) <= {("add", 202), ("create", 202), ("remove", 202), ("remove", 404)}
    assert statuses[("create", 202)] == BATCHERS * (ROUNDS // 2)
    with httpx.Client(base_url=url, auth=ACCOUNT_A) as api:
        for pool in shared:
            members = {s["id"] for s in collect(api, f"/SenderPools/{pool}/Senders", "senders")}
            assert members == {s for (p, s), m in expected.items() if p == pool and m}
        operations = collect(api, "/SenderPools/Operations", "operations")
        assert len(operations) == 3 + statuses[("add", 202)] + statuses[("create", 202)]
        for operation in operations:
            stats = operation["stats"]
            assert operation["status"] == "COMPLETED"
            assert stats["total"] == stats["queued"] + stats["created"] + stats["failed"]
            assert stats["failed"] == 0
        batch_pools = [
            p for p in collect(api, "/SenderPools", "senderPools") if p["name"].startswith("batch-")
        ]
        assert len(batch_pools) == BATCHERS * (ROUNDS // 2)
