"""Prism's mock of the published spec as a yardstick for the emulator's fetch (issue 22: the
emulator's fetch-pool throughput should be at least 8x Prism's mock of the same spec).

Prism's docs advise `prism mock -m` (the HTTP server forked from the CLI, so logging does not
slow it) with NODE_ENV=production for speed. Prism 5.16's multiprocess mode cannot start on Node
20 (it reads `require("node:cluster").default`, undefined there: "Cannot read properties of
undefined (reading 'isPrimary')"; the package asks for Node >= 24), and NODE_ENV=production
turns it on by default; so the mock runs single-process with `-m false` and its logging off
(`-v silent`), which removes the cost `-m` exists to move off the serving process. It is loaded
by the same generator as the emulator's rows (wrk where installed, else the Python loadgen), in
the same run. Prism is the pinned install in
scripts/prism/ (`nox -s bench` runs `npm ci` there); without it the row says so and the
multiple is not printed.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from scripts.bench.loadgen import Connection, Scenario
from scripts.ports import free_port
from scripts.prism_server import PRISM, PUBLISHED, PrismDidNotStart, running

# The spec's example SenderPool ID: Prism's mock answers any ID of the documented shape alike.
POOL = "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"
# Prism serves the spec's paths at its root (the spec's server URL carries the /v1).
FETCH_PATH = f"/SenderPools/{POOL}"
# Single process, no logging: see the module's docstring for why not `-m`.
MODE_ARGS = ("mock", "--multiprocess", "false", "--verboseLevel", "silent")
M = TypeVar("M")


def _answers(port: int, basic: str) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{FETCH_PATH}", headers={"Authorization": basic}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def prism_mock(basic: str) -> Iterator[int]:
    """The port of a running `prism mock` of the published spec, answering fetch with 200."""
    port = free_port()
    args = [*MODE_ARGS, "-h", "127.0.0.1", "-p", str(port), str(PUBLISHED)]
    try:
        with running(
            args, lambda: _answers(port, basic), env={**os.environ, "NODE_ENV": "production"}
        ):
            yield port
    except PrismDidNotStart as failed:
        raise RuntimeError(f"prism mock did not answer {FETCH_PATH} with 200: {failed}") from None


async def _fetch(conn: Connection) -> None:
    status, _ = await conn.request("GET", FETCH_PATH)
    assert status == 200


def prism_fetch(
    basic: str,
    measure_get: Callable[[int, list[str], Scenario], tuple[M, str]],
    ceiling: Callable[[], M],
    rounds: int,
) -> list[tuple[M, M, str]] | None:
    """Prism's mock loaded with fetch-pool GETs by `measure_get` (the bench's own), after one
    unreported warm-up round, in `rounds` rounds each measured in turn with `ceiling()`, so both
    meet the same load on the box: [(the ceiling, Prism, the generator)], or None when Prism is
    not installed."""
    if not PRISM.exists():
        return None
    with prism_mock(basic) as port:
        measure_get(port, [FETCH_PATH], _fetch)  # warm-up: Node's JIT, Prism's caches
        measured = []
        for _ in range(rounds):
            bare = ceiling()
            prism, generator = measure_get(port, [FETCH_PATH], _fetch)
            measured.append((bare, prism, generator))
        return measured
