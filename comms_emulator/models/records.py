"""The resources an account holds. Plain slotted records: the HTTP side renders them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Protocol

from sortedcontainers import SortedKeyList

# The longest string the emulator stores (a pool's name, a Message's text, a Sender's address...),
# in characters. The docs print no limit for most; an emulator limit, far above any real one (an
# SMS is at most 1,600 characters), so that what is stored stays bounded, whether it comes
# through the API, the control plane or a sender file (docs/sdk-authors/emulator-limits.md).
MAX_STRING = 64 * 1024

# Sort key of every listable record: creation time, then ID (IDs are monotonic, so ties are rare
# and still totally ordered).
SortKey = tuple[int, str]


class Listable(Protocol):
    id: str
    created_ms: int


def sort_key(record: Listable) -> SortKey:
    """How every index and listing orders records."""
    return (record.created_ms, record.id)


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


# The fields of a pool a client is shown (`SenderPool.revision` counts their changes).
_SHOWN = frozenset({"id", "name", "tags", "created_ms", "updated_ms"})


# weakref_slot: the HTTP side's render cache refers to pools weakly, so a deleted pool is freed.
@dataclass(slots=True, weakref_slot=True)
class SenderPool:
    id: str
    name: str
    tags: Mapping[str, str]  # read-only: changed only by assigning new tags
    created_ms: int
    updated_ms: int
    # Members sorted like GET /Senders, so listing a pool's senders is a keyset scan too.
    members: SortedKeyList[Sender, SortKey] = field(
        default_factory=lambda: SortedKeyList(key=sort_key)
    )
    member_ids: set[str] = field(default_factory=set)
    operation_ids: set[str] = field(default_factory=set)
    # How often a shown field was assigned: what was rendered of this object at one revision
    # is still right while it has that revision (the HTTP side reuses encodings by it). Counted
    # here, on assignment, so no writer has to remember it; tags cannot change in place.
    revision: int = field(default=0, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHOWN:
            if name == "tags":
                value = MappingProxyType(dict(value))
            object.__setattr__(self, "revision", getattr(self, "revision", 0) + 1)
        object.__setattr__(self, name, value)


# A SenderPool Operation: a create, delete or membership change (a send's is MessageOperation).
@dataclass(slots=True)
class PoolOperation:
    id: str
    status: str
    total: int
    queued: int
    created: int
    failed: int
    created_ms: int
    updated_ms: int
    polls: int = 0


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
    scheduled_ms: int | None = None  # a scheduled send's time (`scheduledFor`); kept once sent
    to_profile: tuple[str, str] | None = None  # (profileId, memoryStoreId) of a profile recipient
    to_variables: dict[str, str] | None = None  # the recipient's `variables`, as sent

    # What the list filters compare (see `listing`): a Message is filtered by its sender's
    # channel, and belongs to the one Operation that sent it.
    @property
    def channel(self) -> str:
        return self.from_channel

    @property
    def operation_ids(self) -> tuple[str]:
        return (self.operation_id,)


@dataclass(slots=True)
class MessageOperation:
    id: str
    status: str
    stats: dict[str, int]  # every counter of the spec's MessageOperationStats, in its order
    created_ms: int
    updated_ms: int
    polls: int = 0
