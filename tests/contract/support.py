"""Start servers and the conformance runner as separate processes, as a user would; and a
timer for the suite's waiting code that never waits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from contract_tests._target import EMULATOR_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
(FIRST_SID, FIRST_TOKEN), (SECOND_SID, SECOND_TOKEN) = EMULATOR_ACCOUNTS.items()
CREDENTIALS_ENV = {
    "TWILIO_ACCOUNT_SID": FIRST_SID,
    "TWILIO_AUTH_TOKEN": FIRST_TOKEN,
    "TWILIO_SECOND_ACCOUNT_SID": SECOND_SID,
    "TWILIO_SECOND_AUTH_TOKEN": SECOND_TOKEN,
}


@contextmanager
def server(variant: str, *, variance: bool = False) -> Iterator[str]:
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.contract.broken_server",
            variant,
            *(["--variance"] if variance else []),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    ) as process:
        assert process.stdout is not None
        try:
            yield str(json.loads(process.stdout.readline())["url"])
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def runner_command(url: str, report_dir: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "contract_tests",
        "--base-url",
        url,
        "--report-dir",
        str(report_dir),
        "--rate-limit",
        "0",
        *extra,
    ]


def run_conformance(url: str, report_dir: Path, *extra: str) -> tuple[int, str, dict[str, Any]]:
    result = subprocess.run(
        runner_command(url, report_dir, *extra),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **CREDENTIALS_ENV},
        timeout=900,
    )
    report_path = report_dir / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return result.returncode, result.stdout + result.stderr, report


class ManualTimer:
    """A `Timer` whose time moves only when a test sleeps or advances it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds
