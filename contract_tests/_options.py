"""The run's options, declared once, and the `RunConfig` built from them.

One table (`OPTIONS`) feeds both parsers: the runner's argparse (`comms-conformance`) and the
suite's pytest options (plain `pytest contract_tests/suite`). Whichever parsed them, the values
become one `RunConfig`, built once by the composition root and handed down as an object: the
runner hands its config to pytest through the `ConformanceRun` plugin, so nothing travels
through environment variables, module globals or a second parse.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from contract_tests._deadline import DEFAULT_REQUEST_DEADLINE
from contract_tests._patience import BUSY_WAIT_BUDGET, DEFAULT_OPERATION_TIMEOUT, DEFAULT_WINDOW
from contract_tests._profiles import PROFILES
from contract_tests._seed import new_seed, parse_seed
from contract_tests._shard import Shard
from contract_tests._target import Target
from contract_tests._transport import MAX_RETRY_AFTER
from contract_tests.reporting._impact import DEFAULT_FAIL_ON, IMPACTS


class ConfigError(ValueError):
    """The options do not make a run (a usage error: exit 2)."""


def _seed_option(text: str) -> int:
    try:
        return parse_seed(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _workers_option(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"--workers takes a whole number 1..64, got {text!r}")
    return int(text)


def _shard_option(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# Against another server the suite throttles itself unless told otherwise (requests/s).
DEFAULT_REMOTE_RATE_LIMIT = 5.0


@dataclass(frozen=True)
class Option:
    """One option, as both parsers declare it. `dest` is the RunConfig field it fills."""

    flag: str
    help: str
    type: Callable[[str], Any] | None = None
    default: Any = None
    choices: Sequence[str] | None = None
    action: str | None = None  # "store_true" or "append"
    metavar: str | None = None
    # Only the suite's pytest plugin declares it (the runner decides it for itself).
    pytest_only: bool = False
    # Only the runner declares it (it is about processes the runner starts).
    runner_only: bool = False

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")

    def kwargs(self) -> dict[str, Any]:
        found: dict[str, Any] = {"help": self.help, "default": self.default}
        if self.action:
            found["action"] = self.action
            if self.action == "append":
                found["default"] = []
        else:
            if self.type is not None:
                found["type"] = self.type
            if self.choices is not None:
                found["choices"] = list(self.choices)
            if self.metavar is not None:
                found["metavar"] = self.metavar
        return found


OPTIONS: tuple[Option, ...] = (
    Option("--base-url", "the API to check (default: the built-in emulator)", str),
    Option("--profile", "how much to fuzz", str, "default", sorted(PROFILES)),
    Option("--read-only", "never send a mutating request", action="store_true"),
    Option(
        "--rate-limit",
        "requests per second, 0 for unlimited (default: "
        f"{DEFAULT_REMOTE_RATE_LIMIT:g} against a URL, loopback included, unlimited against the "
        "built-in emulator; pass 0 for a local server such as comms-emulator)",
        float,
    ),
    Option(
        "--allow-sending",
        "with --base-url: also run the send tests, which send real Messages",
        action="store_true",
    ),
    Option(
        "--send-to",
        "with --allow-sending: a recipient the send tests may message (repeatable)",
        action="append",
        metavar="ADDRESS:CHANNEL",
    ),
    Option(
        "--consistency-window",
        "how long a list may lag a write (and show stale items) before it is drift "
        f"(default {DEFAULT_WINDOW:g})",
        float,
        DEFAULT_WINDOW,
        metavar="SECONDS",
    ),
    Option(
        "--operation-timeout",
        "how long an Operation may take; after it, 'did not complete' is a finding "
        f"(default {DEFAULT_OPERATION_TIMEOUT:g})",
        float,
        DEFAULT_OPERATION_TIMEOUT,
        metavar="SECONDS",
    ),
    Option(
        "--max-duration",
        "stop the run after this long and report what was done (default: the profile's, "
        + ", ".join(f"{p.name} {p.max_duration:g}" for p in PROFILES.values())
        + ")",
        float,
        metavar="SECONDS",
    ),
    Option(
        "--request-deadline",
        "the longest one request may take, from sending to its answer's last byte "
        f"(default {DEFAULT_REQUEST_DEADLINE:g})",
        float,
        DEFAULT_REQUEST_DEADLINE,
        metavar="SECONDS",
    ),
    Option(
        "--busy-wait-budget",
        "the most the whole run waits out 429/503 answers (each Retry-After honoured up to "
        f"{MAX_RETRY_AFTER:g} s); past it, a busy answer makes its test inconclusive "
        f"(default {BUSY_WAIT_BUDGET:g})",
        float,
        BUSY_WAIT_BUDGET,
        metavar="SECONDS",
    ),
    Option("--report-dir", "write the reports (JSON, Markdown, JUnit) here", Path),
    Option("--record", "write a sanitised transcript of the run's exchanges", Path, metavar="FILE"),
    Option(
        "--fail-on",
        "exit 1 on findings of this impact class or worse (breaking > inferred > additive; "
        f"default {DEFAULT_FAIL_ON}: additive findings alone never fail)",
        str,
        DEFAULT_FAIL_ON,
        IMPACTS,
    ),
    Option(
        "--baseline",
        "a previous report.json: mark findings new / still present / fixed",
        Path,
        metavar="REPORT_JSON",
    ),
    Option(
        "--seed",
        "fix everything the run chooses at random (the fuzzer, the built-in emulator's faults, "
        "the run tag); the report prints the seed it used (default: a new one)",
        _seed_option,
        metavar="N",
    ),
    Option(
        "--shard",
        "run one shard of N (tests placed by a hash of their names; rate limit divided by N); "
        "`comms-conformance merge` joins the shards' reports",
        _shard_option,
        metavar="I/N",
    ),
    Option(
        "--workers",
        "run in K processes on this machine, each a shard of the run (the shards' way: each "
        "with its own built-in emulator, tag and rate/K), merged into one report",
        _workers_option,
        metavar="K",
        runner_only=True,
    ),
    Option(
        "--history",
        "a finding-history ledger (JSON) to read and update: first / last seen, flaps, trend",
        Path,
        metavar="HISTORY_JSON",
    ),
    Option(
        "--owned-target",
        "the --base-url is a scratch emulator this run started and may reset",
        action="store_true",
        pytest_only=True,
    ),
)


def add_to_argparse(parser: argparse.ArgumentParser) -> None:
    for option in OPTIONS:
        if not option.pytest_only:
            parser.add_argument(option.flag, **option.kwargs())


def add_to_pytest(group: Any) -> None:
    """`group` is a pytest OptionGroup (typed loosely: pytest's parser is not argparse)."""
    for option in OPTIONS:
        if not option.runner_only:
            group.addoption(option.flag, dest=f"conformance_{option.dest}", **option.kwargs())


def values_from_pytest(config: Any) -> dict[str, Any]:
    """The table's values as a pytest config parsed them, by RunConfig field."""
    return {
        option.dest: config.getoption(f"conformance_{option.dest}")
        for option in OPTIONS
        if not option.runner_only
    }


# RunConfig's numbers, each a count of seconds (or of requests a second): finite, or no bound.
_SECONDS = (
    "rate_limit",
    "consistency_window",
    "operation_timeout",
    "max_duration",
    "request_deadline",
    "busy_wait_budget",
)


@dataclass(frozen=True)
class RunConfig:
    """Everything a run is, decided once. `target` is set by whoever knows it (the runner, for
    the emulator it started); without one, the plugin builds it from `base_url`."""

    base_url: str | None = None
    profile: str = "default"
    read_only: bool = False
    rate_limit: float | None = None
    allow_sending: bool = False
    send_to: tuple[str, ...] = ()
    consistency_window: float = DEFAULT_WINDOW
    operation_timeout: float = DEFAULT_OPERATION_TIMEOUT
    max_duration: float | None = None  # None: the profile's
    request_deadline: float = DEFAULT_REQUEST_DEADLINE
    busy_wait_budget: float = BUSY_WAIT_BUDGET
    report_dir: Path | None = None
    record: Path | None = None
    fail_on: str = DEFAULT_FAIL_ON
    baseline: Path | None = None
    seed: int = field(default_factory=new_seed)
    shard: Shard | None = None
    workers: int = 1
    history: Path | None = None
    owned_target: bool = False
    target: Target | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # NaN passes every comparison below (a run whose deadline never comes), and an
        # infinite wait or deadline is no bound either.
        for name in _SECONDS:
            value = getattr(self, name)
            if value is not None and not math.isfinite(value):
                raise ConfigError(f"--{name.replace('_', '-')} must be a finite number")
        if self.consistency_window < 0 or self.operation_timeout <= 0:
            raise ConfigError("--consistency-window must be >= 0 and --operation-timeout > 0")
        if (self.max_duration is not None and self.max_duration <= 0) or (
            self.request_deadline <= 0
        ):
            raise ConfigError("--max-duration and --request-deadline must be > 0")
        if self.rate_limit is not None and self.rate_limit < 0:
            raise ConfigError("--rate-limit must be >= 0 (0: no limit)")
        if self.busy_wait_budget < 0:
            raise ConfigError("--busy-wait-budget must be >= 0")
        if self.profile not in PROFILES:
            raise ConfigError(f"--profile must be one of {', '.join(sorted(PROFILES))}")
        if self.fail_on not in IMPACTS:
            raise ConfigError(f"--fail-on must be one of {', '.join(IMPACTS)}")
        if not 0 <= self.seed < 2**32:
            raise ConfigError("--seed must be in [0, 2**32)")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> RunConfig:
        """From parsed options (argparse's namespace as a dict, or `values_from_pytest`); names
        that are not RunConfig fields (the runner's own, such as pytest_args) are ignored."""
        known = {f for f in cls.__dataclass_fields__ if f != "target"}
        picked = {k: v for k, v in values.items() if k in known and v is not None}
        if "send_to" in picked:
            picked["send_to"] = tuple(picked["send_to"])
        if isinstance(picked.get("shard"), str):
            picked["shard"] = Shard.parse(picked["shard"])
        for name in ("report_dir", "record", "baseline", "history"):
            if name in picked and not isinstance(picked[name], Path):
                picked[name] = Path(picked[name])
        return cls(**picked)

    def with_target(self, target: Target) -> RunConfig:
        return replace(self, target=target)

    @property
    def effective_max_duration(self) -> float:
        return self.max_duration or PROFILES[self.profile].max_duration

    @property
    def effective_rate_limit(self) -> float | None:
        """Requests per second the run allows itself: as given, else the default against a
        server the run did not start."""
        rate = self.rate_limit
        if rate is None:
            rate = DEFAULT_REMOTE_RATE_LIMIT if self.base_url and not self.owned_target else 0
        # Shards (and a run's workers, each a shard) run at once against one target: each
        # takes its share of the limit.
        return rate / self.shard.count if rate and self.shard else rate or None

    @property
    def run_id(self) -> str:
        """The tag this run's resources carry: the seed's (and the shard's), so a replay tags
        alike and shards of one run never share one."""
        return f"ckit-{self.seed}" + (f"-{self.shard.tag}" if self.shard else "")

    def rerun_command(self) -> str:
        """The command that replays this run (credentials come from the environment)."""
        parts = ["comms-conformance", "--seed", str(self.seed), "--profile", self.profile]
        if self.base_url and not self.owned_target:
            parts += ["--base-url", self.base_url]
        if self.shard:
            parts += ["--shard", str(self.shard)]
        if self.workers > 1:
            parts += ["--workers", str(self.workers)]
        if self.read_only:
            parts.append("--read-only")
        if self.rate_limit is not None:
            parts += ["--rate-limit", f"{self.rate_limit:g}"]
        if self.consistency_window != DEFAULT_WINDOW:
            parts += ["--consistency-window", f"{self.consistency_window:g}"]
        if self.operation_timeout != DEFAULT_OPERATION_TIMEOUT:
            parts += ["--operation-timeout", f"{self.operation_timeout:g}"]
        return " ".join(parts)
