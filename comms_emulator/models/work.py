"""The unit of work an account's books share: one lock, one ID source, one clock, the
retention their history is kept for, and the pending work that `progression` releases.

Both books (`account.SenderBook`-side pools and Operations, `messaging.MessageBook`) write only
under `lock` and finish asynchronous work through `accept`/`settle`, so a reader sees a pool, a
batch of new members or a send's Messages entirely or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from comms_emulator.models.clock import Clock
from comms_emulator.models.consistency import Consistency, LaggingView
from comms_emulator.models.ids import IdPrefixes, MonotonicIds
from comms_emulator.models.progression import Progression
from comms_emulator.models.retention import Retention
from comms_emulator.models.versions import Versioned, Versions


class Tracked(Protocol):
    """An Operation (pool or Message) as progression sees it."""

    id: str
    created_ms: int
    polls: int


R = TypeVar("R", bound=Tracked)
V = TypeVar("V", bound=Versioned)


@dataclass
class _PendingWork:
    record: Tracked  # how often it was polled
    finish: Callable[[], None]  # applies the work and completes the record, under the lock
    start_ms: int  # progression counts from here: acceptance, or the time a schedule names
    release: Callable[[], None] | None = None  # runs once when `start_ms` comes (a schedule)
    polls_before: int = 0  # fetches before `start_ms` (they do not count towards polls:N)


class UnitOfWork:
    def __init__(
        self,
        ids: MonotonicIds,
        prefixes: IdPrefixes,
        clock: Clock,
        retention: Retention,
        consistency: Consistency | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.consistency = consistency or Consistency()
        self.prefixes = prefixes
        self.clock = clock
        self.retention = retention
        self._ids = ids
        # Operations not yet complete (read by `settle`'s callers to skip it when empty).
        self.pending: dict[str, _PendingWork] = {}
        # When retention may next have something to drop: a new record (it may pass the cap)
        # or the oldest record's TTL. Before then the per-request sweep is skipped.
        self.sweep_due_ms: float = 0

    def now_ms(self) -> int:
        return self.clock.now_ms()

    def lagging_view(self) -> LaggingView | None:
        """What a list may show now (None: every live record; see `consistency`)."""
        return self.consistency.lagging_view(self.clock)

    def versions(self, copy: Callable[[V], V]) -> Versions[V] | None:
        """Where a book keeps its records' earlier versions for a lagging index; None (nothing
        to keep, no work per write) when lists are strongly consistent."""
        return Versions(copy) if self.consistency.lagging else None

    def new_id(self, prefix: str) -> str:
        self.sweep_due_ms = 0  # every record is made with an ID: it may pass the cap
        return self._ids.new(prefix, self.clock.now_ms())

    def accept(
        self,
        record: Tracked,
        finish: Callable[[], None],
        progression: Progression,
        *,
        at_ms: int | None = None,
        release: Callable[[], None] | None = None,
    ) -> None:
        """Hold `finish` until `progression` says the Operation is done (at once if immediate).

        With `at_ms` (a scheduled send), nothing moves before that time: then `release` runs,
        and progression counts from it (its time, and the fetches after it), as from acceptance.
        """
        with self.lock:
            if at_ms is None and progression.mode == "immediate":
                finish()
                return
            start_ms = record.created_ms if at_ms is None else at_ms
            self.pending[record.id] = _PendingWork(record, finish, start_ms, release)

    def polled(self, record: R, progression: Progression) -> R:
        """Count one fetch of an Operation (pool or Message), then finish what is due."""
        with self.lock:
            record.polls += 1
            self.settle(progression)
            return record

    def settle(self, progression: Progression) -> None:
        """Complete every pending Operation that is due. Cheap when nothing is pending."""
        if not self.pending:
            return
        with self.lock:
            now = self.clock.now_ms()
            for operation_id, work in list(self.pending.items()):
                if now < work.start_ms:
                    continue
                record = work.record
                if work.release is not None:
                    work.release()
                    work.release = None
                    work.polls_before = record.polls
                if progression.is_due(
                    accepted_ms=work.start_ms, polls=record.polls - work.polls_before, now_ms=now
                ):
                    del self.pending[operation_id]
                    work.finish()
