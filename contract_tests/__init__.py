"""The conformance suite: fuzz and probe any target against spec/ and report every drift.

The same test bodies run against the emulator in-process, the emulator over HTTP, and any base
URL with credentials (the real API). Where targets may legitimately differ, `divergences.py`
says so, in one place.

The names below are the suite's API (for `scripts/`, the kit's tests and other callers); the
`_private` modules behind them may change shape freely.
"""

from contract_tests._clock import SYSTEM_CLOCK, Clock, SystemClock
from contract_tests._context import ConformanceRun, RunContext
from contract_tests._fuzz import FuzzDrift, Fuzzer
from contract_tests._parity import ParityRun, TranscriptError, run_parity, run_replay
from contract_tests._parity import load as load_transcript
from contract_tests._parity import write_report as write_parity_report
from contract_tests._patience import Inconclusive, Patience
from contract_tests._safety import (
    RUN_TAG,
    Blocked,
    Ledger,
    MutationGuard,
    RateLimiter,
    new_run_id,
    tag_for_run,
)
from contract_tests._schema import load_schema
from contract_tests._session import ApiSession, Drift, Exchange, retry_delay
from contract_tests._target import (
    EMULATOR_ACCOUNTS,
    EMULATOR_RECIPIENTS,
    Credentials,
    Target,
    TargetError,
    in_process_target,
    target_from_options,
    url_target,
)
from contract_tests.baseline import compare, load_baseline
from contract_tests.checks import (
    ListFilterNotHeld,
    LocationDiffersFromOperationLocation,
    OperationStatsDoNotAddUp,
    SuiteChecks,
    SuiteFailure,
)
from contract_tests.coverage import Coverage
from contract_tests.divergences import MARKERS, skip_reason
from contract_tests.findings import findings_for
from contract_tests.impact import DEFAULT_FAIL_ON, IMPACTS, failing, impact_of
from contract_tests.profiles import PROFILES, Profile
from contract_tests.redaction import REDACTED, Redactor
from contract_tests.reporting import ReportWriter, render_markdown

__all__ = [
    "DEFAULT_FAIL_ON",
    "EMULATOR_ACCOUNTS",
    "EMULATOR_RECIPIENTS",
    "IMPACTS",
    "MARKERS",
    "PROFILES",
    "REDACTED",
    "RUN_TAG",
    "SYSTEM_CLOCK",
    "ApiSession",
    "Blocked",
    "Clock",
    "ConformanceRun",
    "Coverage",
    "Credentials",
    "Drift",
    "Exchange",
    "FuzzDrift",
    "Fuzzer",
    "Inconclusive",
    "Ledger",
    "ListFilterNotHeld",
    "LocationDiffersFromOperationLocation",
    "MutationGuard",
    "OperationStatsDoNotAddUp",
    "ParityRun",
    "Patience",
    "Profile",
    "RateLimiter",
    "Redactor",
    "ReportWriter",
    "RunContext",
    "SuiteChecks",
    "SuiteFailure",
    "SystemClock",
    "Target",
    "TargetError",
    "TranscriptError",
    "compare",
    "failing",
    "findings_for",
    "impact_of",
    "in_process_target",
    "load_baseline",
    "load_schema",
    "load_transcript",
    "new_run_id",
    "render_markdown",
    "retry_delay",
    "run_parity",
    "run_replay",
    "skip_reason",
    "tag_for_run",
    "target_from_options",
    "url_target",
    "write_parity_report",
]
