"""The resources an account holds. Plain slotted records: the HTTP side renders them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sortedcontainers import SortedKeyList

from comms_spec import load_spec

# Sort key of every listable record: creation time, then ID (IDs are monotonic, so ties are rare
# and still totally ordered).
SortKey = tuple[int, str]


@dataclass(slots=True)
class Sender:
    id: str
    display_name: str | None
    address: str
    channel: str
    status: str
    tags: dict[str, str]
    created_ms: int
    updated_ms: int

    @property
    def key(self) -> SortKey:
        return (self.created_ms, self.id)


def _sender_key(sender: Sender) -> SortKey:
    return (sender.created_ms, sender.id)


@dataclass(slots=True)
class SenderPool:
    id: str
    name: str
    tags: dict[str, str]
    created_ms: int
    updated_ms: int
    # Members sorted like GET /Senders, so listing a pool's senders is a keyset scan too.
    members: SortedKeyList[Sender, SortKey] = field(
        default_factory=lambda: SortedKeyList(key=_sender_key)
    )
    member_ids: set[str] = field(default_factory=set)
    operation_ids: set[str] = field(default_factory=set)

    @property
    def key(self) -> SortKey:
        return (self.created_ms, self.id)


@dataclass(slots=True)
class Operation:
    id: str
    status: str
    total: int
    queued: int
    created: int
    failed: int
    created_ms: int
    updated_ms: int
    polls: int = 0

    @property
    def key(self) -> SortKey:
        return (self.created_ms, self.id)


# Counters of a Message Operation, in the spec's order; `MessageOperation.stats` holds them all.
MESSAGE_STATS: tuple[str, ...] = tuple(
    load_spec()["components"]["schemas"]["MessageOperationStats"]["required"]
)


@dataclass(slots=True)
class Message:
    id: str
    operation_id: str
    sender_id: str
    sender_pool_id: str | None  # kept when the pool is deleted later
    from_address: str
    from_channel: str
    to_address: str
    to_channel: str
    content: dict[str, object]
    status: str
    tags: dict[str, str]
    attempt_id: str
    created_ms: int
    updated_ms: int

    @property
    def key(self) -> SortKey:
        return (self.created_ms, self.id)


@dataclass(slots=True)
class MessageOperation:
    id: str
    status: str
    stats: dict[str, int]
    created_ms: int
    updated_ms: int
    polls: int = 0

    @property
    def key(self) -> SortKey:
        return (self.created_ms, self.id)
