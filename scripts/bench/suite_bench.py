"""Contract-suite speed (`nox -s bench`): requests per second and wall time per profile,
in-process and over HTTP. Prints a table; asserts nothing. BENCH_NIGHTLY=1 adds `nightly`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(profile: str, transport: str) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        if transport == "in-process":
            command = [
                sys.executable,
                "-m",
                "pytest",
                "contract_tests/suite",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--profile={profile}",
                f"--report-dir={tmp}",
            ]
        else:  # the runner's default: the built-in emulator over HTTP
            command = [
                sys.executable,
                "-m",
                "contract_tests",
                f"--profile={profile}",
                f"--report-dir={tmp}",
            ]
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        wall = time.perf_counter() - started
        report = json.loads((Path(tmp) / "report.json").read_text())
    return wall, report["requestsSent"], sum(report["counts"].values())


def main() -> None:
    profiles = ["quick", "default"] + (["nightly"] if os.environ.get("BENCH_NIGHTLY") else [])
    print("\nContract suite: wall time per profile (2 cores; target: default < 180 s)\n")
    print("| profile  | transport  | wall s | requests | requests/s | tests |")
    print("|----------|------------|--------|----------|------------|-------|")
    for profile in profiles:
        for transport in ("in-process", "over HTTP"):
            wall, requests, tests = run(profile, transport)
            print(
                f"| {profile:<8} | {transport:<10} | {wall:>6.1f} | {requests:>8} | "
                f"{requests / wall:>10.0f} | {tests:>5} |"
            )


if __name__ == "__main__":
    main()
