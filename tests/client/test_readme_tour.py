"""The generated README's checked tour, as users copy it: it runs against the emulator, and
`mypy --strict` accepts it unchanged."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import twilio_comms_sender_pools
from twilio_comms_sender_pools.api.sender_pools import list_sender_pools

from tests.client.conftest import Emulated

ROOT = Path(__file__).resolve().parents[2]
# The README of the package these tests import (generated/ unless pythonpath says otherwise).
README = Path(twilio_comms_sender_pools.__file__).resolve().parents[1] / "README.md"
TOUR = re.compile(r"<!-- tour -->\n```python\n(.*?)```", re.DOTALL)
SNIPPET = re.compile(r"```python\n(.*?)```", re.DOTALL)
# What the README's shorter snippets take as given (a client, IDs from earlier steps).
PREAMBLE = """\
from twilio_comms_sender_pools import AuthenticatedClient
from twilio_comms_sender_pools.api.sender_pools import (
    fetch_sender_pool,
    fetch_sender_pool_operation,
)

client = AuthenticatedClient(username="AC123", password="secret")
operation_id = pool_id = sender_id = "comms_x"
"""


def tour_source() -> str:
    found = TOUR.search(README.read_text(encoding="utf-8"))
    assert found, "generated/README.md has no <!-- tour --> python block"
    return found.group(1)


def test_the_tour_is_short() -> None:
    lines = [line for line in tour_source().splitlines() if line.strip()]
    body = lines[next(i for i, line in enumerate(lines) if line.startswith("def tour")) :]
    assert len(body) <= 35, len(body)  # the TypeScript SDK's tour is about 35 lines
    assert sum(line.startswith(("from ", "import ")) for line in lines) <= 8


def test_the_tour_runs_against_the_emulator(
    emulated: Emulated, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, object] = {"__name__": "tour"}
    exec(compile(tour_source(), "README.md:tour", "exec"), namespace)
    tour = namespace["tour"]
    assert callable(tour)
    with emulated.client() as client:
        tour(client, "+12025550100")
        remaining = list(list_sender_pools.sync_all(client=client))
    printed = capsys.readouterr().out
    assert "created: COMPLETED 3 failed: 0" in printed
    assert "'team': 'growth'" in printed
    assert "sent: COMPLETED 1 unaddressable: 0" in printed
    assert "gone: 404 20404" in printed
    assert remaining == []


def _mypy_strict(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(cwd / ".mypy_cache"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={**os.environ, "MYPYPATH": str(README.parent)},
    )


@pytest.mark.slow
def test_the_tour_passes_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "tour.py"
    script.write_text(tour_source(), encoding="utf-8")
    result = _mypy_strict([script], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_every_client_snippet_passes_mypy_strict(tmp_path: Path) -> None:
    """The other snippets of the package README and the kit's page on the generated client,
    each after PREAMBLE, as user code."""
    client_part = (ROOT / "docs/sdk-authors/generated-client.md").read_text(encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    tour = TOUR.search(text)
    snippets = [
        *(s for s in SNIPPET.findall(text) if not tour or s != tour.group(1)),
        *SNIPPET.findall(client_part),
    ]
    assert len(snippets) >= 6
    files = []
    for n, snippet in enumerate(snippets):
        files.append(tmp_path / f"snippet_{n}.py")
        files[-1].write_text(PREAMBLE + snippet, encoding="utf-8")
    result = _mypy_strict(files, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
