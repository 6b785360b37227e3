"""A benchmark server process: the emulator pre-filled with pools, or a bare ASGI ceiling.

    python -m scripts.bench.server emulator --pools 100000 --members 10
    python -m scripts.bench.server bare

Prints one JSON line when ready: {"port", "rss_before_kib", "rss_kib", "pool_ids": [...]}.
Pools are made through the model (the same code the API runs), not over HTTP, so filling
100k pools takes seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import resource
import sys
from typing import Any

from comms_emulator import DEFAULT_ACCOUNT_SID, EmulatorConfig, Progression, create_app
from comms_emulator._net import bind_socket
from comms_emulator._serve import GracefulServer, fast_stack_available, server_config
from comms_spec import Contract


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b'{"id":"comms_senderpool_01h9krwprkeee8fzqspvwy6nq8","name":"bench"}'
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["emulator", "bare"])
    parser.add_argument("--pools", type=int, default=0)
    parser.add_argument("--members", type=int, default=0)
    parser.add_argument("--journal-size", type=int, default=EmulatorConfig().journal_size)
    args = parser.parse_args()
    gc.collect()
    rss_before = rss_kib()
    pool_ids: list[str] = []
    app: Any = bare_app
    if args.kind == "emulator":
        config = EmulatorConfig(self_check=False, journal_size=args.journal_size)
        app = create_app(config, Contract.load())
        gc.collect()
        rss_before = rss_kib()
        account = app.state.world.account(DEFAULT_ACCOUNT_SID)
        senders = [s.id for s in account.all_senders()][: args.members]
        for index in range(args.pools):
            account.create_pool(f"pool-{index}", {"bench": "yes"}, senders, Progression())
        pool_ids = [p.id for p in itertools.islice(account.list_pools({}), 1000)]
        gc.collect()
    sock = bind_socket("127.0.0.1", 0)
    sock.listen(2048)  # before announcing: connections queue until uvicorn accepts them
    ready = {
        "port": sock.getsockname()[1],
        "rss_before_kib": rss_before,
        "rss_kib": rss_kib(),
        "pool_ids": pool_ids,
        # The ceiling and the emulator are served by the same stack and limits as the CLI's.
        "stack": "uvloop + httptools" if fast_stack_available() else "asyncio + h11",
    }
    server = GracefulServer(server_config(app), json.dumps(ready))
    server.run(sockets=[sock])
    sys.exit(0)


if __name__ == "__main__":
    main()
