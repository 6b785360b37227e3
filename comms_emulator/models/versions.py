"""What a lagging list index still holds: the earlier versions of recently written records.

Under `eventual:SECONDS` consistency (see `consistency`) a list shows each record as it stood
`lag` ago. For a record written within the lag that is not its live state: `Versions` keeps, per
record ID, the states it went through since `horizon` (the oldest one the index may still show),
each with the time it began. A state is a snapshot taken just before an in-place change, the
live record itself (`LIVE`), or None (the record did not exist, or was removed).

The state progression of one record, as `Versions` sees it:

    (absent: the live record, or nothing, is shown)
      --changing/removed/added at t-->  [(since, earlier state), (t, new state)]
      --more writes-->                  ... one (t, state) per write ...
      --horizon passes the last write--> absent again (`prune`)

So memory holds only the records written in the last `lag`: `prune` (run before each request)
drops every record whose last write the horizon has passed, oldest write first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar


class Versioned(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=Versioned)


class _Live:
    """The state of a record that is in its live index now: show the record itself."""

    def __repr__(self) -> str:
        return "LIVE"


LIVE = _Live()
# A time before any write: an earlier state whose start does not matter (creation is hidden by
# `created_ms`, see `consistency`), or "absent" for a membership.
BEGINNING = -(2**62)

State = object  # a snapshot (T), LIVE or None


class Versions(Generic[T]):
    """The recent states of one collection's records (pools of an account, a pool's members)."""

    def __init__(self, copy: Callable[[T], T]) -> None:
        self._copy = copy
        # Record ID -> [(since_ms, state)], oldest first; the dict is ordered by last write
        # (a write moves its ID to the end), so `prune` stops at the first record still recent.
        self._recent: dict[str, list[tuple[int, State]]] = {}
        # Removed records (their last state is None) -> their last live version, for the view.
        self._removed: dict[str, T] = {}

    def __len__(self) -> int:
        """How many records have earlier versions kept (each a ghost or a previous version)."""
        return len(self._recent)

    # --- writes (under the account's lock, before the change is made) ------------------------

    def changing(self, record: T, now_ms: int) -> None:
        """`record` (live, and staying live) is about to change in place."""
        self._write(record.id, self._copy(record), LIVE, now_ms)

    def removed(self, record: T, now_ms: int) -> None:
        """`record` leaves its live index now (it is no longer changed: kept as it is)."""
        self._write(record.id, record, None, now_ms)
        self._removed[record.id] = record

    def added(self, record: T, now_ms: int) -> None:
        """`record` (not new: a member) enters the live index now."""
        self._write(record.id, None, LIVE, now_ms)
        self._removed.pop(record.id, None)

    def _write(self, record_id: str, before: State, after: State, now_ms: int) -> None:
        states = self._recent.pop(record_id, None)
        if states is None:
            states = [(BEGINNING, before)]
        elif states[-1][0] == now_ms:  # a state that lasted no time is never shown: replace it
            states.pop()
        else:  # its last state was LIVE (or None, when re-added): that is `before` now
            since, _ = states[-1]
            states[-1] = (since, before)
        states.append((now_ms, after))
        self._recent[record_id] = states

    # --- reads -------------------------------------------------------------------------------

    def at(self, record: T, horizon_ms: int) -> T | None:
        """What the index shows of live `record` at `horizon_ms` (None: nothing)."""
        states = self._recent.get(record.id)
        if states is None:
            return record
        return self._state_at(states, horizon_ms, record)

    def ghosts(self, horizon_ms: int) -> Iterator[T]:
        """The removed records the index still shows at `horizon_ms`, as they stood then."""
        for record_id, last in self._removed.items():
            shown = self._state_at(self._recent[record_id], horizon_ms, last)
            if shown is not None:
                yield shown

    def _state_at(self, states: list[tuple[int, State]], horizon_ms: int, live: T) -> T | None:
        for since, state in reversed(states):
            if since <= horizon_ms:
                if state is LIVE:
                    return live
                return state  # type: ignore[return-value]  # a snapshot or None
        return None

    # --- housekeeping ------------------------------------------------------------------------

    def prune(self, horizon_ms: int) -> None:
        """Forget every record whose last write is at or before `horizon_ms`: the index shows
        its live state (or, removed, nothing) from then on."""
        recent = self._recent
        while recent:
            record_id = next(iter(recent))
            if recent[record_id][-1][0] > horizon_ms:
                return  # ordered by last write: every later one is recent too
            del recent[record_id]
            self._removed.pop(record_id, None)
