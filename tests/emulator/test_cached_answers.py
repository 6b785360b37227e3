"""Whole answers kept for reuse (`http/render_cache.py`, `http/reply.py`) are never served stale:
writes, fetches and lists of the same pools, pipelined over several connections, with resets
and inventory changes in between, each answered as a sequential model of the account says.
(The cache's unit tests check its rule; this checks the server that serves from it.)"""

from __future__ import annotations

import base64
import json
import random
import socket
from dataclasses import dataclass, field
from typing import Any

import pytest

from comms_emulator.threaded import ThreadedEmulator
from tests.emulator.conftest import ACCOUNT_A, ACCOUNT_B
from tests.emulator.wire import Answer, connect, read_answers, request

AUTH_B = "Basic " + base64.b64encode(":".join(ACCOUNT_B).encode()).decode()
SIDS = {"A": ACCOUNT_A[0], "B": ACCOUNT_B[0]}


@dataclass
class Model:
    """What each account holds: its pools in creation order (the list's order)."""

    pools: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {"A": {}, "B": {}})

    def listed(self, account: str) -> list[dict[str, Any]]:
        return [{"id": pid, **shown} for pid, shown in self.pools[account].items()]


def _as(account: str, method: str, target: str, body: Any = None) -> bytes:
    raw = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": AUTH_B} if account == "B" else None
    return request(method, target, raw, headers=headers)


def _step(account: str, kind: str, pid: str, change: dict[str, Any]) -> bytes:
    if kind == "fetch":
        return _as(account, "GET", f"/v1/SenderPools/{pid}")
    if kind == "list":
        return _as(account, "GET", "/v1/SenderPools?pageSize=1000")
    if kind == "patch":
        return _as(account, "PATCH", f"/v1/SenderPools/{pid}", change)
    return _as(account, "DELETE", f"/v1/SenderPools/{pid}")


def _shown(body: dict[str, Any]) -> dict[str, Any]:
    return {key: body[key] for key in ("id", "name", "tags")}


def _exchange(sock: socket.socket, raws: list[bytes]) -> list[Answer]:
    sock.sendall(b"".join(raws))
    answers, _ = read_answers(sock, most=len(raws))
    assert len(answers) == len(raws)
    return answers


@pytest.mark.slow
def test_pipelined_writes_and_reads_are_never_answered_stale(emulator: ThreadedEmulator) -> None:
    rng = random.Random(22)
    model = Model()
    conns = [connect(emulator.port) for _ in range(3)]
    try:

        def create(account: str) -> None:
            name, tags = f"p{rng.randrange(100)}", {"k": str(rng.randrange(3))}
            [accepted] = _exchange(
                conns[0], [_as(account, "POST", "/v1/SenderPools", {"name": name, "tags": tags})]
            )
            assert accepted.status == 202, accepted.body
            operation = accepted.json()["operationId"]
            [found] = _exchange(
                conns[0], [_as(account, "GET", f"/v1/SenderPools?operationId={operation}")]
            )
            [pool] = found.json()["senderPools"]
            model.pools[account][pool["id"]] = {"name": name, "tags": tags}

        def control(target: str, body: Any) -> None:
            raw = json.dumps(body).encode()
            head = request("POST" if target == "reset" else "PUT", f"/_emulator/{target}", raw)
            [done] = _exchange(conns[1], [head])
            assert done.status == 200, done.body

        for step in range(60):
            account = rng.choice("AB")
            if step % 20 == 19:  # a reset of one account, or an inventory change: both forget
                if rng.random() < 0.5:
                    control("reset", {"account": SIDS[account]})
                else:
                    [senders] = _exchange(conns[1], [_as(account, "GET", "/v1/Senders")])
                    inventory = senders.json()["senders"]
                    control(f"accounts/{SIDS[account]}/senders", {"senders": inventory})
                model.pools[account] = {}
            if len(model.pools[account]) < 3:
                create(account)
            ids = list(model.pools[account])
            batch: list[tuple[str, str, Any]] = []
            for _ in range(rng.randint(3, 8)):
                pid = rng.choice(ids)
                kind = rng.choice(["fetch", "fetch", "list", "patch", "patch", "delete"])
                change: dict[str, Any] = {}
                if rng.random() < 0.7:
                    change["name"] = f"n{rng.randrange(100)}"
                if kind == "patch" and rng.random() < 0.5:
                    change["tags"] = {"t": str(rng.randrange(9))}
                batch.append((kind, pid, change or {"tags": {}}))
            raws = [_step(account, kind, pid, change) for kind, pid, change in batch]
            answers = _exchange(rng.choice(conns), raws)
            pools = model.pools[account]
            for (kind, pid, change), answer in zip(batch, answers, strict=True):
                known = pid in pools
                if kind == "fetch":
                    assert answer.status == (200 if known else 404)
                    if known:
                        assert _shown(answer.json()) == {"id": pid, **pools[pid]}
                elif kind == "list":
                    listed = list(map(_shown, answer.json()["senderPools"]))
                    assert listed == model.listed(account)
                else:
                    assert answer.status == (202 if known else 404), answer.body
                    if known and kind == "patch":
                        pools[pid] = {**pools[pid], **change}
                    elif known:
                        del pools[pid]
    finally:
        for sock in conns:
            sock.close()
