"""One account's world: its senders, pools, memberships and Operations, and (in
`messaging.MessageBook`) its Messages.

Both books share the account's `UnitOfWork` (lock, IDs, clock, pending work): every write takes
its lock, and asynchronous work (a create, an add-senders, a send) is accepted as pending and
finished by `work.settle`, in one locked step. Readers use the query methods; the indexes stay
private.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from sortedcontainers import SortedKeyList

from comms_emulator.models.errors import LimitReached, PoolTextLimitReached, ResourceNotFound
from comms_emulator.models.listing import Selection, select
from comms_emulator.models.messaging import MessageBook
from comms_emulator.models.progression import Progression
from comms_emulator.models.quota import PoolQuota
from comms_emulator.models.records import PoolOperation, Sender, SenderPool, SortKey, sort_key
from comms_emulator.models.versions import Versions
from comms_emulator.models.work import UnitOfWork


def _pool_version(pool: SenderPool) -> SenderPool:
    """A pool as a list showed it, kept apart from the live one (which changes in place)."""
    # Tags are read-only (replaced, never changed in place): shared, not copied.
    return replace(pool, operation_ids=set(pool.operation_ids))


def _text_of(name: str, tags: Mapping[str, str]) -> int:
    """What a pool's name and tags count against `PoolQuota.max_pool_text`."""
    return len(name) + sum(len(key) + len(value) for key, value in tags.items())


class _Directory:
    """The account's pools and senders as a send reads them (`messaging.SenderDirectory`)."""

    def __init__(self, pools: dict[str, SenderPool], senders: SortedKeyList[Sender, SortKey]):
        self._pools = pools
        self._senders = senders

    def find_pool(self, pool_id: str) -> SenderPool | None:
        return self._pools.get(pool_id)

    def all_senders(self) -> Iterable[Sender]:
        return self._senders


class AccountState:
    def __init__(
        self,
        sid: str,
        senders: list[Sender],
        work: UnitOfWork,
        message_stats: tuple[str, ...],
        quota: PoolQuota | None = None,
    ) -> None:
        self.sid = sid
        self.work = work
        self.quota = quota or PoolQuota()
        # What counts against `quota`: the memberships held, and what accepted Operations that
        # have not completed yet will add (reserved at acceptance, released when they finish).
        self._memberships = 0
        self._reserved_pools = 0
        self._pool_text = 0  # characters of pools' names and tags, held and being created
        self._reserved_memberships = 0
        self._senders: dict[str, Sender] = {s.id: s for s in senders}
        self._sender_index: SortedKeyList[Sender, SortKey] = SortedKeyList(senders, key=sort_key)
        self._pools: dict[str, SenderPool] = {}
        self._pool_index: SortedKeyList[SenderPool, SortKey] = SortedKeyList(key=sort_key)
        self._operations: dict[str, PoolOperation] = {}
        self._operation_index: SortedKeyList[PoolOperation, SortKey] = SortedKeyList(key=sort_key)
        self._operation_pools: dict[str, set[str]] = {}
        # Earlier versions for a lagging index (see `consistency`); None when strong.
        self._pool_versions = work.versions(_pool_version)
        self._operation_versions: Versions[PoolOperation] | None = work.versions(replace)
        self._member_versions: dict[str, Versions[Sender]] = {}  # pool ID -> its memberships
        # Not `self`: the book would hold the account and the account the book, a cycle only
        # the garbage collector's rare full pass frees. A reset then left the old account's
        # Messages (up to ~256 MiB) resident until that pass, and the next round of sends
        # doubled the process; with no cycle it is freed when the reset replaces it.
        directory = _Directory(self._pools, self._sender_index)
        self.messages = MessageBook(work, directory, message_stats)

    # --- reads -------------------------------------------------------------------------------

    def sender(self, sender_id: str) -> Sender:
        try:
            return self._senders[sender_id]
        except KeyError:
            raise ResourceNotFound("Sender", sender_id) from None

    def pool(self, pool_id: str) -> SenderPool:
        try:
            return self._pools[pool_id]
        except KeyError:
            raise ResourceNotFound("SenderPool", pool_id) from None

    def find_pool(self, pool_id: str) -> SenderPool | None:
        return self._pools.get(pool_id)

    def operation(self, operation_id: str) -> PoolOperation:
        try:
            return self._operations[operation_id]
        except KeyError:
            raise ResourceNotFound("SenderPool Operation", operation_id) from None

    def all_senders(self) -> Iterable[Sender]:
        """Every sender of the account, in listing order."""
        return self._sender_index

    def list_senders(self, filters: Mapping[str, Any]) -> Selection[Sender]:
        return select(self._sender_index, filters)

    def list_pools(self, filters: Mapping[str, Any]) -> Selection[SenderPool]:
        operation_id = filters.get("operationId")
        if operation_id is None:
            return select(
                self._pool_index,
                filters,
                lagging_view=self.work.lagging_view(),
                versions=self._pool_versions,
            )
        pools = [
            self._pools[p] for p in self._operation_pools.get(operation_id, ()) if p in self._pools
        ]
        return select(
            pools,
            filters,
            narrowed=["operationId"],
            lagging_view=self.work.lagging_view(),
            versions=self._pool_versions,
        )

    def list_pool_senders(self, pool_id: str, filters: Mapping[str, Any]) -> Selection[Sender]:
        return select(
            self.pool(pool_id).members,
            filters,
            lagging_view=self.work.lagging_view(),
            versions=self._member_versions.get(pool_id),
        )

    def list_operations(self, filters: Mapping[str, Any]) -> Selection[PoolOperation]:
        return select(
            self._operation_index,
            filters,
            lagging_view=self.work.lagging_view(),
            versions=self._operation_versions,
        )

    def counts(self) -> dict[str, int]:
        return {
            "senders": len(self._senders),
            "senderPools": len(self._pools),
            "operations": len(self._operations),
            **self.messages.counts(),
        }

    def held(self) -> tuple[int, int]:
        """Pools and memberships counted against `quota`: those held and those reserved."""
        return (
            len(self._pools) + self._reserved_pools,
            self._memberships + self._reserved_memberships,
        )

    # --- housekeeping ------------------------------------------------------------------------

    def settle(self, progression: Progression) -> None:
        """Before each request: finish the pending work that is due, then forget the
        Operations and Messages past their retention."""
        with self.work.lock:
            self.settle_held(progression)

    def settle_held(self, progression: Progression) -> int:
        """`settle`, by a caller that holds the work's lock already (the request pipeline:
        taking it again would cost a third of what the housekeeping itself does). Returns the
        time it settled at: the request's own time (its journal entry shows it), read once."""
        work = self.work
        if work.pending:  # checked here: a call that returns at once is most of the cost
            work.settle(progression)
        now_ms = work.clock.now_ms()
        if now_ms >= work.sweep_due_ms:
            self._expire()
        if self._pool_versions is not None:  # lagging lists only: nothing to do when strong
            horizon_ms = now_ms - work.consistency.lag_ms
            self._forget_versions(horizon_ms)
            self.messages.forget_versions(horizon_ms)
        return now_ms

    def _forget_versions(self, horizon_ms: int) -> None:
        """Drop the earlier versions a lagging index no longer shows (memory stays bounded)."""
        for versions in (self._pool_versions, self._operation_versions):
            if versions is not None:
                versions.prune(horizon_ms)
        for pool_id, members in list(self._member_versions.items()):
            members.prune(horizon_ms)
            if not members:
                del self._member_versions[pool_id]

    def versions_kept(self) -> int:
        """How many records have earlier versions kept for a lagging index (0 when strong)."""
        kept = sum(len(m) for m in self._member_versions.values())
        for versions in (self._pool_versions, self._operation_versions):
            kept += len(versions) if versions is not None else 0
        return kept + self.messages.versions_kept()

    def _changing(self, pool: SenderPool) -> None:
        if self._pool_versions is not None:
            self._pool_versions.changing(pool, self.work.now_ms())

    def _membership(self, pool_id: str) -> Versions[Sender] | None:
        if self._pool_versions is None:
            return None
        members = self._member_versions.get(pool_id)
        if members is None:
            members = self._member_versions[pool_id] = Versions(replace)
        return members

    def _expire(self) -> None:
        """Forget what is past its retention, and note when the next record comes due."""
        work = self.work
        now = work.now_ms()
        work.sweep_due_ms = min(
            work.retention.expire(self._operation_index, now, self._forget),
            self.messages.expire(now),
        )

    def _forget(self, operation: PoolOperation) -> None:
        del self._operations[operation.id]
        for pool_id in self._operation_pools.pop(operation.id, ()):
            pool = self._pools.get(pool_id)
            if pool is not None:
                pool.operation_ids.discard(operation.id)

    # --- Operations --------------------------------------------------------------------------

    def create_pool(
        self, name: str, tags: dict[str, str], sender_ids: list[str], progression: Progression
    ) -> PoolOperation:
        work = self.work
        with work.lock:
            joining = self._joining(sender_ids, set())
            text = _text_of(name, tags)
            self._check_text(text)
            self._reserve(1, len(joining))  # refused here: nothing made, no Operation
            self._pool_text += text
            operation = self._new_operation(total=1 + len(sender_ids))
            pool_id = work.new_id(work.prefixes.pool)

            def apply(now_ms: int) -> tuple[int, int]:
                self._release(1, len(joining))
                pool = SenderPool(pool_id, name, dict(tags), now_ms, now_ms)
                self._pools[pool_id] = pool
                self._pool_index.add(pool)
                self._link(operation.id, pool)
                added, failed = self._add_members(pool, sender_ids, joining)
                return 1 + added, failed

            return self._accept(operation, apply, progression)

    def add_senders(
        self, pool_id: str, sender_ids: list[str], progression: Progression
    ) -> PoolOperation:
        with self.work.lock:
            joining = self._joining(sender_ids, self.pool(pool_id).member_ids)  # 404 now
            self._reserve(0, len(joining))
            operation = self._new_operation(total=len(sender_ids))

            def apply(now_ms: int) -> tuple[int, int]:
                self._release(0, len(joining))
                pool = self._pools.get(pool_id)
                if pool is None:  # deleted while the Operation was processing
                    return 0, len(sender_ids)
                self._changing(pool)
                self._link(operation.id, pool)
                added, failed = self._add_members(pool, sender_ids, joining)
                if added:
                    pool.updated_ms = now_ms
                return added, failed

            return self._accept(operation, apply, progression)

    def poll(self, operation_id: str, progression: Progression) -> PoolOperation:
        """A fetch of the Operation: counts towards `polls:N` progression."""
        with self.work.lock:
            return self.work.polled(self.operation(operation_id), progression)

    def _new_operation(self, total: int) -> PoolOperation:
        created_ms = self.work.now_ms()
        operation = PoolOperation(
            id=self.work.new_id(self.work.prefixes.operation),
            status="PROCESSING",
            total=total,
            queued=total,
            created=0,
            failed=0,
            created_ms=created_ms,
            updated_ms=created_ms,
        )
        self._operations[operation.id] = operation
        self._operation_index.add(operation)
        self._expire()  # the cap holds between requests too
        return operation

    def _accept(
        self,
        operation: PoolOperation,
        apply: Callable[[int], tuple[int, int]],
        progression: Progression,
    ) -> PoolOperation:
        def finish() -> None:
            # One instant for the whole completion: the pool an Operation creates is created
            # when the Operation is last updated (a client may filter by either timestamp).
            now_ms = self.work.now_ms()
            if self._operation_versions is not None:
                self._operation_versions.changing(operation, now_ms)
            created, failed = apply(now_ms)
            operation.created, operation.failed, operation.queued = created, failed, 0
            operation.status = "COMPLETED"
            operation.updated_ms = now_ms

        self.work.accept(operation, finish, progression)
        return operation

    def _link(self, operation_id: str, pool: SenderPool) -> None:
        self._operation_pools.setdefault(operation_id, set()).add(pool.id)
        pool.operation_ids.add(operation_id)

    # --- limits (`quota`) --------------------------------------------------------------------

    def _joining(self, sender_ids: list[str], member_ids: set[str]) -> frozenset[str]:
        """The memberships adding `sender_ids` to a pool with `member_ids` would make."""
        return frozenset(s for s in sender_ids if s in self._senders and s not in member_ids)

    def _reserve(self, pools: int, memberships: int) -> None:
        """Hold room for an Operation's pools and memberships, or refuse it (nothing held)."""
        quota = self.quota
        held_pools, held = self.held()
        if held_pools + pools > quota.max_pools:
            raise LimitReached(
                f"The account holds {held_pools:,} SenderPools (counting those being created),"
                f" the emulator's limit of {quota.max_pools:,} pools per account; delete a"
                " SenderPool to make room"
            )
        if held + memberships > quota.max_memberships:
            raise LimitReached(
                f"This would add {memberships:,} pool memberships (SenderPool, Sender pairs) to"
                f" the account's {held:,} (counting those being added), past the emulator's"
                f" limit of {quota.max_memberships:,} memberships per account; remove Senders"
                " from SenderPools or delete SenderPools to make room"
            )
        self._reserved_pools += pools
        self._reserved_memberships += memberships

    def _check_text(self, more: int, refusal: type[Exception] = LimitReached) -> None:
        limit = self.quota.max_pool_text
        if self._pool_text + more > limit:
            raise refusal(
                f"This would add {more:,} characters of SenderPool names and tags to the"
                f" account's {self._pool_text:,}, past the emulator's limit of {limit:,} per"
                " account; delete SenderPools or shorten their names and tags to make room"
            )

    def _release(self, pools: int, memberships: int) -> None:
        self._reserved_pools -= pools
        self._reserved_memberships -= memberships

    def _room_for_member(self) -> bool:
        """Room for one membership beyond what is held and reserved."""
        return self.held()[1] < self.quota.max_memberships

    def _add_members(
        self, pool: SenderPool, sender_ids: list[str], reserved: frozenset[str]
    ) -> tuple[int, int]:
        """Unknown senders fail; senders already in the pool count as added (idempotent).
        Called with the Operation's reservation released: the `reserved` senders fit. Any
        other that is not a member (one removed from the pool after acceptance) joins only if
        there is room, after them, and fails if there is none."""
        added = failed = 0
        members = self._membership(pool.id)
        late: list[Sender] = []
        for sender_id in sender_ids:
            sender = self._senders.get(sender_id)
            if sender is None:
                failed += 1
            elif sender_id in pool.member_ids or sender_id in reserved:
                self._join(pool, sender, members)
                added += 1
            else:
                late.append(sender)
        for sender in late:
            if sender.id in pool.member_ids or self._room_for_member():
                self._join(pool, sender, members)
                added += 1
            else:
                failed += 1
        return added, failed

    def _join(self, pool: SenderPool, sender: Sender, members: Versions[Sender] | None) -> None:
        if sender.id in pool.member_ids:
            return
        self._memberships += 1
        if members is not None:
            members.added(sender, self.work.now_ms())
        pool.member_ids.add(sender.id)
        pool.members.add(sender)

    # --- synchronous changes -----------------------------------------------------------------

    def update_pool(self, pool_id: str, name: str | None, tags: dict[str, str] | None) -> None:
        with self.work.lock:
            pool = self.pool(pool_id)
            before = _text_of(pool.name, pool.tags)
            after = _text_of(
                pool.name if name is None else name, pool.tags if tags is None else tags
            )
            self._check_text(after - before, PoolTextLimitReached)  # nothing changed
            self._pool_text += after - before
            self._changing(pool)
            if name is not None:
                pool.name = name
            if tags is not None:
                pool.tags = dict(tags)
            pool.updated_ms = self.work.now_ms()

    def delete_pool(self, pool_id: str) -> None:
        with self.work.lock:
            pool = self.pool(pool_id)
            if self._pool_versions is not None:
                self._pool_versions.removed(pool, self.work.now_ms())
                # Its senders list is a 404 from now on (it is read by the pool's ID).
                self._member_versions.pop(pool_id, None)
            del self._pools[pool_id]
            self._pool_index.remove(pool)
            self._pool_text -= _text_of(pool.name, pool.tags)
            self._memberships -= len(pool.member_ids)
            for operation_id in pool.operation_ids:
                linked = self._operation_pools.get(operation_id)
                if linked is not None:
                    linked.discard(pool_id)
                    if not linked:  # a create/delete cycle leaves nothing behind
                        del self._operation_pools[operation_id]

    def remove_sender(self, pool_id: str, sender_id: str) -> None:
        with self.work.lock:
            pool = self.pool(pool_id)
            if sender_id not in pool.member_ids:
                raise ResourceNotFound("Sender in this SenderPool", sender_id)
            sender = self._senders[sender_id]
            self._changing(pool)
            members = self._membership(pool_id)
            if members is not None:
                members.removed(sender, self.work.now_ms())
            pool.member_ids.discard(sender_id)
            pool.members.remove(sender)
            self._memberships -= 1
            pool.updated_ms = self.work.now_ms()
