"""The run's contract, target and profile, resolved once in `pytest_configure` and kept in the
pytest config's stash: never in a module global, so two runs in one process share nothing."""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass, field

from comms_spec import Contract
from contract_tests._coverage import Coverage
from contract_tests._deadline import DEFAULT_REQUEST_DEADLINE
from contract_tests._digest import ExchangeDigest
from contract_tests._finding import Finding
from contract_tests._options import RunConfig
from contract_tests._patience import Patience
from contract_tests._profiles import Profile
from contract_tests._target import Target
from contract_tests._timer import SYSTEM_TIMER, Timer


@dataclass
class RunContext:
    contract: Contract
    target: Target
    profile: Profile
    timer: Timer = SYSTEM_TIMER
    seed: int | None = None  # the run seed (`_seed.py`); None: Hypothesis chooses
    run_id: str = ""  # the run's tag, left out of the exchange digest
    request_deadline: float = DEFAULT_REQUEST_DEADLINE
    requests_sent: int = 0
    interrupted: bool = False
    started: float = field(init=False)
    patience: Patience = field(init=False)  # the waiting policy, and what it waited for
    coverage: Coverage = field(init=False)  # what the run exercised
    digest: ExchangeDigest = field(init=False)  # the exchange sequence, for replays
    additive: dict[tuple[str, str, str], Finding] = field(init=False)  # by op, check, what
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.requests_sent = self.target.setup_requests  # every request the run sent
        self.started = self.timer.monotonic()
        self.patience = Patience(self.timer)
        self.digest = ExchangeDigest(self.run_id)
        self.coverage = Coverage(self.contract, observe=self.digest.add)
        self.additive = {}

    def note_additive(self, finding: Finding) -> None:
        """An additive finding (the response carries more than the spec declares): kept once
        per operation and field, and reported without failing the test that met it."""
        key = (finding.operation, finding.check, finding.message)
        with self._lock:
            self.additive.setdefault(key, finding)

    def fuzz_budget_spent(self) -> bool:
        if self.interrupted or self.patience.stopping():
            return True
        budget = self.profile.fuzz_seconds
        return budget is not None and self.timer.monotonic() - self.started > budget

    def count_request(self) -> None:
        with self._lock:
            self.requests_sent += 1


class ConformanceRun:
    """A pytest plugin that hands the suite the contract and the RunConfig its caller built,
    and hands back the run's context: `pytest.main([...], plugins=[run])`, then
    `run.interrupted`. Without one, the suite's conftest builds both itself, from its options
    (plain `pytest contract_tests/suite`)."""

    def __init__(self, contract: Contract, config: RunConfig) -> None:
        self.contract = contract
        self.config = config
        self.context: RunContext | None = None
        # A Ctrl-C or SIGTERM while pytest starts, before the run's own handlers: its name,
        # for the run to stop on as soon as they are in place (`take_early_signal`).
        self.early_signal = ""

    def take_early_signal(self, signum: int, frame: object) -> None:
        """The signal handler while pytest starts: the signal is noted, nothing raised (a
        KeyboardInterrupt landing inside pytest's start-up, in an import or a callback run
        from C, once ended the process by SIGINT after its line was printed). A second one
        stops at once."""
        if self.early_signal:
            raise KeyboardInterrupt
        self.early_signal = signal.Signals(signum).name

    @property
    def interrupted(self) -> bool:
        return self.context is not None and self.context.interrupted
