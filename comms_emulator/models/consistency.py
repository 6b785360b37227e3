"""How soon lists show a write: `strong` (at once, the default) or `eventual:SECONDS`.

A real API serves lists from a secondary index that lags its writes; fetch by id reads the
primary and is consistent. `eventual` reproduces that for every write, so clients and the
conformance suite can be tested against it. A list shows each record as it stood `lag` ago
(the `horizon`):

- a created pool, Operation or Message is hidden until `lag` after its creation;
- after a PATCH (or any in-place change: an Operation or Message changing status, a pool's
  `updatedAt` moving with its membership) the list shows the previous version for `lag`;
- a deleted pool stays listed, as it last stood, for `lag`;
- a pool's senders list shows the previous membership for `lag` after senders are added or
  removed.

Fetch by id (and a pool's senders list of a deleted pool: a 404) is consistent at once. The
earlier versions live in `versions.Versions`; `LaggedIndex` merges them with the live index in
sort-key order, so keyset pagination stays exact: every record is listed at most once per view,
page tokens keep working, and filters apply to the version shown (as a real index's would).
With `strong` none of this exists: `UnitOfWork.lagging_view()` is None and lists read the live
index.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sortedcontainers import SortedKeyList

from comms_emulator.models.clock import Clock
from comms_emulator.models.records import SortKey, sort_key
from comms_emulator.models.versions import Versions

T = TypeVar("T", bound=Any)


@dataclass(frozen=True)
class Consistency:
    lag_ms: int = 0

    @classmethod
    def parse(cls, text: str) -> Consistency:
        """`strong` or `eventual:SECONDS` (a non-negative number); ValueError otherwise."""
        if text == "strong":
            return cls()
        mode, _, seconds = text.partition(":")
        try:
            lag = float(seconds)
        except ValueError:
            lag = -1.0
        if mode != "eventual" or not 0 <= lag <= 3600:
            raise ValueError(
                f"consistency must be 'strong' or 'eventual:SECONDS' (0..3600), not {text!r}"
            )
        return cls(round(lag * 1000))

    @property
    def lagging(self) -> bool:
        return self.lag_ms > 0

    def lagging_view(self, clock: Clock) -> LaggingView | None:
        """What a list may show now (None: every live record, as it is)."""
        if not self.lag_ms:
            return None
        return LaggingView(clock.now_ms() - self.lag_ms)

    def __str__(self) -> str:
        return f"eventual:{self.lag_ms / 1000:g}" if self.lag_ms else "strong"


@dataclass(frozen=True)
class LaggingView:
    """The index as it stood `lag` ago (at `horizon_ms`, the moment it has caught up to): lists
    show records as they stood then."""

    horizon_ms: int

    def view(self, live: Iterable[T], versions: Versions[T] | None) -> LaggedIndex[T]:
        return LaggedIndex(live, versions, self.horizon_ms)


@dataclass(frozen=True)
class LaggedIndex(Generic[T]):
    """`live` (sorted by `sort_key`, or a small unsorted set) as it stood at `horizon_ms`: its
    records created by then, each in the version it had then, and the removed records still
    shown then, in sort-key order. Scanned like a `SortedKeyList` (`irange_key`)."""

    live: Iterable[T]
    versions: Versions[T] | None
    horizon_ms: int

    def irange_key(
        self,
        min_key: SortKey,
        max_key: SortKey | None,
        inclusive: tuple[bool, bool] = (True, False),
    ) -> Iterator[T]:
        assert inclusive == (True, False)  # the only range pagination asks for

        def inside(record: T) -> bool:
            key = sort_key(record)
            return key >= min_key and (max_key is None or key < max_key)

        if isinstance(self.live, SortedKeyList):
            live: Iterable[T] = self.live.irange_key(min_key, max_key, inclusive=inclusive)
        else:
            live = sorted(filter(inside, self.live), key=sort_key)
        shown = self._shown(live)
        if self.versions is None:
            return shown
        # A removed record keeps its sort key, so its ghost slots in where it was listed; one
        # removed before the index showed it at all is never shown.
        horizon = self.horizon_ms
        ghosts = sorted(
            (g for g in self.versions.ghosts(horizon) if g.created_ms <= horizon and inside(g)),
            key=sort_key,
        )
        return heapq.merge(shown, ghosts, key=sort_key) if ghosts else shown

    def __iter__(self) -> Iterator[T]:
        return self.irange_key((-(2**62), ""), None)

    def _shown(self, live: Iterable[T]) -> Iterator[T]:
        horizon, versions = self.horizon_ms, self.versions
        for record in live:
            if record.created_ms > horizon:
                continue
            shown = record if versions is None else versions.at(record, horizon)
            if shown is not None:
                yield shown
