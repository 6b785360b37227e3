"""The suite's pytest plugin: options, the target, safety and cleanup, findings."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from schemathesis.schemas import BaseSchema

from comms_spec import Contract
from contract_tests._context import ConformanceRun, RunContext, context, set_context
from contract_tests._fuzz import Fuzzer
from contract_tests._parity import Recorder, save, start_recording
from contract_tests._patience import DEFAULT_OPERATION_TIMEOUT, DEFAULT_WINDOW
from contract_tests._safety import Ledger
from contract_tests._schema import run_schema
from contract_tests._session import ApiSession
from contract_tests._target import Target, TargetError, target_from_options
from contract_tests.baseline import load_baseline
from contract_tests.divergences import MARKERS, skip_reason
from contract_tests.findings import findings_for
from contract_tests.impact import DEFAULT_FAIL_ON, IMPACTS
from contract_tests.profiles import PROFILES, Profile
from contract_tests.redaction import Redactor
from contract_tests.reporting import ReportWriter


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Twilio Comms conformance suite")
    group.addoption(
        "--base-url",
        default=os.environ.get("COMMS_BASE_URL"),
        help="target API (default: the emulator, in-process)",
    )
    group.addoption("--profile", default="default", choices=sorted(PROFILES))
    group.addoption("--read-only", action="store_true", help="never send a mutating request")
    group.addoption(
        "--rate-limit",
        type=float,
        default=None,
        help="requests per second; 0 for unlimited (default: 5 against a URL)",
    )
    group.addoption(
        "--owned-target",
        action="store_true",
        help="the --base-url is a scratch emulator this run started and may reset",
    )
    group.addoption(
        "--allow-sending",
        action="store_true",
        help="also send Messages to a target other than the built-in emulator (real messages!)",
    )
    group.addoption(
        "--send-to",
        action="append",
        default=[],
        metavar="ADDRESS:CHANNEL",
        help="a recipient the send tests may message with --allow-sending (repeatable)",
    )
    group.addoption(
        "--consistency-window",
        type=float,
        default=DEFAULT_WINDOW,
        metavar="SECONDS",
        help="how long a list may lag a write (and show stale items) before it is drift "
        f"(default {DEFAULT_WINDOW:g})",
    )
    group.addoption(
        "--operation-timeout",
        type=float,
        default=DEFAULT_OPERATION_TIMEOUT,
        metavar="SECONDS",
        help="how long an Operation may take; after it, 'did not complete' is a finding "
        f"(default {DEFAULT_OPERATION_TIMEOUT:g})",
    )
    group.addoption("--report-dir", default=None, help="write report.json and report.md here")
    group.addoption(
        "--record-transcript",
        default=None,
        metavar="FILE",
        help="write a sanitised transcript of the deterministic exchanges (replay: scripts)",
    )
    group.addoption(
        "--fail-on",
        default=DEFAULT_FAIL_ON,
        choices=IMPACTS,
        help="fail the run on findings of this impact class or a more severe one "
        f"(breaking > inferred > additive; default {DEFAULT_FAIL_ON})",
    )
    group.addoption(
        "--baseline",
        default=None,
        metavar="REPORT_JSON",
        help="a previous report.json: mark findings new / still present / fixed",
    )


def _conformance_run(config: pytest.Config) -> ConformanceRun:
    """The run the caller handed in (the runner builds its contract once), else a new one:
    under plain `pytest`, this is where the contract is built."""
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, ConformanceRun):
            return plugin
    return ConformanceRun(Contract.load())


def pytest_configure(config: pytest.Config) -> None:
    for marker, description in MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {description}")
    run = _conformance_run(config)
    base_url = config.getoption("--base-url")
    rate = config.getoption("--rate-limit")
    try:
        target = target_from_options(
            base_url,
            contract=run.contract,
            read_only=config.getoption("--read-only"),
            rate_limit=rate if rate is not None else (5.0 if base_url else None),
            owned=config.getoption("--owned-target"),
            allow_sending=config.getoption("--allow-sending"),
            send_to=config.getoption("--send-to"),
        )
    except TargetError as error:
        raise pytest.UsageError(str(error)) from None
    run.context = RunContext(run.contract, target, PROFILES[config.getoption("--profile")])
    window, timeout = (
        config.getoption("--consistency-window"),
        config.getoption("--operation-timeout"),
    )
    if window < 0 or timeout <= 0:
        raise pytest.UsageError("--consistency-window must be >= 0 and --operation-timeout > 0")
    run.context.patience.window = window
    run.context.patience.operation_timeout = timeout
    set_context(run.context)
    report_dir = config.getoption("--report-dir")
    baseline = config.getoption("--baseline")
    try:
        previous = load_baseline(Path(baseline)) if baseline else None
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    # Always registered: it also applies --fail-on to the exit status.
    config.pluginmanager.register(
        ReportWriter(
            Path(report_dir) if report_dir else None,
            run.context,
            fail_on=config.getoption("--fail-on"),
            baseline=previous,
            baseline_path=baseline,
        ),
        "conformance-report",
    )


@pytest.fixture(scope="session")
def contract() -> Contract:
    return context().contract


@pytest.fixture(scope="session")
def target() -> Target:
    return context().target


@pytest.fixture(scope="session")
def profile() -> Profile:
    return context().profile


@pytest.fixture(scope="session")
def redactor(target: Target) -> Redactor:
    return Redactor(target.secrets)


@pytest.fixture(scope="session")
def api_schema() -> BaseSchema:
    return run_schema()


@pytest.fixture(scope="session")
def fuzzer(api: ApiSession) -> Fuzzer:
    return Fuzzer(api)


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return Ledger()


@pytest.fixture(scope="session")
def api(ledger: Ledger, redactor: Redactor, pytestconfig: pytest.Config) -> Iterator[ApiSession]:
    session = ApiSession(context(), ledger, redactor)
    pytestconfig.stash[_SESSION] = session
    transcript = pytestconfig.getoption("--record-transcript")
    if transcript:
        pytestconfig.stash[_RECORDING] = (Path(transcript), start_recording(session))
    try:
        yield session
    finally:
        _save_transcript(pytestconfig, session)
        _cleanup(session)


_SESSION = pytest.StashKey[ApiSession]()
_RECORDING = pytest.StashKey[tuple[Path, Recorder]]()


def _save_transcript(config: pytest.Config, session: ApiSession) -> None:
    """The run's exchanges, up to cleanup (which is not part of what it checked)."""
    session.observer = None
    recording = config.stash.get(_RECORDING, None)
    if recording is not None:
        del config.stash[_RECORDING]  # saved once: at teardown, or at session end after Ctrl-C
    if recording is not None and recording[1].entries:
        path, recorder = recording
        save(path, session.target.name, recorder.entries)


def _cleanup(session: ApiSession) -> None:
    """Delete what the run created, once: from fixture teardown normally, or from
    pytest_sessionfinish when Ctrl-C skipped the teardown."""
    if session.closed:
        return
    try:
        failed = session.cleanup()
    except Exception as error:  # never let cleanup hide the run's verdict
        failed = session.ledger.remaining()
        print(f"\nconformance: cleanup stopped: {type(error).__name__}: {error}")
    finally:
        session.close()
    if failed:
        print(
            f"\nconformance: could not delete {len(failed)} pool(s) this run created "
            f"(tagged {session.ledger.run_id}): {', '.join(failed)}"
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Ctrl-C stops the run in order: no new test starts, fuzzing sends nothing more, and
    cleanup runs. (A KeyboardInterrupt raised wherever the signal lands can surface inside
    Hypothesis as an unrelated error on Python 3.11, and be reported as drift.) A second Ctrl-C
    stops at once."""
    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum: int, frame: object) -> None:
        if context().interrupted:
            raise KeyboardInterrupt
        context().interrupted = True
        session.shouldstop = "interrupted (Ctrl-C): cleaning up what this run created"
        print(
            "\nconformance: interrupted; finishing the current test, then cleaning up "
            "(Ctrl-C again to stop at once)",
            flush=True,
        )

    signal.signal(signal.SIGINT, interrupt)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    api_session = session.config.stash.get(_SESSION, None)
    if api_session is not None:
        _save_transcript(session.config, api_session)
        _cleanup(api_session)


@pytest.fixture(autouse=True)
def _fuzzing_is_not_recorded(request: pytest.FixtureRequest) -> Iterator[None]:
    """A transcript holds the deterministic exchanges only: fuzzed inputs are random (their
    findings carry a curl), and what a fuzz test reads of the state the fuzzer made (adopting
    its pools) could not be replayed without the fuzzer's own requests."""
    recording = request.config.stash.get(_RECORDING, None)
    if recording is None or "fuzzer" not in request.fixturenames:
        yield
        return
    session: ApiSession = request.getfixturevalue("api")
    session.observer = None
    try:
        yield
    finally:
        session.observer = recording[1]


@pytest.fixture(autouse=True)
def _divergences(request: pytest.FixtureRequest, target: Target) -> None:
    reason = skip_reason({m.name for m in request.node.iter_markers()}, target)
    if reason:
        pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    # Schemathesis items share one node id under pytest 9; the report names them by operation.
    label = getattr(item, "operation_label", None)
    if label:
        report.user_properties.append(("operation", label))
    if report.failed and call.excinfo is not None:
        session = item.config.stash.get(_SESSION, None)
        for finding in findings_for(item, call.excinfo.value, session):
            report.user_properties.append(("finding", json.dumps(finding)))
    return report
