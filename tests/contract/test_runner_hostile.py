"""The runner (`comms-conformance`, as a user runs it) against hostile targets over real
sockets: set-up failures exit 2 with the reason; a target that echoes the credentials gets no
credential into stdout, stderr or any report, in any spelling, every request it sends is
counted, and nothing is written outside the report directory and the kit's cache; SIGTERM
ends the run promptly with its report."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.contract.hostile_targets import hostile
from tests.contract.support import ROOT

# Each test starts the runner in a process of its own: seconds each.
pytestmark = [pytest.mark.slow, pytest.mark.long_running]

SID = "AC" + "e0" * 16
TOKEN = "hostile-token-1"  # "SID:TOKEN" is 50 bytes: its Basic form ends in "=="


def _env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
    return {
        **clean,
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(ROOT),
    }


def _runner(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "contract_tests", "--base-url", url, "--rate-limit", "0", *args]


def _run(
    command: list[str], tmp_path: Path, *, timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The runner (or `command`) to its end, in `cwd` (default `tmp_path`), with this file's
    environment: its output, and its exit code."""
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=cwd or tmp_path,
        env=_env(tmp_path),
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("refuse", "refused the credentials"), ("drop", "cannot reach")],
)
def test_set_up_failures_exit_2_with_the_reason(tmp_path: Path, kind: str, reason: str) -> None:
    with hostile(kind) as server:
        result = _run(
            _runner(server.url, "--report-dir", str(tmp_path / "reports")), tmp_path, timeout=120
        )
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert reason in result.stderr


def test_echoed_credentials_reach_no_output_and_nothing_is_written_elsewhere(
    tmp_path: Path,
) -> None:
    basic = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert basic.endswith("=")
    forms = [TOKEN, basic, basic.rstrip("="), basic.replace("=", "%3D"), TOKEN.encode().hex()]
    forms.append(base64.b64encode(TOKEN.encode()).decode().rstrip("="))
    # Pieces of the Basic value past the SID's part (Schemathesis truncates long values: once,
    # "Basic QUNl...Dpob3N0aW..." carried the token's first characters).
    forms += [basic[i : i + 16] for i in range(44, len(basic) - 16, 4)]
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    with hostile("echo_auth") as server:
        result = _run(
            _runner(
                server.url,
                "--report-dir",
                "reports",
                "--profile",
                "quick",
                "--",
                "-k",
                "test_sender_pagination or test_unknown_ids or test_every_operation_conforms",
            ),
            tmp_path,
            timeout=300,
            cwd=cwd,
        )
        seen = len(server.requests)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]  # drift
    reports = cwd / "reports"
    texts = {
        "stdout": result.stdout,
        "stderr": result.stderr,
        **{p.name: p.read_text() for p in reports.iterdir()},
    }
    assert {"report.json", "report.md", "junit.xml"} <= texts.keys()
    report = json.loads(texts["report.json"])
    assert report["findings"]
    # Every request the run sent is counted: Schemathesis' probes too, and the two before the
    # tests (the control-plane probe and the preflight read).
    assert report["requestsSent"] == seen
    for where, text in texts.items():
        for form in forms:
            assert form not in text, f"a spelling of the credentials in {where}"
    assert sorted(p.name for p in cwd.iterdir()) == ["reports"]  # no .hypothesis/ here


def test_credentials_echoed_as_a_json_writer_escapes_them_reach_no_output(tmp_path: Path) -> None:
    """Each character `\\u`-escaped, split by an escaped line break, the Basic value
    percent-encoded in lower case, the token a list of characters: quoted by a finding (the
    body is not the schema's), in every report and the console. A lone surrogate beside
    them is written too (reports are UTF-8)."""
    basic = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    with hostile("echo_escaped") as server:
        result = _run(
            _runner(
                server.url,
                *("--report-dir", str(tmp_path / "reports"), "--profile", "quick"),
                *("--", "-k", "test_sender_pagination"),
            ),
            tmp_path,
            timeout=300,
        )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]  # drift
    texts = {"stdout": result.stdout, "stderr": result.stderr}
    texts |= {p.name: p.read_text() for p in (tmp_path / "reports").iterdir()}
    assert "'every': '[REDACTED]'" in texts["report.md"]  # the echo was quoted
    # The token's pieces, split where the target split it, and the Basic value's start.
    half = len(TOKEN) // 2
    forms = [TOKEN, TOKEN[:half], TOKEN[half:], basic[:16], "%51%55%4e%6c%4d%47%55%77"]
    for where, text in texts.items():
        for form in forms:
            assert form not in text, f"{form!r} in {where}"


def _stopped(
    server: Any, args: list[str], tmp_path: Path, *, sent: int, signals: int, wait: float
) -> tuple[int, str]:
    """The runner started with `args`, sent SIGTERM `signals` times once the target has seen
    `sent` requests (up to 60 s for that); its exit code and output, within `wait` seconds."""
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env=_env(tmp_path),
    )
    try:
        for _ in range(600):
            if len(server.requests) >= sent or process.poll() is not None:
                break
            time.sleep(0.1)
        assert len(server.requests) >= sent, "the run never reached the target"
        process.send_signal(signal.SIGTERM)
        for _ in range(signals - 1):
            time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=wait)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, output


@pytest.mark.parametrize(("kind", "signals"), [("hang", 1), ("busy", 1), ("hang", 2)])
def test_sigterm_ends_a_stuck_run_with_its_report(tmp_path: Path, kind: str, signals: int) -> None:
    """Stuck waiting for an answer that never ends, or in the 30 s pause a Retry-After of a
    day is honoured for: SIGTERM ends either at once. A second, during the shutdown, ends it
    cleanly too (it once surfaced as a SystemError, raised inside a callback run from C)."""
    reports = tmp_path / "reports"
    # The control-plane probe and the preflight read are answered; every request after them
    # hangs after its headers (or is answered 429, Retry-After: 86400).
    with hostile(kind, healthy_first=2) as server:
        args = _runner(server.url, "--report-dir", str(reports), "--request-deadline", "600")
        # Far below the 600 s deadline, and the 30 s pause (MAX_RETRY_AFTER).
        returncode, output = _stopped(server, args, tmp_path, sent=3, signals=signals, wait=15)
    assert returncode == 2, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "SystemError" not in output, output[-3000:]
    report = json.loads((reports / "report.json").read_text())
    assert "SIGTERM" in report["patience"]["stopped"]


def test_sigterm_stops_every_worker_of_a_workers_run_with_their_reports(tmp_path: Path) -> None:
    """`--workers 2`: the runner passes the stop on to each worker and waits for its report
    (it exited at once saying no test ran, and left its workers sending on their own)."""
    reports = tmp_path / "reports"
    # Each worker's control-plane probe and preflight read are answered; all else hangs.
    with hostile("hang", healthy_setup=True) as server:
        args = _runner(
            server.url, "--report-dir", str(reports), "--workers", "2", "--request-deadline", "600"
        )
        # Both workers' first tests sent; below the 600 s deadline and the 30 s grace.
        returncode, output = _stopped(server, args, tmp_path, sent=6, signals=1, wait=25)
    assert returncode == 2, output[-3000:]
    assert "the workers were stopped" in output
    for worker in ("1of2", "2of2"):
        report = json.loads((reports / "workers" / worker / "report.json").read_text())
        assert "SIGTERM" in report["patience"]["stopped"]
    assert "SIGTERM" in json.loads((reports / "report.json").read_text())["patience"]["stopped"]


def test_sigterm_during_the_set_up_exits_2_with_the_reason(tmp_path: Path) -> None:
    # The control-plane probe is answered; the preflight read trickles its headers.
    with hostile("trickle_head", healthy_first=1, interval=0.5) as server:
        process = subprocess.Popen(
            _runner(server.url, "--report-dir", str(tmp_path / "reports")),
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=_env(tmp_path),
        )
        try:
            for _ in range(300):  # up to 30 s for the preflight to reach the target
                if len(server.requests) >= 2 or process.poll() is not None:
                    break
                time.sleep(0.1)
            assert len(server.requests) == 2, "the preflight never reached the target"
            process.send_signal(signal.SIGTERM)
            _, errors = process.communicate(timeout=15)  # below the 30 s request deadline
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 2, errors[-3000:]
    assert "interrupted before the run started" in errors


def test_a_set_up_error_names_the_url_without_its_credentials(tmp_path: Path) -> None:
    with hostile("drop") as server:
        # Credentials in the URL's user-info, other than the environment's: secrets too.
        url = server.url.replace("//", "//SKkey0001:0ther-s3cret-value@")
        result = _run(
            _runner(url, "--report-dir", str(tmp_path / "reports")),
            tmp_path,
            timeout=120,
        )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "cannot reach http://[REDACTED]:[REDACTED]@127.0.0.1" in result.stderr


def _checked_nothing(tmp_path: Path, budget: str, tests: str, **busy: Any) -> dict[str, Any]:
    """A run against a target busy throughout (`busy`: what it answers first): it exits 2
    saying nothing was checked. Its report."""
    reports = tmp_path / "reports"
    with hostile("busy", **busy) as server:
        result = _run(
            [
                *_runner(server.url, "--report-dir", str(reports), "--busy-wait-budget", budget),
                *("--profile", "quick", "--", "-k", tests),
            ],
            tmp_path,
            timeout=300,
        )
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert "nothing was checked" in result.stderr
    report: dict[str, Any] = json.loads((reports / "report.json").read_text())
    return report


def test_a_run_that_checked_nothing_is_not_a_pass(tmp_path: Path) -> None:
    """A target busy throughout: every test inconclusive, none passed. No drift was found, but
    nothing was checked either: exit 2 with the reason, never 0 (a CI gate would pass)."""
    counts = _checked_nothing(tmp_path, "1", "reads", healthy_first=2)["counts"]
    assert counts["inconclusive"]
    assert not counts.get("passed")


def test_fuzz_tests_against_a_target_busy_throughout_are_not_passes(tmp_path: Path) -> None:
    """Every fuzzed case answered 429: nothing judged, so each fuzz test is inconclusive and
    the run exits 2 (each passed, and the run exited 0)."""
    fuzzed = "test_every_operation_conforms and Resolve"
    tests = _checked_nothing(tmp_path, "0", fuzzed, healthy_setup=True)["tests"]
    assert tests
    assert all("were answered 429/503" in test["reason"] for test in tests.values()), tests


# The runner, sent SIGTERM from inside the first import of one module: the signal lands at
# that point of start-up every time.
_TERM_DURING_IMPORT = """
import importlib.abc, os, signal, sys

class Term(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            os.kill(os.getpid(), signal.SIGTERM)
        return None

sys.meta_path.insert(0, Term())
from contract_tests.cli import main
sys.exit(main(sys.argv[1:]))
"""
# While pytest starts, before the run's own handlers: an import that the suite's conftest
# makes (pytest imports the conftest itself by its path).
_TERM_WHILE_PYTEST_STARTS = _TERM_DURING_IMPORT.format(module="contract_tests._fuzz")


def test_sigterm_while_pytest_starts_stops_the_run_with_its_report(tmp_path: Path) -> None:
    """It raised KeyboardInterrupt inside pytest's start-up: "stopped at once (a second
    interrupt); no report" for the first signal, and once the process died by SIGINT."""
    reports = tmp_path / "reports"
    with hostile("echo_auth") as server:
        result = _run(
            [
                *(sys.executable, "-c", _TERM_WHILE_PYTEST_STARTS, "--base-url", server.url),
                *("--rate-limit", "0", "--report-dir", str(reports), "--profile", "quick"),
            ],
            tmp_path,
            timeout=120,
        )
        sent = len(server.requests)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "second interrupt" not in result.stderr
    assert "SIGTERM" in json.loads((reports / "report.json").read_text())["patience"]["stopped"]
    assert sent == 2  # the probe and the preflight read: no test sent anything


# While the runner's modules load (seconds on a busy machine).
_TERM_WHILE_LOADING = _TERM_DURING_IMPORT.format(module="contract_tests.cli.runner")


def test_sigterm_while_the_runner_loads_exits_2_with_the_reason(tmp_path: Path) -> None:
    """Its default ended the process silently (exit 143, no line) before the runner took it."""
    result = _run(
        [sys.executable, "-c", _TERM_WHILE_LOADING, "--base-url", "http://127.0.0.1:9/v1"],
        tmp_path,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "interrupted before the run started" in result.stderr
