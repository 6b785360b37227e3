"""The runner's set-up errors exit 2 with a readable message, never 1 (which means drift)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.support import ROOT


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ["--base-url", "ftp://example"],
            {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
            "--base-url must be an http(s) URL",
        ),
        (["--base-url", "http://127.0.0.1:9/v1"], {}, "no credentials"),
        (["--profile", "exhaustive"], {}, "invalid choice"),
        (["--fail-on", "everything"], {}, "invalid choice"),
        (
            ["--base-url", "http://127.0.0.1:9/v1", "--baseline", "/nonexistent/report.json"],
            {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
            "not a readable report.json",
        ),
    ],
)
def test_set_up_errors_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    result = subprocess.run(
        [sys.executable, "-m", "contract_tests", "--report-dir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        timeout=120,
    )
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert message in result.stdout + result.stderr
