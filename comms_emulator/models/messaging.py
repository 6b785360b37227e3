"""One account's Messages and Message Operations: sends, their Operations, and the Messages
they produce.

A send is planned when it is accepted (which Sender serves which recipient, see `routing`) and
its Messages appear together when the Operation completes. A scheduled send's Messages appear at
once, SCHEDULED (with `scheduledFor`, counted in `stats.scheduled`); when the time comes they
turn QUEUED and the Operation PROCESSING, and from then on it progresses like any send. A
Message keeps the ID of the pool it was sent from, so deleting the pool later leaves it intact.

Resolve ranks Senders with the same `routing.rank_senders` over the same candidates a send from
the same source would use, so its first result per recipient is the Sender that recipient's
Message gets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sortedcontainers import SortedKeyList

from comms_emulator.models.errors import ResourceNotFound, SendRejected
from comms_emulator.models.listing import Selection, select
from comms_emulator.models.progression import Progression
from comms_emulator.models.records import (
    Message,
    MessageOperation,
    Sender,
    SenderPool,
    SortKey,
    sort_key,
)
from comms_emulator.models.routing import (
    DEFAULT_CONTROL,
    Addressee,
    ChannelControl,
    RcsCapability,
    Recipient,
    active_channels,
    pick_address,
    rank_senders,
)
from comms_emulator.models.versions import Versions
from comms_emulator.models.work import UnitOfWork

# What the emulator's Messages end as: it hands nothing to a carrier, so nothing is delivered.
FINAL_MESSAGE_STATUS = "SENT"


@dataclass(frozen=True)
class From:
    """Where a send's Senders come from: a pool, one Sender by address, or (neither) all."""

    sender_pool_id: str | None = None
    address: str | None = None
    channel: str | None = None


def _attempt_id(message_id: str) -> str:
    # An SM SID per delivery attempt, derived from the Message so it is stable across fetches.
    return "SM" + hashlib.blake2b(message_id.encode(), digest_size=16).hexdigest()


class SenderDirectory(Protocol):
    """The read-only view of the account's senders and pools a send needs."""

    def find_pool(self, pool_id: str) -> SenderPool | None: ...

    def all_senders(self) -> Iterable[Sender]: ...


def _operation_version(operation: MessageOperation) -> MessageOperation:
    return replace(operation, stats=dict(operation.stats))


# What one recipient variable kept on a Message costs beyond its text: two string objects and
# a slot of the Message's own dict (measured: ~130 bytes).
_VARIABLE_BYTES = 128


def stored_bytes(message: Message) -> int:
    """What a Message holds, estimated: its content and tags (the text of one send is shared
    by its Messages, so this counts high for a large send), its recipient's variables (a copy
    on each Message), and the record around them."""
    size = 400
    for value in (*message.content.values(), *message.tags.keys(), *message.tags.values()):
        if isinstance(value, str):
            size += len(value)
        elif isinstance(value, list):
            size += sum(len(item) for item in value if isinstance(item, str)) + 8 * len(value)
    variables = message.to_variables
    if variables:
        size += sum(len(k) + len(v) for k, v in variables.items())
        size += _VARIABLE_BYTES * len(variables)
    return size


class MessageBook:
    def __init__(self, work: UnitOfWork, senders: SenderDirectory, stats: tuple[str, ...]) -> None:
        self._work = work
        self._senders = senders
        self._stats = stats  # the spec's MessageOperationStats counters, in its order
        self._messages: dict[str, Message] = {}
        self._held_bytes = 0  # what the Messages hold, estimated (retention bounds it)
        self._index: SortedKeyList[Message, SortKey] = SortedKeyList(key=sort_key)
        self._by_operation: dict[str, SortedKeyList[Message, SortKey]] = {}
        self._operations: dict[str, MessageOperation] = {}
        self._operation_index: SortedKeyList[MessageOperation, SortKey] = SortedKeyList(
            key=sort_key
        )
        # Earlier versions for a lagging index (see `consistency`); None when strong.
        self._versions: Versions[Message] | None = work.versions(replace)
        self._operation_versions = work.versions(_operation_version)

    # --- reads -------------------------------------------------------------------------------

    def message(self, message_id: str) -> Message:
        try:
            return self._messages[message_id]
        except KeyError:
            raise ResourceNotFound("Message", message_id) from None

    def operation(self, operation_id: str) -> MessageOperation:
        try:
            return self._operations[operation_id]
        except KeyError:
            raise ResourceNotFound("Message Operation", operation_id) from None

    def list_messages(self, filters: Mapping[str, Any]) -> Selection[Message]:
        operation_id = filters.get("operationId")
        if operation_id is None:
            return select(
                self._index,
                filters,
                lagging_view=self._work.lagging_view(),
                versions=self._versions,
            )
        return select(
            self._by_operation.get(operation_id, ()),
            filters,
            narrowed=["operationId"],
            lagging_view=self._work.lagging_view(),
            versions=self._versions,
        )

    def list_operations(self, filters: Mapping[str, Any]) -> Selection[MessageOperation]:
        return select(
            self._operation_index,
            filters,
            lagging_view=self._work.lagging_view(),
            versions=self._operation_versions,
        )

    def forget_versions(self, horizon_ms: int) -> None:
        """Drop the earlier versions a lagging index no longer shows (under the lock)."""
        for versions in (self._versions, self._operation_versions):
            if versions is not None:
                versions.prune(horizon_ms)

    def versions_kept(self) -> int:
        return sum(len(v) for v in (self._versions, self._operation_versions) if v is not None)

    def _changing(self, operation: MessageOperation, messages: Iterable[Message] = ()) -> None:
        """`operation` (and `messages`) are about to change status: a lagging index keeps
        showing what they were."""
        now = self._work.now_ms()
        if self._operation_versions is not None:
            self._operation_versions.changing(operation, now)
        if self._versions is not None:
            for message in messages:
                self._versions.changing(message, now)

    def counts(self) -> dict[str, int]:
        return {"messages": len(self._messages), "messageOperations": len(self._operations)}

    def poll(self, operation_id: str, progression: Progression) -> MessageOperation:
        """A fetch of the Operation: counts towards `polls:N` progression."""
        with self._work.lock:
            return self._work.polled(self.operation(operation_id), progression)

    # --- retention ---------------------------------------------------------------------------

    def expire(self, now_ms: int) -> float:
        """Forget Messages and Message Operations past their retention (under the lock);
        returns when the next one comes due (see `Retention.expire`)."""
        retention = self._work.retention
        return min(
            retention.expire(self._index, now_ms, self._forget_message, self._held),
            retention.expire(self._operation_index, now_ms, self._forget_operation),
        )

    def _held(self) -> int:
        return self._held_bytes

    def _forget_message(self, message: Message) -> None:
        del self._messages[message.id]
        self._held_bytes -= stored_bytes(message)
        produced = self._by_operation.get(message.operation_id)
        if produced is not None:
            produced.discard(message)
            if not produced:
                del self._by_operation[message.operation_id]

    def _forget_operation(self, operation: MessageOperation) -> None:
        del self._operations[operation.id]

    # --- sending -----------------------------------------------------------------------------

    def send(
        self,
        recipients: list[Addressee],
        content: dict[str, object],
        tags: dict[str, str],
        source: From,
        rcs_capable: RcsCapability,
        progression: Progression,
        send_at_ms: int | None = None,
    ) -> MessageOperation:
        """Accept a send; with `send_at_ms`, a scheduled one (that time must be in the future)."""
        work = self._work
        with work.lock:
            created_ms = work.now_ms()
            if send_at_ms is not None and send_at_ms <= created_ms:
                raise SendRejected("schedule.sendAt must be in the future", "body.schedule.sendAt")
            candidates = list(self._candidates(source))
            # Each person is reached at one address: a connected-address recipient's first
            # reachable one (see `routing.pick_address`).
            channels = active_channels(candidates)
            chosen = [pick_address(person, channels, rcs_capable) for person in recipients]
            rankings = rank_senders(chosen, candidates, rcs_capable, depth=1)
            plan = [
                (person, recipient, ranking[0])
                for person, recipient, ranking in zip(recipients, chosen, rankings, strict=True)
                if ranking
            ]
            stats = dict.fromkeys(self._stats, 0)
            stats.update(
                total=len(plan),
                recipients=len(recipients),
                unaddressable=len(recipients) - len(plan),
            )
            operation = MessageOperation(
                id=work.new_id(work.prefixes.operation),
                status="PROCESSING" if send_at_ms is None else "SCHEDULED",
                stats=stats,
                created_ms=created_ms,
                updated_ms=created_ms,
            )
            self._operations[operation.id] = operation
            self._operation_index.add(operation)
            self._work.retention.expire(self._operation_index, created_ms, self._forget_operation)
            pool_id = source.sender_pool_id
            if send_at_ms is None:
                stats["queued"] = len(plan)

                def finish() -> None:
                    messages = self._create(operation, plan, content, tags, pool_id, None)
                    self._complete(operation, messages)

                work.accept(operation, finish, progression)
                return operation
            stats["scheduled"] = len(plan)
            messages = self._create(operation, plan, content, tags, pool_id, send_at_ms)

            def release() -> None:
                self._move(operation, messages, "scheduled", "QUEUED", "queued")
                operation.status = "PROCESSING"

            work.accept(
                operation,
                lambda: self._complete(operation, messages),
                progression,
                at_ms=send_at_ms,
                release=release,
            )
            return operation

    def resolve(
        self,
        recipients: list[Recipient],
        source: From,
        rcs_capable: RcsCapability,
        control: ChannelControl = DEFAULT_CONTROL,
        depth: int | None = None,
    ) -> list[list[Sender]]:
        """Per recipient, the (at most `depth`) Senders that would serve it, best first: the
        first is what a send from `source` to the same recipients picks (a read; nothing
        changes)."""
        with self._work.lock:
            candidates = self._candidates(source, where="body")
            return rank_senders(recipients, candidates, rcs_capable, control, depth)

    def _candidates(self, source: From, where: str = "body.from") -> Iterable[Sender]:
        if source.sender_pool_id is not None:
            pool = self._senders.find_pool(source.sender_pool_id)
            if pool is None:
                raise SendRejected(
                    f"SenderPool {source.sender_pool_id} was not found", f"{where}.senderPoolId"
                )
            return list(pool.members)
        if source.address is not None:
            matching = [
                s
                for s in self._senders.all_senders()
                if (s.address, s.channel, s.status) == (source.address, source.channel, "ACTIVATED")
            ]
            if not matching:
                raise SendRejected(
                    f"no ACTIVATED {source.channel} Sender has the address {source.address}",
                    "body.from",
                )
            return matching
        return self._senders.all_senders()

    def _create(
        self,
        operation: MessageOperation,
        plan: list[tuple[Addressee, Recipient, Sender]],
        content: dict[str, object],
        tags: dict[str, str],
        pool_id: str | None,
        scheduled_ms: int | None,
    ) -> list[Message]:
        """The send's Messages, indexed: SCHEDULED for a scheduled send, else already SENT."""
        created_ms = self._work.now_ms()
        produced = self._by_operation.setdefault(operation.id, SortedKeyList(key=sort_key))
        messages = []
        for person, recipient, sender in plan:
            message_id = self._work.new_id(self._work.prefixes.message)
            message = Message(
                id=message_id,
                operation_id=operation.id,
                sender_id=sender.id,
                sender_pool_id=pool_id,
                from_address=sender.address,
                from_channel=sender.channel,
                to_address=recipient.address,
                to_channel=recipient.channel,
                to_profile=(
                    None
                    if person.profile_id is None or person.memory_store_id is None
                    else (person.profile_id, person.memory_store_id)
                ),
                to_variables=None if person.variables is None else dict(person.variables),
                content=dict(content),
                status=FINAL_MESSAGE_STATUS if scheduled_ms is None else "SCHEDULED",
                tags=dict(tags),
                attempt_id=_attempt_id(message_id),
                created_ms=created_ms,
                updated_ms=created_ms,
                scheduled_ms=scheduled_ms,
            )
            self._messages[message.id] = message
            self._held_bytes += stored_bytes(message)
            self._index.add(message)
            produced.add(message)
            messages.append(message)
        self._work.retention.expire(self._index, created_ms, self._forget_message, self._held)
        return messages

    def _move(
        self,
        operation: MessageOperation,
        messages: list[Message],
        counter: str,
        status: str,
        to: str,
    ) -> None:
        """Every Message of `operation` to `status`, its count from `counter` to `to`."""
        now = self._work.now_ms()
        self._changing(operation, messages)
        for message in messages:
            message.status = status
            message.updated_ms = now
        operation.stats[counter] -= len(messages)
        operation.stats[to] += len(messages)
        operation.updated_ms = now

    def _complete(self, operation: MessageOperation, messages: list[Message]) -> None:
        self._changing(operation)
        if any(m.status != FINAL_MESSAGE_STATUS for m in messages):
            self._move(operation, messages, "queued", FINAL_MESSAGE_STATUS, "sent")
        else:  # created SENT just now: the queued count moves over in one step
            operation.stats["queued"] -= len(messages)
            operation.stats["sent"] += len(messages)
        operation.stats["attempts"] = len(messages)
        operation.status = "COMPLETED"
        operation.updated_ms = self._work.now_ms()
