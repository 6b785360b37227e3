"""What the request journal costs (`nox -s bench`). Prints tables; asserts nothing.

Two measurements, on (the default size) and off (`--journal-size 0`):
- fetch throughput over HTTP, the two servers measured in turn, alternating which goes first
  (the ratio is the median of the rounds; on a shared box each row moves by several percent);
- the emulator's own time per fetch, the ASGI app called in-process with no server or client
  around it: the journal's cost undiluted, and steadier than any HTTP row.
Target (issue 23): on within 5% of off.
"""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

from comms_emulator import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    EmulatorConfig,
    Progression,
    create_app,
)
from comms_spec import Contract
from scripts.bench.emulator_bench import MEMBERS, fetch, measure_get, row, server

ROUNDS = 5
POOLS = 1_000
IN_PROCESS_REQUESTS = 50_000
BASIC = b"Basic " + base64.b64encode(f"{DEFAULT_ACCOUNT_SID}:{DEFAULT_AUTH_TOKEN}".encode())


def _app(contract: Contract, journal_size: int) -> tuple[Any, list[str]]:
    app = create_app(EmulatorConfig(journal_size=journal_size), contract)
    account = app.state.world.account(DEFAULT_ACCOUNT_SID)
    for index in range(POOLS):
        account.create_pool(f"pool-{index}", {}, [], Progression())
    return app, [p.id for p in account.list_pools({})][:POOLS]


async def _per_request_us(app: Any, ids: list[str]) -> float:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    headers = [(b"host", b"127.0.0.1:8080"), (b"authorization", BASIC), (b"accept", b"*/*")]
    started = time.perf_counter()
    for index in range(IN_PROCESS_REQUESTS):
        scope = {
            "type": "http",
            "method": "GET",
            "path": f"/v1/SenderPools/{ids[index % len(ids)]}",
            "query_string": b"",
            "headers": list(headers),  # a fresh list per request, as a server builds one
            "server": ("127.0.0.1", 8080),
            "scheme": "http",
        }
        await app(scope, receive, send)
    return (time.perf_counter() - started) / IN_PROCESS_REQUESTS * 1e6


def in_process() -> None:
    contract = Contract.load()
    apps = {"off": _app(contract, 0), "on": _app(contract, EmulatorConfig().journal_size)}
    costs: dict[str, list[float]] = {"off": [], "on": []}
    for _ in range(ROUNDS):
        for name, (app, ids) in apps.items():
            costs[name].append(asyncio.run(_per_request_us(app, ids)))
    off, on = (sorted(costs[n])[ROUNDS // 2] for n in ("off", "on"))
    print(
        f"  in-process fetch, median of {ROUNDS} x {IN_PROCESS_REQUESTS:,}: journal off "
        f"{off:.2f} us, on {on:.2f} us per request (+{on - off:.2f} us)"
    )


def over_http() -> None:
    print(f"\nRequest journal: fetch pool ({POOLS:,} pools), journal on vs off, {ROUNDS} rounds")
    print(
        "| scenario                               | gen |   req/s  | p50 ms  | p99 ms  | errors |"
    )
    print(
        "|----------------------------------------|-----|----------|---------|---------|--------|"
    )
    ratios: list[float] = []
    common = ("emulator", "--pools", str(POOLS), "--members", str(MEMBERS))
    with server(*common) as on, server(*common, "--journal-size", "0") as off:
        for number in range(1, ROUNDS + 1):
            rates = {}
            # Alternating which goes first, so neither always meets a warmer (or busier) box.
            order = [("off", off), ("on", on)]
            for name, info in order if number % 2 else order[::-1]:
                ids = info["pool_ids"]
                paths = [f"/v1/SenderPools/{i}" for i in ids]
                result, gen = measure_get(info["port"], paths, fetch(ids))
                rates[name] = result.rate
                print(row(f"round {number}: fetch, journal {name}", result, gen))
            ratios.append(rates["on"] / rates["off"])
    median = sorted(ratios)[len(ratios) // 2]
    print(f"  fetch with the journal on vs off, median of the rounds: {median:.1%} (target >= 95%)")


def main() -> None:
    over_http()
    in_process()


if __name__ == "__main__":
    main()
