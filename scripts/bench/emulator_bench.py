"""Emulator throughput, latency and memory (`nox -s bench`). Prints tables; asserts nothing.

32 keep-alive connections over loopback from a separate load-generator process; the server is a
single uvicorn worker. Targets (issue 3) are printed next to the measurements.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from comms_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN
from scripts.bench.loadgen import Connection, Result, Scenario, run
from scripts.bench.startup import median_startup

AUTH = (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
MEMBERS = 10


@contextmanager
def server(*args: str) -> Iterator[dict[str, Any]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "scripts.bench.server", *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        yield json.loads(process.stdout.readline())
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        process.stdout.close()


def fetch(pool_ids: list[str]) -> Scenario:
    async def scenario(conn: Connection) -> None:
        status, _ = await conn.request("GET", f"/v1/SenderPools/{random.choice(pool_ids)}")
        assert status == 200

    return scenario


def list_pools(page_size: int) -> Scenario:
    async def scenario(conn: Connection) -> None:
        status, _ = await conn.request("GET", f"/v1/SenderPools?pageSize={page_size}")
        assert status == 200

    return scenario


def deep_list(pool_ids: list[str], page_size: int) -> Scenario:
    """A page from the middle of the collection, via a real `next` token."""
    tokens: list[str] = []

    async def scenario(conn: Connection) -> None:
        if not tokens:
            _, body = await conn.request("GET", f"/v1/SenderPools?pageSize={page_size}")
            tokens.append(json.loads(body)["pagination"]["next"])
        status, _ = await conn.request(
            "GET", f"/v1/SenderPools?pageSize={page_size}&pageToken={tokens[0]}"
        )
        assert status == 200

    return scenario


async def create_and_poll(conn: Connection) -> None:
    status, body = await conn.request("POST", "/v1/SenderPools", {"name": "bench"})
    assert status == 202
    operation_id = json.loads(body)["operationId"]
    status, _ = await conn.request("GET", f"/v1/SenderPools/Operations/{operation_id}")
    assert status == 200


def send_and_poll(pool_ids: list[str], recipients: int) -> Scenario:
    """A send through a pool to `recipients` phones, then one poll of its Operation."""
    to = [{"address": f"+1202555{n:04d}", "channel": "PHONE"} for n in range(recipients)]

    async def scenario(conn: Connection) -> None:
        body = {
            "from": {"senderPoolId": random.choice(pool_ids)},
            "to": to,
            "content": {"text": "x"},
        }
        status, answer = await conn.request("POST", "/v1/Messages", body)
        assert status == 202
        operation_id = json.loads(answer)["operationId"]
        status, _ = await conn.request("GET", f"/v1/Messages/Operations/{operation_id}")
        assert status == 200

    return scenario


async def bare(conn: Connection) -> None:
    status, _ = await conn.request("GET", "/")
    assert status == 200


def measure(port: int, scenario: Scenario) -> Result:
    return asyncio.run(run("127.0.0.1", port, AUTH, scenario, seconds=SECONDS))


def row(name: str, result: Result) -> str:
    return (
        f"| {name:<38} | {result.rate:>8.0f} | {result.percentile(0.5):>7.2f} | "
        f"{result.percentile(0.99):>7.2f} | {result.errors:>6} |"
    )


def main() -> None:
    startup, samples = median_startup(runs=5)
    shown = ", ".join(f"{s:.2f}" for s in samples)
    print(
        f"start-up: launch -> first 200 from /openapi.json: {startup:.2f} s "
        f"(median of 5 launches of `comms-emulator --port 0`: {shown}; target <= 0.40 s)\n"
    )
    print(
        f"Emulator benchmark: 32 connections, {SECONDS:.0f} s per row, loopback, "
        "1 uvicorn worker, self-check off\n"
    )
    print("| scenario                               |   req/s  | p50 ms  | p99 ms  | errors |")
    print("|----------------------------------------|----------|---------|---------|--------|")
    results: dict[str, Result] = {}
    with server("bare") as info:
        results["bare"] = measure(info["port"], bare)
        print(row("bare ASGI app, small JSON (ceiling)", results["bare"]))
    memory: dict[int, dict[str, Any]] = {}
    for pools in (1_000, 100_000):
        with server("emulator", "--pools", str(pools), "--members", str(MEMBERS)) as info:
            memory[pools] = info
            port, ids = info["port"], info["pool_ids"]
            for name, scenario in [
                (f"fetch pool ({pools:,} pools)", fetch(ids)),
                (f"list pools pageSize=50 ({pools:,})", list_pools(50)),
                (f"list pools pageSize=1000 ({pools:,})", list_pools(1000)),
                (f"list page 2, pageSize=50 ({pools:,})", deep_list(ids, 50)),
                (f"create pool + poll operation ({pools:,})", create_and_poll),
                (f"send to 10 via a pool + poll ({pools:,})", send_and_poll(ids, 10)),
            ]:
                results[name] = measure(port, scenario)
                print(row(name, results[name]))
    big = memory[100_000]
    grown_kib = big["rss_kib"] - big["rss_before_kib"]
    memberships = 100_000 * MEMBERS
    print("\nMemory at 100,000 pools with 10 senders each (resident set, after start-up):")
    print(
        f"  {grown_kib / 1024:.0f} MiB for the pools: {grown_kib * 1024 / 100_000:.0f} B per "
        f"pool, {grown_kib * 1024 / memberships:.0f} B per membership (target <= 2048 B)"
    )
    ceiling = results["bare"].rate
    fetch_rate = results["fetch pool (100,000 pools)"].rate
    small, large = (
        results[f"list pools pageSize=50 ({n:,})"].percentile(0.5) for n in (1_000, 100_000)
    )
    small_k, large_k = (
        results[f"list pools pageSize=1000 ({n:,})"].percentile(0.5) for n in (1_000, 100_000)
    )
    print("\nTargets:")
    print(f"  fetch throughput vs ceiling: {fetch_rate / ceiling:.0%} (target >= 50%)")
    print(f"  list p50 at 100k vs 1k, pageSize=50:   {large / small:.2f}x (target <= 1.5x)")
    print(f"  list p50 at 100k vs 1k, pageSize=1000: {large_k / small_k:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
