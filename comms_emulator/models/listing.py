"""One list-filter mechanism for every list operation.

A list request's filters are its operation's query parameters (or, for Search Senders, the
properties of its body; read from the contract by the HTTP layer), minus the ones that shape the
page rather than select items (`PAGE_PARAMETERS`).
Each filter name has one meaning here, whatever the collection: a book answers a list query with
a `Selection` (the index to scan and the condition items must meet), and pagination scans it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from comms_spec import parse_tag_filter

if TYPE_CHECKING:
    from comms_emulator.models.consistency import LaggingView
    from comms_emulator.models.versions import Versions

T = TypeVar("T")
Condition = Callable[[Any], bool]

# The date window and page tokens are operation semantics (see models.pagination), not filters.
PAGE_PARAMETERS = frozenset({"pageSize", "pageToken", "startDate", "endDate"})


def _equals(attribute: str) -> Callable[[Any], Condition]:
    get = attrgetter(attribute)

    def condition(value: Any) -> Condition:
        return lambda record: get(record) == value

    return condition


def _has_tags(text: str) -> Condition:
    wanted = parse_tag_filter(text).items()
    return lambda record: all(record.tags.get(k) == v for k, v in wanted)


def _from_operation(operation_id: str) -> Condition:
    return lambda record: operation_id in record.operation_ids


def _nothing(_: Any) -> Condition:
    # The emulator keeps no sessions or profiles, so filters on them match nothing.
    return lambda record: False


# Query parameter -> the condition a value of it puts on a record.
FILTERS: dict[str, Callable[[Any], Condition]] = {
    "address": _equals("address"),  # Search Senders: the exact address
    "channel": _equals("channel"),
    "status": _equals("status"),
    "tags": _has_tags,
    "operationId": _from_operation,
    "sessionId": _nothing,
    "profile": _nothing,
}


@dataclass(slots=True)  # per request: frozen would cost 4x to build (a setattr per field)
class Selection(Generic[T]):
    """What a list query sees: an index (sorted by `records.sort_key`, or a small unsorted set)
    and the condition its items must meet (None: all of them)."""

    source: Iterable[T]
    matches: Condition | None

    def __iter__(self) -> Iterator[T]:
        return (item for item in self.source if self.matches is None or self.matches(item))


def select(
    source: Iterable[T],
    filters: Mapping[str, Any],
    *,
    narrowed: Iterable[str] = (),
    lagging_view: LaggingView | None = None,
    versions: Versions[Any] | None = None,
) -> Selection[T]:
    """`source` under every given filter, except those `source` is already narrowed by; with
    `lagging_view` (the index as it stood `lag` ago, see `consistency`), `source` as it stood
    then, merged with the earlier `versions` of its records and the ones removed since."""
    skip = set(narrowed)
    if lagging_view is not None:
        source = lagging_view.view(source, versions)
        # A removed record's ghost comes from the whole collection: filter it like any other.
        skip = set()
    conditions = [
        FILTERS[name](value)
        for name, value in filters.items()
        if value is not None and name not in skip
    ]
    if not conditions:
        return Selection(source, None)
    if len(conditions) == 1:
        return Selection(source, conditions[0])
    return Selection(source, lambda record: all(c(record) for c in conditions))


def unknown_filters(names: Iterable[str]) -> list[str]:
    """The names this module gives no meaning to (the emulator refuses to start on them)."""
    return sorted(set(names) - PAGE_PARAMETERS - set(FILTERS))
