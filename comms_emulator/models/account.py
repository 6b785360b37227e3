"""One account's world: its senders, pools, memberships, Operations and Messages.

Every public method takes the account lock. Asynchronous work (a create, an add-senders, a
send) is accepted as pending and finished by `settle`, in one locked step, so a reader sees a
pool, a batch of new members or a send's Messages entirely or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sortedcontainers import SortedKeyList

from comms_emulator.models.clock import now_ms
from comms_emulator.models.errors import ResourceNotFound
from comms_emulator.models.ids import OPERATION_PREFIX, POOL_PREFIX, MonotonicIds
from comms_emulator.models.messaging import MessageBook
from comms_emulator.models.progression import Progression
from comms_emulator.models.records import (
    MessageOperation,
    Operation,
    Sender,
    SenderPool,
    SortKey,
    sort_key,
)

R = TypeVar("R", Operation, MessageOperation)


@dataclass
class _PendingWork:
    record: Operation | MessageOperation  # when it was accepted, how often it was polled
    finish: Callable[[], None]  # applies the work and completes the record, under the lock


class AccountState:
    def __init__(self, sid: str, senders: list[Sender], ids: MonotonicIds) -> None:
        self.sid = sid
        self.lock = threading.RLock()
        self._ids = ids
        self.senders: dict[str, Sender] = {s.id: s for s in senders}
        self.sender_index: SortedKeyList[Sender, SortKey] = SortedKeyList(senders, key=sort_key)
        self.pools: dict[str, SenderPool] = {}
        self.pool_index: SortedKeyList[SenderPool, SortKey] = SortedKeyList(key=sort_key)
        self.operations: dict[str, Operation] = {}
        self.operation_index: SortedKeyList[Operation, SortKey] = SortedKeyList(key=sort_key)
        self.operation_pools: dict[str, set[str]] = {}
        self._pending: dict[str, _PendingWork] = {}
        self.messages = MessageBook(self)

    def new_id(self, prefix: str) -> str:
        return self._ids.new(prefix)

    # --- reads -------------------------------------------------------------------------------

    def sender(self, sender_id: str) -> Sender:
        try:
            return self.senders[sender_id]
        except KeyError:
            raise ResourceNotFound("Sender", sender_id) from None

    def pool(self, pool_id: str) -> SenderPool:
        try:
            return self.pools[pool_id]
        except KeyError:
            raise ResourceNotFound("SenderPool", pool_id) from None

    def operation(self, operation_id: str) -> Operation:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise ResourceNotFound("SenderPool Operation", operation_id) from None

    def pools_of_operation(self, operation_id: str) -> list[SenderPool]:
        return [
            self.pools[p] for p in self.operation_pools.get(operation_id, ()) if p in self.pools
        ]

    # --- Operations --------------------------------------------------------------------------

    def create_pool(
        self, name: str, tags: dict[str, str], sender_ids: list[str], progression: Progression
    ) -> Operation:
        with self.lock:
            operation = self._new_operation(total=1 + len(sender_ids))
            pool_id = self.new_id(POOL_PREFIX)

            def apply() -> tuple[int, int]:
                created_ms = now_ms()
                pool = SenderPool(pool_id, name, dict(tags), created_ms, created_ms)
                self.pools[pool_id] = pool
                self.pool_index.add(pool)
                self._link(operation.id, pool)
                added, failed = self._add_members(pool, sender_ids)
                return 1 + added, failed

            return self._accept(operation, apply, progression)

    def add_senders(
        self, pool_id: str, sender_ids: list[str], progression: Progression
    ) -> Operation:
        with self.lock:
            self.pool(pool_id)  # 404 now, not later
            operation = self._new_operation(total=len(sender_ids))

            def apply() -> tuple[int, int]:
                pool = self.pools.get(pool_id)
                if pool is None:  # deleted while the Operation was processing
                    return 0, len(sender_ids)
                self._link(operation.id, pool)
                added, failed = self._add_members(pool, sender_ids)
                if added:
                    pool.updated_ms = now_ms()
                return added, failed

            return self._accept(operation, apply, progression)

    def poll(self, operation_id: str, progression: Progression) -> Operation:
        """A fetch of the Operation: counts towards `polls:N` progression."""
        with self.lock:
            return self.polled(self.operation(operation_id), progression)

    def polled(self, record: R, progression: Progression) -> R:
        """Count one fetch of an Operation (pool or Message), then finish what is due."""
        with self.lock:
            record.polls += 1
            self.settle(progression)
            return record

    def settle(self, progression: Progression) -> None:
        """Complete every pending Operation that is due. Cheap when nothing is pending."""
        if not self._pending:
            return
        with self.lock:
            now = now_ms()
            for operation_id, work in list(self._pending.items()):
                record = work.record
                if progression.is_due(
                    accepted_ms=record.created_ms, polls=record.polls, now_ms=now
                ):
                    del self._pending[operation_id]
                    work.finish()

    def accept(
        self,
        record: Operation | MessageOperation,
        finish: Callable[[], None],
        progression: Progression,
    ) -> None:
        """Hold `finish` until `progression` says the Operation is done (at once if immediate)."""
        with self.lock:
            if progression.mode == "immediate":
                finish()
            else:
                self._pending[record.id] = _PendingWork(record, finish)

    def _new_operation(self, total: int) -> Operation:
        created_ms = now_ms()
        operation = Operation(
            id=self.new_id(OPERATION_PREFIX),
            status="PROCESSING",
            total=total,
            queued=total,
            created=0,
            failed=0,
            created_ms=created_ms,
            updated_ms=created_ms,
        )
        self.operations[operation.id] = operation
        self.operation_index.add(operation)
        return operation

    def _accept(
        self, operation: Operation, apply: Callable[[], tuple[int, int]], progression: Progression
    ) -> Operation:
        def finish() -> None:
            created, failed = apply()
            operation.created, operation.failed, operation.queued = created, failed, 0
            operation.status = "COMPLETED"
            operation.updated_ms = now_ms()

        self.accept(operation, finish, progression)
        return operation

    def _link(self, operation_id: str, pool: SenderPool) -> None:
        self.operation_pools.setdefault(operation_id, set()).add(pool.id)
        pool.operation_ids.add(operation_id)

    def _add_members(self, pool: SenderPool, sender_ids: list[str]) -> tuple[int, int]:
        """Unknown senders fail; senders already in the pool count as added (idempotent)."""
        added = failed = 0
        for sender_id in sender_ids:
            sender = self.senders.get(sender_id)
            if sender is None:
                failed += 1
                continue
            if sender_id not in pool.member_ids:
                pool.member_ids.add(sender_id)
                pool.members.add(sender)
            added += 1
        return added, failed

    # --- synchronous changes -----------------------------------------------------------------

    def update_pool(self, pool_id: str, name: str | None, tags: dict[str, str] | None) -> None:
        with self.lock:
            pool = self.pool(pool_id)
            if name is not None:
                pool.name = name
            if tags is not None:
                pool.tags = dict(tags)
            pool.updated_ms = now_ms()

    def delete_pool(self, pool_id: str) -> None:
        with self.lock:
            pool = self.pool(pool_id)
            del self.pools[pool_id]
            self.pool_index.remove(pool)
            for operation_id in pool.operation_ids:
                self.operation_pools.get(operation_id, set()).discard(pool_id)

    def remove_sender(self, pool_id: str, sender_id: str) -> None:
        with self.lock:
            pool = self.pool(pool_id)
            if sender_id not in pool.member_ids:
                raise ResourceNotFound("Sender in this SenderPool", sender_id)
            pool.member_ids.discard(sender_id)
            pool.members.remove(self.senders[sender_id])
            pool.updated_ms = now_ms()
