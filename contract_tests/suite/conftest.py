"""The suite's pytest plugin: options, the target, safety and cleanup, findings."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from schemathesis.schemas import BaseSchema

from comms_spec import Contract
from contract_tests._context import ConformanceRun, RunContext
from contract_tests._fuzz import Fuzzer
from contract_tests._markers import MARKERS, skip_reason
from contract_tests._options import ConfigError, RunConfig, add_to_pytest, values_from_pytest
from contract_tests._parity import Recorder, save, start_recording
from contract_tests._patience import Inconclusive, plain_reason
from contract_tests._profiles import PROFILES, Profile
from contract_tests._promises import derived
from contract_tests._redaction import Redactor
from contract_tests._safety import Ledger
from contract_tests._schema import load_schema
from contract_tests._seed import EMULATOR_FAULTS, HYPOTHESIS, derive
from contract_tests._session import ApiSession
from contract_tests._shard import placement_name
from contract_tests._target import Target, TargetError, target_from_options
from contract_tests._transport import Stopping, TargetStopped
from contract_tests.reporting._baseline import load_baseline
from contract_tests.reporting._findings import findings_for
from contract_tests.reporting._history import load_history
from contract_tests.reporting._writer import ReportWriter


def pytest_addoption(parser: pytest.Parser) -> None:
    add_to_pytest(parser.getgroup("conformance", "Twilio Comms conformance suite"))


def _conformance_run(config: pytest.Config) -> ConformanceRun:
    """The run the caller handed in (the runner builds its contract and RunConfig once), else
    a new one: under plain `pytest`, this is the composition root, and the options are read
    here, through the same table the runner parses."""
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, ConformanceRun):
            return plugin
    try:
        settings = RunConfig.from_values(values_from_pytest(config))
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None
    return ConformanceRun(Contract.load(), settings)


def _target(run: ConformanceRun) -> Target:
    settings = run.config
    if settings.target is not None:
        return settings.target
    try:
        return target_from_options(
            settings.base_url,
            contract=run.contract,
            read_only=settings.read_only,
            rate_limit=settings.effective_rate_limit,
            owned=settings.owned_target,
            allow_sending=settings.allow_sending,
            send_to=list(settings.send_to),
            fault_seed=derive(settings.seed, EMULATOR_FAULTS),
        )
    except TargetError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_configure(config: pytest.Config) -> None:
    for marker, description in MARKERS.items():
        config.addinivalue_line("markers", f"{marker}: {description}")
    run = _conformance_run(config)
    settings = run.config
    run.context = context = RunContext(
        run.contract,
        _target(run),
        PROFILES[settings.profile],
        request_deadline=settings.request_deadline,
        seed=settings.seed,
        run_id=settings.run_id,
    )
    context.patience.window = settings.consistency_window
    context.patience.operation_timeout = settings.operation_timeout
    context.patience.deadline = context.started + settings.effective_max_duration
    context.patience.busy_budget = settings.busy_wait_budget
    context.patience.strong = context.target.strongly_consistent
    config.stash[_RUN] = run
    try:
        previous = load_baseline(settings.baseline) if settings.baseline else None
        if settings.history:
            load_history(settings.history)  # an unreadable ledger stops the run before it starts
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    writer = ReportWriter(
        settings.report_dir,
        run.context,
        fail_on=settings.fail_on,
        baseline=previous,
        baseline_path=str(settings.baseline) if settings.baseline else None,
        replay={
            "seed": settings.seed,
            "shard": str(settings.shard) if settings.shard else None,
            "runId": settings.run_id,
            "rerun": settings.rerun_command(),
        },
        history=settings.history,
    )
    config.stash[_WRITER] = writer
    # Always registered: it also applies --fail-on to the exit status.
    config.pluginmanager.register(writer, "conformance-report")


_RUN = pytest.StashKey[ConformanceRun]()
_WRITER = pytest.StashKey[ReportWriter]()
_SCHEMA = pytest.StashKey[BaseSchema]()


def _context(config: pytest.Config) -> RunContext:
    """This run's context: kept in its pytest config, never in a module (two runs in one
    process share nothing)."""
    context = config.stash[_RUN].context
    assert context is not None  # set in pytest_configure
    return context


def _schema(config: pytest.Config) -> BaseSchema:
    """The Schemathesis schema of this run's contract, target and profile, built once per run
    (at the first collection or fixture that needs it)."""
    if _SCHEMA not in config.stash:
        run = _context(config)
        seed = None if run.seed is None else derive(run.seed, HYPOTHESIS)
        config.stash[_SCHEMA] = load_schema(
            run.contract, run.target, run.profile, seed=seed, deadline=run.request_deadline
        )
    return config.stash[_SCHEMA]


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `derived(kind)` gets one case per catalogue entry of that kind, derived
    from this run's contract, each with its entry's `proves` marker (and `sends_messages` when
    the entry's operation sends)."""
    marker = metafunc.definition.get_closest_marker("derived")
    if marker is None:
        return
    contract = _context(metafunc.config).contract
    params = []
    for promise in derived(contract, marker.args[0]):
        marks = [
            pytest.mark.proves(
                promise.kind, operations=list(promise.operations), provenance=promise.provenance
            )
        ]
        if any(op in contract.sending_op_ids for op in promise.operations):
            marks.append(pytest.mark.sends_messages)
        params.append(pytest.param(promise, id=promise.key, marks=marks))
    metafunc.parametrize("promise", params)


def pytest_pycollect_makeitem(
    collector: pytest.Module | pytest.Class, name: str, obj: object
) -> Any:
    """A test marked `every_operation` is parametrized here, as it is collected, with the
    schema and Hypothesis settings of the run collecting it (Schemathesis' decorator would
    need both when the module is imported, before any run is known). The wrapped test goes
    back through collection, where Schemathesis' own plugin makes its items."""
    marked = callable(obj) and any(
        mark.name == "every_operation" for mark in getattr(obj, "pytestmark", [])
    )
    if not marked or getattr(obj, _PARAMETRIZED, False):
        return None
    config = collector.config
    test = _schema(config).parametrize()(obj)
    test = _context(config).profile.hypothesis_settings()(test)
    setattr(test, _PARAMETRIZED, True)
    return collector.ihook.pytest_pycollect_makeitem(collector=collector, name=name, obj=test)


_PARAMETRIZED = "_conformance_parametrized"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--shard I/N: keep this shard's tests (`_shard.py` says how they are placed)."""
    shard = config.stash[_RUN].config.shard
    if shard is None:
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        # A test that judges what another test left behind goes where that test goes.
        with_ = item.get_closest_marker("placed_with")
        name = (
            str(with_.args[0])
            if with_ is not None
            else placement_name(item.nodeid, getattr(item, "operation_label", None))
        )
        (kept if shard.owns(name) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def contract(pytestconfig: pytest.Config) -> Contract:
    return _context(pytestconfig).contract


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Target:
    return _context(pytestconfig).target


@pytest.fixture(scope="session")
def profile(pytestconfig: pytest.Config) -> Profile:
    return _context(pytestconfig).profile


@pytest.fixture(scope="session")
def redactor(target: Target) -> Redactor:
    return Redactor(target.secrets)


@pytest.fixture(scope="session")
def api_schema(pytestconfig: pytest.Config) -> BaseSchema:
    return _schema(pytestconfig)


@pytest.fixture(scope="session")
def fuzzer(api: ApiSession, pytestconfig: pytest.Config) -> Iterator[Fuzzer]:
    fuzzing = Fuzzer(api, _context(pytestconfig).fuzz_budget_spent)
    yield fuzzing
    # Before cleanup (which needs the pools in the ledger or listed): the Operations of the
    # creates the stateful test fuzzed after test_fuzzed_creates_complete ran. Their verdict
    # was that test's; a late one here is found by cleanup's tag search or not at all.
    with contextlib.suppress(AssertionError):
        fuzzing.finish_creates()


@pytest.fixture(scope="session")
def run_seed(pytestconfig: pytest.Config) -> int | None:
    """The run's seed (`_seed.py`): what the state machine's scenarios derive theirs from."""
    return _context(pytestconfig).seed


@pytest.fixture(scope="session")
def ledger(pytestconfig: pytest.Config) -> Ledger:
    return Ledger(run_id=_context(pytestconfig).run_id)


@pytest.fixture(scope="session")
def api(ledger: Ledger, redactor: Redactor, pytestconfig: pytest.Config) -> Iterator[ApiSession]:
    session = ApiSession.for_run(_context(pytestconfig), ledger, redactor)
    session.judge.test = pytestconfig.stash.get(_TEST, "-")
    pytestconfig.stash[_SESSION] = session
    transcript = pytestconfig.stash[_RUN].config.record
    if transcript:
        pytestconfig.stash[_RECORDING] = (transcript, start_recording(session))
    try:
        yield session
    finally:
        _save_transcript(pytestconfig, session)
        _cleanup(session)


_SESSION = pytest.StashKey[ApiSession]()
_TEST = pytest.StashKey[str]()  # the test running now, which the judge names in findings


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """The judge is told which test its exchanges belong to (set-up included)."""
    item.config.stash[_TEST] = item.nodeid
    session = item.config.stash.get(_SESSION, None)
    if session is not None:
        session.judge.test = item.nodeid


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
    except Stopping as stop:  # a second Ctrl-C or SIGTERM: cleanup stops, the report is written
        failed = session.ledger.remaining()
        print(f"\nconformance: cleanup stopped: {plain_reason(str(stop))}")
    except KeyboardInterrupt:
        failed = session.ledger.remaining()
        print("\nconformance: cleanup stopped by a second interrupt")
    finally:
        session.close()
    if failed:
        print(
            f"\nconformance: could not delete {len(failed)} pool(s) this run created "
            f"(tagged {session.ledger.run_id}): {', '.join(failed)}"
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Ctrl-C (or SIGTERM, as CI sends) stops the run in order, within seconds: no new test
    starts, no new request is sent, a request waiting for its answer (or a pause before
    sending it again) is abandoned, cleanup runs and the report of what was done is written.
    (A KeyboardInterrupt raised wherever the signal lands can surface inside Hypothesis as an
    unrelated error on Python 3.11, and be reported as drift: the only exception raised here
    is the request's own, Stopping.) A second signal stops at once: nothing more is sent, the
    cleanup included, and a wait under way is cut. (It raises nothing elsewhere: a
    KeyboardInterrupt landing in a callback the interpreter runs from C, Hypothesis' gc
    callback or the compiler's, was printed as an unraisable error or a SystemError.)"""
    if threading.current_thread() is not threading.main_thread():
        return
    run = _context(session.config)

    def interrupt(signum: int, frame: object) -> None:
        if run.interrupted:
            run.patience.abandoned = True
            if run.patience.in_flight:
                raise Stopping("stopped at once (a second interrupt) while waiting")
            return
        name = signal.Signals(signum).name
        run.interrupted = True
        run.patience.stop(f"interrupted ({name})")
        session.shouldstop = f"interrupted ({name}): cleaning up what this run created"
        print(
            f"\nconformance: interrupted ({name}); cleaning up and writing the report "
            "(again to stop at once)",
            flush=True,
        )
        if run.patience.in_flight:
            raise Stopping(f"interrupted ({name}) while waiting (for an answer, or to send again)")

    previous: dict[int, Any] = {
        signum: signal.signal(signum, interrupt) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    session.config.stash[_HANDLERS] = previous
    conformance = session.config.stash.get(_RUN, None)
    if conformance is not None and conformance.early_signal:  # came while pytest started
        interrupt(signal.Signals[conformance.early_signal], None)


# The signal handlers before the run's, put back at its end.
_HANDLERS = pytest.StashKey[dict[int, Any]]()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's handlers stay through the cleanup, the reports and pytest's own teardown
    (put back at sessionfinish, the caller's, which raise KeyboardInterrupt wherever a
    signal lands, met a weakref callback run from C there: an unraisable-error traceback)."""
    for signum, handler in config.stash.get(_HANDLERS, {}).items():
        signal.signal(signum, handler)


def _stop_when_due(session: pytest.Session) -> None:
    """No new test once the run is stopping (--max-duration, a target that stopped
    answering): the report says what was done."""
    run = _context(session.config)
    reason = run.patience.stopping()
    if reason and not session.shouldstop:
        run.interrupted = True
        session.shouldstop = f"stopped: {reason}"


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
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A fuzz test whose every case met a busy target is inconclusive, not passed."""
    fuzzer = getattr(item, "funcargs", {}).get("fuzzer")
    if not isinstance(fuzzer, Fuzzer):
        return (yield)
    fuzzer.judged = fuzzer.unjudged = 0
    result = yield
    busy = fuzzer.busy_throughout()
    if busy:
        raise Inconclusive(busy)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    # Schemathesis items share one node id under pytest 9; the report names them by operation.
    label = getattr(item, "operation_label", None)
    if label:
        report.user_properties.append(("operation", label))
    if report.failed and call.excinfo is not None:
        error = call.excinfo.value
        if isinstance(error, TargetStopped):
            _context(item.config).patience.stop(str(error))
        session = item.config.stash.get(_SESSION, None)
        findings = findings_for(item, error, session)
        item.config.stash[_WRITER].add(findings)
        ReportWriter.label(report, findings)
    _redact_report(report, item.config.stash[_WRITER].redactor)
    _stop_when_due(item.session)
    return report


def _redact_report(report: pytest.TestReport, redactor: Redactor) -> None:
    """What pytest itself prints and writes of a test (the terminal, junit.xml): its failure
    text and captured output, without credentials, before any reporter sees them."""
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        path, line, reason = report.longrepr
        report.longrepr = (path, line, redactor.redact(reason))
    elif report.longrepr is not None:
        report.longrepr = redactor.redact(str(report.longrepr))
    report.sections = [(title, redactor.redact(text)) for title, text in report.sections]
