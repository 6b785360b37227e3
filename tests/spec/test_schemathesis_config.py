"""Plain `st run` (default checks) against the intact emulator and the published spec passes
with the kit's shipped configuration (spec/schemathesis.toml), and fails without it: each of
its rules is needed, and nothing else is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from comms_emulator import EmulatorConfig, create_app
from comms_emulator.threaded import ThreadedEmulator
from comms_spec import Contract

CONFIG = Path(__file__).resolve().parents[2] / "spec" / "schemathesis.toml"

pytestmark = [pytest.mark.slow, pytest.mark.long_running, pytest.mark.loopback]


def _st_run(
    url: str, auth: tuple[str, str], config: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    st = str(Path(sys.executable).parent / "st")
    command = [st, "--config-file", config, "run", f"{url}/openapi.json", "-a", ":".join(auth)]
    # Few examples and a fixed seed: the rules are about kinds of request, and every kind shows
    # up within a handful of examples per operation (the default 100 pass too: the docs page).
    command += ["--max-examples", "5", "--seed", "1", "--generation-database", "none", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=CONFIG.parent)


def test_plain_st_run_passes_with_the_shipped_configuration_only() -> None:
    contract = Contract.load()
    with ThreadedEmulator(create_app(EmulatorConfig(self_check=True), contract)) as emulator:
        shipped = _st_run(emulator.url, emulator.auth, str(CONFIG))
        # Without it, one list is enough to show a rule is needed (an unissued pageToken).
        bare = _st_run(
            emulator.url, emulator.auth, "/dev/null", "--include-operation-id", "listSenders"
        )
    assert shipped.returncode == 0, shipped.stdout[-3000:]
    assert bare.returncode == 1
    assert "Schema-valid request rejected" in bare.stdout
