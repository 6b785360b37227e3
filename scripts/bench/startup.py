"""Start-up time: launch `comms-emulator --port 0` -> first 200 from /openapi.json.

    python -m scripts.bench.startup [RUNS]

SDK authors start the emulator from test fixtures, so this is the wait every test session
pays. Each run is a fresh process (nothing warm but the OS file cache and the bytecode cache);
the median is reported.

An installed emulator starts from compiled bytecode: pip compiles it at install, and Python
writes it on first import. Here the launches run with bytecode caching on, after one uncounted
launch that writes it: a `PYTHONDONTWRITEBYTECODE` around the bench (with a venv uv installed
without compiling, its default) would otherwise have every launch compile every module from
source again, which is about half the start-up and not what an installed emulator pays.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from comms_emulator.cli import READY_PREFIX


def _command() -> list[str]:
    script = Path(sys.executable).parent / "comms-emulator"
    if script.exists():
        return [str(script)]
    found = shutil.which("comms-emulator")
    return [found] if found else [sys.executable, "-m", "comms_emulator"]


def _environment() -> dict[str, str]:
    """This process's environment, with bytecode caching on (the module docstring says why)."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def launch_to_first_200(command: list[str] | None = None) -> float:
    """Seconds from starting the process to a 200 from its /openapi.json."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*(command or _command()), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=_environment(),
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith(READY_PREFIX):
            raise RuntimeError(f"unexpected first line from the emulator: {line!r}")
        url = line[len(READY_PREFIX) :].split()[0]
        with urllib.request.urlopen(f"{url}/openapi.json", timeout=10) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"/openapi.json answered {response.status}")
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def median_startup(runs: int = 5) -> tuple[float, list[float]]:
    launch_to_first_200()  # uncounted: writes the bytecode cache the counted launches read
    samples = [launch_to_first_200() for _ in range(runs)]
    return statistics.median(samples), samples


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    median, samples = median_startup(runs)
    shown = ", ".join(f"{s:.2f}" for s in samples)
    print(f"start-up: launch -> first 200 from /openapi.json: {median:.2f} s median ({shown})")


if __name__ == "__main__":
    main()
