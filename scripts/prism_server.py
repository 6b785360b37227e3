"""Stoplight Prism, the pinned install in scripts/prism/ (package.json and package-lock.json,
`npm ci` in `nox -s tests` and `nox -s bench`), started and stopped for the proxy test
(tests/client/test_prism_proxy.py) and the bench's yardstick (scripts/bench/prism_mock.py)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
PRISM = ROOT / "scripts/prism/node_modules/.bin/prism"
PUBLISHED = ROOT / "spec/published/comms-sender-pools.json"
# Prism's first start on a cold, shared 2-core box takes tens of seconds.
STARTUP_SECONDS = 60.0


class PrismDidNotStart(RuntimeError):
    pass


@contextmanager
def running(
    args: Sequence[str],
    ready: Callable[[], bool],
    *,
    output: IO[bytes] | int = subprocess.DEVNULL,
    env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`prism ARGS` until the block ends, once `ready()` says it serves. Raises
    PrismDidNotStart when it exits first or is not ready within STARTUP_SECONDS."""
    process = subprocess.Popen(
        [str(PRISM), *args], stdout=output, stderr=subprocess.STDOUT, env=env
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not ready():
            if process.poll() is not None:
                raise PrismDidNotStart(f"prism exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise PrismDidNotStart(f"prism not ready after {STARTUP_SECONDS:g} s")
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
