"""Patience with a busy, eventually consistent API (DESIGN principle 7): how long the suite
waits for a list to show a write, for an Operation to finish, and what it waited for.

Waiting is bounded by what the user declares (`--consistency-window`, `--operation-timeout`),
so a conforming API is never called drifting, and a broken one is still reported: after the
window, what the list shows is the verdict. Everything waited for is counted for the report.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from _pytest.outcomes import Skipped

from contract_tests._timer import Timer

T = TypeVar("T")
DEFAULT_WINDOW = 10.0  # seconds a list may lag a write, unless the user says otherwise
DEFAULT_OPERATION_TIMEOUT = 120.0  # seconds an Operation may take before "did not complete"
FIRST_POLL, MAX_POLL = 0.1, 2.0  # seconds between reads: doubling from the first to the last
# ... and never more than this share of the window: a list that catches up a second after a
# write is seen a few tenths later, not a whole doubled interval later (with a 3 s window,
# polls level off at 0.375 s; with the default 10 s, at 1.25 s).
POLLS_PER_WINDOW = 8
# Seconds the whole run may spend waiting out busy answers (429/503 and their Retry-After):
# past it, a busy answer is not waited for again and its test is inconclusive, so a target
# that asks for a day's pause costs minutes, not days.
BUSY_WAIT_BUDGET = 120.0
# Seconds the cleanup may still send for once the run stops (Ctrl-C, SIGTERM, --max-duration):
# the report is written after it, and a target slow to answer its deletes held the report back
# by the request deadline once per pool (a CI runner kills a few seconds after its SIGTERM).
STOP_GRACE = 10.0
# Reads still lagging at the window's end (and waits proving an absence) that the report names,
# each (a broken index could lag on every read: the count says how many there were).
MAX_LAGGING_LISTED = 50


INCONCLUSIVE = "inconclusive: "  # how an Inconclusive's reason starts


class Inconclusive(Skipped):
    # (A pytest Skipped, so Hypothesis lets it through a fuzz test at once.)
    """The test could not tell right from wrong here; reported as "inconclusive: why", never
    as drift and never as a silent pass."""

    def __init__(self, why: str, *, processed: bool = False) -> None:
        super().__init__(f"{INCONCLUSIVE}{why}")
        self.processed = processed  # a write whose answer was lost, found done by reading


# How pytest names the exception before a skip's reason: "Skipped: why" for pytest.skip, and
# the module path for a subclass ("contract_tests._patience.Inconclusive: inconclusive: why").
SKIP_PREFIXES = ("Skipped: ", f"{Inconclusive.__module__}.{Inconclusive.__qualname__}: ")


def plain_reason(text: str) -> str:
    """A skipped test's reason as pytest reports it, without the exception's name: an
    Inconclusive's reads "inconclusive: why", whatever raised it."""
    for prefix in SKIP_PREFIXES:
        if text.startswith(prefix):
            return text.removeprefix(prefix)
    return text


def described(read: dict[str, str]) -> str:
    """A read the report names (`Patience.lagging`, `Patience.absences`), in one line."""
    return (
        f"{read.get('operation') or '?'} `{read.get('request', '')}` waited for "
        f"`{read.get('waitedFor', '')}`, in `{read.get('test', '-')}`"
    )


@dataclass
class Patience:
    timer: Timer
    window: float = DEFAULT_WINDOW
    operation_timeout: float = DEFAULT_OPERATION_TIMEOUT
    retries: dict[int, int] = field(default_factory=dict)  # status -> requests sent again
    reads: int = 0  # reads that had to wait for a list to catch up
    polls: int = 0  # extra reads those took
    waited: float = 0.0  # seconds spent waiting for lists
    longest: float = 0.0  # the longest a list took to show what it had to
    still_lagging: int = 0  # reads whose condition still failed when the window closed
    lagging: list[dict[str, str]] = field(default_factory=list)  # ... named, for the report
    # Waits that read the whole window to prove something does not appear (`absence`), named
    # with why: the wait is the check, not a list lagging.
    absences: list[dict[str, str]] = field(default_factory=list)
    busy_cases: int = 0  # fuzzed cases left unjudged: the API stayed busy (429/503)
    busy_budget: float = BUSY_WAIT_BUDGET
    busy_waited: float = 0.0  # seconds spent waiting out busy answers
    deadline: float | None = None  # on the timer: when the run must stop (--max-duration)
    stopped: str = ""  # why the run stops (Ctrl-C, SIGTERM, --max-duration); "" while it runs
    stopped_at: float | None = None  # on the timer: when it did
    stop_grace: float = STOP_GRACE
    # A second Ctrl-C or SIGTERM: nothing more is sent, not even the cleanup's requests.
    abandoned: bool = False
    # Waits under way now that a stop aborts (`abortable`): requests waiting for their answer,
    # pauses before sending again or for the rate limit.
    in_flight: int = 0
    # Kinds of Operation (the operation their location reaches) found stuck or unresolvable,
    # with why: later waits on them are not waited out again.
    stuck: dict[str, str] = field(default_factory=dict)
    # The target is known to be strongly consistent (the runner started it): a list that does
    # not show a write at once is drift, and proving that nothing appears takes one read.
    strong: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def may_wait(self, seconds: float) -> bool:
        """Spend `seconds` of the busy-wait budget, if that much is left (and the run is not
        stopping, nor ends before the wait would: a 30 s Retry-After was waited out past
        --max-duration); False: do not wait, the answer stands."""
        with self._lock:
            if (
                self.stopping()
                or seconds > self.time_left()
                or self.busy_waited + seconds > self.busy_budget
            ):
                return False
            self.busy_waited += seconds
            return True

    @contextmanager
    def abortable(self) -> Iterator[None]:
        """A wait that a stop (Ctrl-C, SIGTERM) cuts short: the run's signal handler raises
        Stopping into it, rather than let it run out (a Retry-After honoured for 30 s)."""
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    def time_left(self) -> float:
        """Seconds an exchange under way may still take: until --max-duration while the run
        goes on (inf without one); once it stops, what is left of the grace its cleanup has
        (STOP_GRACE), 0 when spent."""
        now = self.timer.monotonic()
        if self.stopping() and self.stopped_at is not None:
            return max(self.stopped_at + self.stop_grace - now, 0.0)
        return math.inf if self.deadline is None else self.deadline - now

    def grace_spent(self) -> bool:
        """Whether the run has stopped and its cleanup's grace is over: nothing more is sent."""
        return bool(self.stopping()) and self.time_left() <= 0

    def stop(self, reason: str) -> None:
        if not self.stopped:
            self.stopped = reason
            self.stopped_at = self.timer.monotonic()

    def stopping(self) -> str:
        """Why the run stops now ("" while it may go on)."""
        if (
            not self.stopped
            and self.deadline is not None
            and self.timer.monotonic() > self.deadline
        ):
            self.stopped = "--max-duration reached"
            self.stopped_at = self.deadline  # the grace counts from the deadline, however late seen
        return self.stopped

    def retried(self, status: int) -> None:
        with self._lock:
            self.retries[status] = self.retries.get(status, 0) + 1

    def unjudged(self) -> None:
        with self._lock:
            self.busy_cases += 1

    def observe(
        self,
        read: Callable[[], T],
        until: Callable[[T], bool],
        describe: Callable[[], dict[str, str]] | None = None,
        *,
        absence: str = "",
    ) -> T:
        """Read until `until` holds or the consistency window closes; the last read either
        way (the caller judges it). Backs off from FIRST_POLL to MAX_POLL between reads.
        `describe` names the read (operation, request, what it waited for, test) for the
        report, should the window close first. `absence` (why) marks a wait that proves that
        something does not appear: `until` is its appearing, so on a conforming target it
        never holds and the whole window is read; that is no lag, and is reported apart."""
        started = self.timer.monotonic()
        deadline = started + (0.0 if self.strong else self.window)
        delay = FIRST_POLL
        longest_poll = max(FIRST_POLL, min(MAX_POLL, self.window / POLLS_PER_WINDOW))
        result = read()
        polls = 0
        while not until(result):
            left = deadline - self.timer.monotonic()
            if left <= 0:
                break
            self.timer.sleep(min(delay, left))
            delay = min(delay * 2, longest_poll)
            result = read()
            polls += 1
        if polls:
            waited = self.timer.monotonic() - started
            with self._lock:
                self.reads += 1
                self.polls += polls
                self.waited += waited
                self.longest = max(self.longest, waited)
                if absence:
                    if len(self.absences) < MAX_LAGGING_LISTED:
                        named = describe() if describe is not None else {}
                        self.absences.append({**named, "why": absence})
                elif not until(result):
                    self.still_lagging += 1
                    if describe is not None and len(self.lagging) < MAX_LAGGING_LISTED:
                        self.lagging.append(describe())
        return result

    def saw_variance(self) -> bool:
        """Has the target lagged or been busy so far in this run?"""
        return bool(self.retries or self.reads or self.busy_cases)

    def summary(self) -> dict[str, Any]:
        return {
            "consistencyWindowSeconds": self.window,
            "operationTimeoutSeconds": self.operation_timeout,
            "retriedRequests": {str(k): v for k, v in sorted(self.retries.items())},
            "readsThatWaited": self.reads,
            "extraPolls": self.polls,
            "secondsWaited": round(self.waited, 2),
            "longestWaitSeconds": round(self.longest, 2),
            "readsUnsettledAtWindowEnd": self.still_lagging,
            "readsUnsettled": list(self.lagging),
            "absenceWaits": list(self.absences),
            "fuzzCasesUnjudgedBusy": self.busy_cases,
            "secondsWaitedBusy": round(self.busy_waited, 2),
            "busyWaitBudgetSeconds": self.busy_budget,
            "stopped": self.stopped or None,
            "knownStronglyConsistent": self.strong,
            "operationsNotWaitedForAgain": dict(sorted(self.stuck.items())),
        }
