"""Parity and recording end to end, as a user runs them: the runner's `parity` subcommand
between emulators over HTTP (one with a deliberate behavioural difference, which the report
must name), and `--record` on a conformance run, whose transcript then replays at 100%."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from contract_tests._target import EMULATOR_ACCOUNTS
from tests.contract.support import CREDENTIALS_ENV, ROOT, server

pytestmark = [pytest.mark.slow, pytest.mark.long_running]

EXPECTED = {
    # variant: (operation, difference) findings that must be in the report
    "delete-answers-204": {("deleteSenderPool", "status_differs")},
    "errors-in-another-shape": {
        ("fetchSenderPool", "error_code_differs"),
        ("fetchSenderPool", "body_shape_differs"),
    },
    "tags-merged": {("fetchSenderPool", "value_differs")},
}


def _runner(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **CREDENTIALS_ENV, **(env or {})},
        timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def _parity(reference: str, other: str, reports: Path) -> tuple[int, str, dict[str, Any]]:
    code, output = _runner(
        "parity",
        "--base-url",
        reference,
        "--against",
        other,
        "--rate-limit",
        "0",
        "--report-dir",
        str(reports),
        # The compared target's credentials have names of their own.
        env={k.replace("TWILIO_", "TWILIO_AGAINST_"): v for k, v in CREDENTIALS_ENV.items()},
    )
    report = reports / "report.json"
    return code, output, json.loads(report.read_text()) if report.exists() else {}


def test_two_intact_emulators_match_at_100_percent(tmp_path: Path) -> None:
    with server("intact") as first, server("intact") as second:
        code, output, report = _parity(first, second, tmp_path)
    assert code == 0, output[-3000:]
    score = report["parityScore"]
    assert score["matching"] == score["total"] > 0
    assert "(100.0%)" in output
    assert "No differences found" in (tmp_path / "report.md").read_text()


@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_each_behavioural_difference_is_named(variant: str, tmp_path: Path) -> None:
    with server(variant) as url:
        code, output, report = _parity("emulator", url, tmp_path)
    assert code == 1, output[-3000:]
    found = {(f["operation"], f["check"]) for f in report["findings"]}
    assert EXPECTED[variant] <= found, sorted(found)
    markdown = (tmp_path / "report.md").read_text()
    for _, check in EXPECTED[variant]:
        assert check in markdown
    junit = (tmp_path / "junit.xml").read_text()
    assert "<failure" in junit
    for token in EMULATOR_ACCOUNTS.values():
        assert token not in markdown + junit + json.dumps(report)


def test_a_recorded_conformance_run_replays_at_100_percent(tmp_path: Path) -> None:
    transcript = tmp_path / "run.json"
    code, output = _runner(
        "--record",
        str(transcript),
        "--report-dir",
        str(tmp_path / "run"),
        "--profile",
        "quick",
        "--",
        "-k",
        "test_workflows",
    )
    assert code == 0, output[-3000:]
    text = transcript.read_text()
    for sid, token in EMULATOR_ACCOUNTS.items():
        assert sid not in text
        assert token not in text
    code, output = _runner(
        "replay", str(transcript), "--base-url", "emulator", "--report-dir", str(tmp_path / "r")
    )
    assert code == 0, output[-3000:]
    assert "(100.0%)" in output
