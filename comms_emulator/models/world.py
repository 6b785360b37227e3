"""The whole emulated service: accounts, credentials, progression, faults, response variance,
RCS capability, retention, pool limits.

This is the object the HTTP layer and the control plane talk to; tests can drive it directly.
It takes the `Contract` it serves (for ID prefixes, the Sender schema and the Message Operation
counters) and a `Clock` (the system's unless a test injects one).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from comms_emulator.models.account import AccountState
from comms_emulator.models.clock import Clock, SystemClock
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.faults import FaultInjector
from comms_emulator.models.ids import IdPrefixes, MonotonicIds
from comms_emulator.models.inventory import SenderFactory, inventory_for
from comms_emulator.models.pagination import TokenCodec
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_emulator.models.records import Sender
from comms_emulator.models.retention import Retention
from comms_emulator.models.routing import RcsCapability
from comms_emulator.models.variance import VarianceInjector
from comms_emulator.models.work import UnitOfWork
from comms_spec import Contract

Inventory = list[dict[str, Any]] | dict[str, list[dict[str, Any]]] | None


@dataclass(frozen=True)
class Credential:
    """A Basic-auth username/secret pair and the account it acts for."""

    username: str
    secret: str
    account_sid: str


@dataclass
class World:
    contract: Contract
    credentials: dict[str, Credential]
    inventory: Inventory = None
    progression: Progression = field(default_factory=Progression)
    faults: FaultInjector = field(default_factory=FaultInjector)
    rcs_capable: RcsCapability = field(default_factory=RcsCapability)
    clock: Clock = field(default_factory=SystemClock)
    retention: Retention = field(default_factory=Retention)
    consistency: Consistency = field(default_factory=Consistency)
    variance: VarianceInjector = field(default_factory=VarianceInjector)
    pool_quota: PoolQuota = field(default_factory=PoolQuota)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.ids = MonotonicIds()
        self.tokens = TokenCodec(secrets.token_bytes(32))
        self._prefixes = IdPrefixes.of(self.contract)
        self._message_stats = self.contract.required("MessageOperationStats")
        self._senders = SenderFactory(self.contract, self._prefixes.sender)
        self._accounts: dict[str, AccountState] = {}
        # Counts resets and inventory changes: caches of rendered state start afresh after one.
        self.generation = 0
        self._secrets = {
            name: c.secret.encode("utf-8", "surrogatepass") for name, c in self.credentials.items()
        }
        self._stand_in = secrets.token_hex(16).encode()
        self.account_sids = sorted({c.account_sid for c in self.credentials.values()})
        if isinstance(self.inventory, dict):
            # A key that names no account would be ignored: a typo, or a file of another form.
            strays = sorted(set(self.inventory) - set(self.account_sids))
            if strays:
                raise ValueError(
                    f"the sender inventory names {strays[0][:64]!r}, which is not a configured "
                    "account (a file holds a list of senders, or account SID -> list)"
                )
        for sid in self.account_sids:  # build now: a bad sender file fails at start-up
            self._accounts[sid] = self._fresh(sid)

    def authenticate(self, username: str, secret: str) -> AccountState | None:
        credential = self.credentials.get(username)
        # The same work for an unknown username as for a known one with a wrong secret (a
        # compare against a stand-in secret), so timing tells no one which usernames exist.
        expected = self._secrets.get(username, self._stand_in)
        # As bytes: compare_digest refuses non-ASCII str, and a password may be any text.
        matches = secrets.compare_digest(expected, secret.encode("utf-8", "surrogatepass"))
        if credential is None or not matches:
            return None
        return self._accounts[credential.account_sid]

    def account(self, sid: str) -> AccountState:
        return self._accounts[sid]

    def reset(self, sid: str | None = None) -> None:
        """Forget all pools, Messages and Operations (of one account, or all); restore senders."""
        with self._lock:
            for account_sid in [sid] if sid else self.account_sids:
                # Its inventory was checked when it was given (at start or by seed_senders):
                # a reset does not check thousands of senders again.
                self._replace(account_sid, self._fresh(account_sid, check=False))

    def seed_senders(self, sid: str, entries: list[dict[str, Any]]) -> int:
        """Replace one account's inventory; its pools and Operations are reset with it."""
        senders = self._senders.build(sid, entries)  # validates before anything changes
        with self._lock:
            if isinstance(self.inventory, dict):
                self.inventory = {**self.inventory, sid: entries}
            else:
                base = {s: inventory_for(s, self.inventory) for s in self.account_sids}
                self.inventory = {**base, sid: entries}
            self._replace(sid, self._account(sid, senders))
        return len(senders)

    def _replace(self, sid: str, fresh: AccountState) -> None:
        """Swap an account for `fresh` under the old one's lock: a request being applied to
        it finishes first (and is answered as applied, before the change), and one that
        arrives later finds the new account (`http/dispatch.py` looks it up under the lock)."""
        old = self._accounts[sid]
        with old.work.lock:
            self._accounts[sid] = fresh
            self.generation += 1
            # Work still pending on the old account holds closures over it (a cycle): dropped,
            # so the old account and its Messages are freed now, not at the garbage
            # collector's rare full pass (a reset left up to ~256 MiB resident until then).
            old.work.pending.clear()

    def _fresh(self, sid: str, *, check: bool | None = None) -> AccountState:
        entries = inventory_for(sid, self.inventory)
        return self._account(sid, self._senders.build(sid, entries, check=check))

    def _account(self, sid: str, senders: list[Sender]) -> AccountState:
        work = UnitOfWork(self.ids, self._prefixes, self.clock, self.retention, self.consistency)
        return AccountState(sid, senders, work, self._message_stats, self.pool_quota)
