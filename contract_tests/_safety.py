"""What keeps a run against a real account safe.

- Only resources this run created are ever changed: the ledger records every pool the run
  created (tagged with the run id), and the guard refuses any mutating request that names
  another pool, whoever generated it (a test, the fuzzer, a stateful link from a listing).
- Everything created is deleted at the end, also after failures and Ctrl-C.
- No Message is sent to a target other than the built-in emulator unless --allow-sending says
  so, and the fuzzer never sends one there (it would message whatever address it generates).
"""

from __future__ import annotations

import ipaddress
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from comms_spec import Contract, SpecOperation
from contract_tests._timer import SYSTEM_TIMER, Timer

RUN_TAG = "conformanceRun"
_MUTATING = {"POST", "PATCH", "PUT", "DELETE"}


def new_run_id() -> str:
    return f"ckit-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{time.time_ns() % 10**6:06d}"


class Blocked(Exception):
    """A request the run must not send: it would change something the run did not create."""


@dataclass
class Ledger:
    run_id: str = field(default_factory=new_run_id)
    pools: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    message_operations: set[str] = field(default_factory=set)  # sends this run made

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def created(self, pool_id: str) -> None:
        with self._lock:
            self.pools.add(pool_id)

    def owns(self, pool_id: str) -> bool:
        with self._lock:
            return pool_id in self.pools

    def remaining(self) -> list[str]:
        with self._lock:
            return sorted(self.pools - self.deleted)


@dataclass
class MutationGuard:
    ledger: Ledger
    contract: Contract
    read_only: bool = False
    # May the run send Messages (the spec's x-sends-messages operations), and may the fuzzer?
    may_send: bool = True
    may_fuzz_sends: bool = True

    def __post_init__(self) -> None:
        prefix = re.escape(self.contract.id_prefix("SenderPoolId"))
        self._pool_path = re.compile(rf"/SenderPools/(?P<pool>{prefix}[^/?]+)")

    def check(self, method: str, path: str, *, fuzzing: bool = False) -> None:
        """Raise Blocked for a request this run must not send (path relative to the version
        prefix)."""
        self.check_operation(method, path, self.contract.router.match(method, path), fuzzing)

    def check_operation(
        self, method: str, path: str, operation: SpecOperation | None, fuzzing: bool = False
    ) -> None:
        """`check`, for a request whose spec operation the caller already resolved."""
        method = method.upper()
        op_id = None if operation is None else operation.op_id
        # A GET, or an operation the spec marks `x-read-only` (Search and Resolve are POSTs
        # that only read), changes nothing.
        if method not in _MUTATING or op_id in self.contract.read_only_op_ids:
            return
        if self.read_only:
            raise Blocked(f"{method} {path}: the run is read-only")
        if op_id in self.contract.sending_op_ids:
            if not self.may_send:
                raise Blocked(f"{method} {path}: sends Messages; needs --allow-sending")
            if fuzzing and not self.may_fuzz_sends:
                raise Blocked(f"{method} {path}: the fuzzer never sends Messages to this target")
        match = self._pool_path.search(path)
        if match and not self.ledger.owns(match["pool"]):
            raise Blocked(f"{method} {path}: pool {match['pool']} was not created by this run")


def tag_for_run(tags: object, run_id: str) -> dict[str, str]:
    """The run tag added to a create's tags; one generated tag makes room if ten are given."""
    existing = dict(tags) if isinstance(tags, dict) else {}
    existing.pop(RUN_TAG, None)
    while len(existing) >= 10:
        existing.pop(next(iter(existing)))
    return {**existing, RUN_TAG: run_id}


def is_loopback(url: str) -> bool:
    """Does `url` name this machine (localhost, 127.0.0.0/8, ::1)?"""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def rate_limit_note(rate: float | None, url: str) -> str:
    """The run's rate limit as the banner and the report state it. The default limit applies
    to loopback too (a local proxy may front the real API), so a local server is told how to
    lift it rather than lifted silently."""
    if not rate:
        return "none (--rate-limit 0)"
    note = f"{rate:g} requests/s (--rate-limit)"
    if is_loopback(url):
        note += "; the target is a loopback address: pass --rate-limit 0 for a local server"
    return note


class RateLimiter:
    """At most `rate` requests per second across all threads (None: unlimited)."""

    def __init__(self, rate: float | None, timer: Timer = SYSTEM_TIMER) -> None:
        self._interval = 0.0 if not rate else 1.0 / rate
        self._next = 0.0
        self._timer = timer
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = self._timer.monotonic()
            delay = max(0.0, self._next - now)
            self._next = max(now, self._next) + self._interval
        if delay:
            self._timer.sleep(delay)
