"""One account's Messages and Message Operations: sends, their Operations, and the Messages
they produce.

A send is planned when it is accepted (which Sender serves which recipient, see `routing`) and
its Messages appear together when the Operation completes. A Message keeps the ID of the pool it
was sent from, so deleting the pool later leaves it intact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sortedcontainers import SortedKeyList

from comms_emulator.models.clock import now_ms
from comms_emulator.models.errors import ResourceNotFound
from comms_emulator.models.ids import OPERATION_PREFIX
from comms_emulator.models.progression import Progression
from comms_emulator.models.records import (
    MESSAGE_STATS,
    Message,
    MessageOperation,
    Sender,
    SortKey,
    sort_key,
)
from comms_emulator.models.routing import RcsCapability, Recipient, choose_senders

if TYPE_CHECKING:
    from comms_emulator.models.account import AccountState

MESSAGE_PREFIX = "comms_message_"
# What the emulator's Messages end as: it hands nothing to a carrier, so nothing is delivered.
FINAL_MESSAGE_STATUS = "SENT"


class SendRejected(ValueError):
    """The send names a sending identity the account does not have; nothing is sent."""

    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


@dataclass(frozen=True)
class From:
    """Where a send's Senders come from: a pool, one Sender by address, or (neither) all."""

    sender_pool_id: str | None = None
    address: str | None = None
    channel: str | None = None


def _attempt_id(message_id: str) -> str:
    # An SM SID per delivery attempt, derived from the Message so it is stable across fetches.
    return "SM" + hashlib.blake2b(message_id.encode(), digest_size=16).hexdigest()


class MessageBook:
    def __init__(self, account: AccountState) -> None:
        self._account = account
        self.messages: dict[str, Message] = {}
        self.index: SortedKeyList[Message, SortKey] = SortedKeyList(key=sort_key)
        self.by_operation: dict[str, SortedKeyList[Message, SortKey]] = {}
        self.operations: dict[str, MessageOperation] = {}
        self.operation_index: SortedKeyList[MessageOperation, SortKey] = SortedKeyList(key=sort_key)

    # --- reads -------------------------------------------------------------------------------

    def message(self, message_id: str) -> Message:
        try:
            return self.messages[message_id]
        except KeyError:
            raise ResourceNotFound("Message", message_id) from None

    def operation(self, operation_id: str) -> MessageOperation:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise ResourceNotFound("Message Operation", operation_id) from None

    def poll(self, operation_id: str, progression: Progression) -> MessageOperation:
        """A fetch of the Operation: counts towards `polls:N` progression."""
        with self._account.lock:
            return self._account.polled(self.operation(operation_id), progression)

    # --- sending -----------------------------------------------------------------------------

    def send(
        self,
        recipients: list[Recipient],
        content: dict[str, object],
        tags: dict[str, str],
        source: From,
        rcs_capable: RcsCapability,
        progression: Progression,
    ) -> MessageOperation:
        account = self._account
        with account.lock:
            candidates = self._candidates(source)
            plan = [
                (recipient, sender)
                for recipient, sender in zip(
                    recipients, choose_senders(recipients, candidates, rcs_capable), strict=True
                )
                if sender is not None
            ]
            created_ms = now_ms()
            stats = dict.fromkeys(MESSAGE_STATS, 0)
            stats.update(
                total=len(plan),
                recipients=len(recipients),
                queued=len(plan),
                unaddressable=len(recipients) - len(plan),
            )
            operation = MessageOperation(
                id=account.new_id(OPERATION_PREFIX),
                status="PROCESSING",
                stats=stats,
                created_ms=created_ms,
                updated_ms=created_ms,
            )
            self.operations[operation.id] = operation
            self.operation_index.add(operation)

            def finish() -> None:
                self._deliver(operation, plan, content, tags, source.sender_pool_id)

            account.accept(operation, finish, progression)
            return operation

    def _candidates(self, source: From) -> Iterable[Sender]:
        account = self._account
        if source.sender_pool_id is not None:
            pool = account.pools.get(source.sender_pool_id)
            if pool is None:
                raise SendRejected(
                    f"SenderPool {source.sender_pool_id} was not found", "body.from.senderPoolId"
                )
            return list(pool.members)
        if source.address is not None:
            matching = [
                s
                for s in account.senders.values()
                if (s.address, s.channel, s.status) == (source.address, source.channel, "ACTIVATED")
            ]
            if not matching:
                raise SendRejected(
                    f"no ACTIVATED {source.channel} Sender has the address {source.address}",
                    "body.from",
                )
            return matching
        return account.senders.values()

    def _deliver(
        self,
        operation: MessageOperation,
        plan: list[tuple[Recipient, Sender]],
        content: dict[str, object],
        tags: dict[str, str],
        pool_id: str | None,
    ) -> None:
        created_ms = now_ms()
        produced = self.by_operation.setdefault(operation.id, SortedKeyList(key=sort_key))
        for recipient, sender in plan:
            message_id = self._account.new_id(MESSAGE_PREFIX)
            message = Message(
                id=message_id,
                operation_id=operation.id,
                sender_id=sender.id,
                sender_pool_id=pool_id,
                from_address=sender.address,
                from_channel=sender.channel,
                to_address=recipient.address,
                to_channel=recipient.channel,
                content=dict(content),
                status=FINAL_MESSAGE_STATUS,
                tags=dict(tags),
                attempt_id=_attempt_id(message_id),
                created_ms=created_ms,
                updated_ms=created_ms,
            )
            self.messages[message.id] = message
            self.index.add(message)
            produced.add(message)
        stats = operation.stats
        stats["queued"] = 0
        stats["attempts"] = stats["sent"] = len(plan)
        operation.status = "COMPLETED"
        operation.updated_ms = now_ms()
