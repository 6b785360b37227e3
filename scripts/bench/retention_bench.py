"""Memory after 100,000 create/delete cycles: retention keeps a long-running emulator bounded.

    python -m scripts.bench.retention_bench [CYCLES]

Each configuration runs in a fresh process, so its resident set is its own. A cycle is what
a client's create-then-delete costs the models: a pool created (one Operation) and deleted,
with the per-request housekeeping the dispatcher runs before each request. Before issue 12
every Operation was kept forever (877 B per cycle); now at most the cap is kept per account.
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


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(_run(sys.argv[2], int(sys.argv[3]))))
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


if __name__ == "__main__":
    main()
