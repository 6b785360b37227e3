"""Memory after 100,000 create/delete cycles: retention keeps a long-running emulator bounded.

    python -m scripts.bench.retention_bench [CYCLES]

Each configuration runs in a fresh process, so its resident set is its own. A cycle is what
a client's create-then-delete costs the models: a pool created (one Operation) and deleted,
with the per-request housekeeping the dispatcher runs before each request. Before issue 12
every Operation was kept forever (877 B per cycle); now at most the cap is kept per account.

A second table drives the whole app (dispatch, validation, the render cache) in process over
ASGI, each scenario in a fresh process: create/list/delete churn with every pool listed (the
render cache holds encodings of pools that are gone), long-named pools listed, deleted and reset,
and sends of long Messages (kept within the byte budget of `Retention.max_bytes`).
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys

from scripts.bench.server import rss_kib

CYCLES = 100_000
CONFIGS = {  # label -> --retention
    "default (7d:50000)": "7d:50000",
    "small cap (7d:1000)": "7d:1000",
    "cap above the cycles (7d:1000000)": "7d:1000000",  # as before issue 12: all kept
}


def _run(retention: str, cycles: int) -> dict[str, int]:
    from comms_emulator import EmulatorConfig, Retention, create_app
    from comms_spec import Contract

    config = EmulatorConfig(retention=Retention.parse(retention))
    world = create_app(config, Contract.load()).state.world
    account = world.account(world.account_sids[0])
    before = rss_kib()
    for _ in range(cycles):
        account.settle(world.progression)
        operation = account.create_pool("cycle", {}, [], world.progression)
        [pool] = account.list_pools({"operationId": operation.id})
        account.settle(world.progression)
        account.delete_pool(pool.id)
    return {"rss_before_kib": before, "rss_kib": rss_kib(), **account.counts()}


API_SCENARIOS = {  # label -> (scenario, count)
    "create/list/delete churn, listed": ("churn", 20_000),
    "150 pools, 64 KiB names, listed, deleted, reset": ("big-names", 150),
    "sends of 60 KB Messages": ("long-messages", 6_000),
}


def _run_api(scenario: str, count: int) -> dict[str, int]:
    import asyncio

    import httpx

    from comms_emulator import EmulatorConfig, create_app
    from comms_spec import Contract

    app = create_app(EmulatorConfig(), Contract.load())
    world = app.state.world
    auth = next(iter(app.state.config.credentials().values()))
    before = rss_kib()

    async def drive() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench/v1", auth=(auth.username, auth.secret)
        ) as api:
            if scenario == "churn":
                for n in range(count):
                    await api.post("/SenderPools", json={"name": f"cycle-{n}"})
                    [pool] = (await api.get("/SenderPools")).json()["senderPools"]
                    await api.delete(f"/SenderPools/{pool['id']}")
            elif scenario == "big-names":
                for n in range(count):
                    await api.post("/SenderPools", json={"name": f"{n}" + "n" * 65_000})
                pools = []
                token = None
                while True:
                    params = {"pageSize": 100, **({"pageToken": token} if token else {})}
                    page = (await api.get("/SenderPools", params=params)).json()
                    pools += page["senderPools"]
                    token = page["pagination"]["next"]
                    if not token:
                        break
                for pool in pools:
                    await api.delete(f"/SenderPools/{pool['id']}")
                world.reset()
                await api.get("/SenderPools")
            else:
                to = [{"address": "+12025550100", "channel": "PHONE"}]
                for n in range(count):
                    content = {"text": f"{n}" + "t" * 60_000}
                    await api.post("/Messages", json={"content": content, "to": to})

    asyncio.run(drive())
    account = world.account(world.account_sids[0])
    cache = app.api._renders.held_bytes  # type: ignore[attr-defined]  # an EmulatorApp
    return {"rss_before_kib": before, "rss_kib": rss_kib(), "cache": cache, **account.counts()}


def _api_table() -> None:
    print("\nThe app over ASGI: resident set after each scenario (one account, defaults)")
    print("| scenario (kept: Operations, pools, Messages)    | kept     | RSS MiB | grown MiB |")
    print("|-------------------------------------------------|----------|---------|-----------|")
    for label, (scenario, count) in API_SCENARIOS.items():
        out = subprocess.run(
            [sys.executable, "-m", "scripts.bench.retention_bench", "--api", scenario, str(count)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        grown = (result["rss_kib"] - result["rss_before_kib"]) / 1024
        kept = result[
            {"churn": "operations", "long-messages": "messages"}.get(scenario, "senderPools")
        ]
        print(f"| {label:<47} | {kept:>8,} | {result['rss_kib'] / 1024:>7.1f} | {grown:>9.1f} |")
    print(
        "Bounds: the render cache holds at most 32 MiB (estimated) and nothing after a reset; "
        "Messages at most 256 MiB (estimated) per account."
    )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(_run(sys.argv[2], int(sys.argv[3]))))
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--api":
        print(json.dumps(_run_api(sys.argv[2], int(sys.argv[3]))))
        return
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else CYCLES
    print(f"\nRetention: resident set after {cycles:,} create/delete cycles (one account)")
    print("| --retention                       | Operations kept | RSS MiB | grown MiB |")
    print("|-----------------------------------|-----------------|---------|-----------|")
    for label, retention in CONFIGS.items():
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "scripts.bench.retention_bench",
                "--run",
                retention,
                str(cycles),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        grown = (result["rss_kib"] - result["rss_before_kib"]) / 1024
        print(
            f"| {label:<33} | {result['operations']:>15,} | {result['rss_kib'] / 1024:>7.1f} "
            f"| {grown:>9.1f} |"
        )
    print(
        "Bound: Operations kept <= the cap of each configuration; memory grows with what is kept."
    )
    _api_table()


if __name__ == "__main__":
    main()
