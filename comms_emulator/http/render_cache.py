"""Encoded pools, reused while the pool is unchanged, and list pages spliced from them.

Rendering and encoding 50 pools is most of the emulator's own work on a list page. An entry is
reused only for the same pool object at the same `revision` (which the record counts itself on
every assignment of a shown field, see `records.SenderPool`), so a reused encoding is always
the one `pool_json` would give now: nothing has to remember to invalidate it. A whole page is
reused likewise, while it holds the same pool objects at the same revisions. With the
self-check on, every spliced page is also compared with the encoding of its body
(`http/dispatch.py`), so the kit's tests prove the two agree.
"""

from __future__ import annotations

import operator
from operator import attrgetter
from typing import Any
from weakref import ref

from comms_emulator.http.json_response import encode_json
from comms_emulator.http.render import pool_json
from comms_emulator.http.reply import Reply
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import SenderPool

# A body and its JSON encoding; None for a body that cannot be encoded (a stored value the
# validation let through): left to the self-check and the dispatcher, which report it.
Rendered = tuple[dict[str, Any], bytes | None]


# What the cache may hold, as an estimate of the memory its entries keep alive (an encoding,
# and the body whose strings a deleted pool no longer shares): 32 MiB, whatever the pools hold.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
_ENTRY_OVERHEAD = 600  # a body dict, its tuple and key, before any string in it
_REPLY_OVERHEAD = 700  # a kept `Reply` and its two ASGI messages (their dicts, list, tuples)


class PoolRenders:
    def __init__(
        self, size: int = 32_768, pages: int = 1024, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self._size = size  # bounded by count and by bytes: the oldest entry goes first
        self._max_bytes = max_bytes
        self._bytes = 0
        # pool ID -> (the pool object, weakly: a deleted pool is not kept alive here, its
        # revision, body, encoded body, its cost in bytes, and its fetch's `Reply` once a fetch
        # asked for it)
        self._entries: dict[str, _Entry] = {}
        self._pages_size = pages
        # (collection, self token, next token) -> (pools, weakly; revisions, the page's
        # `Reply`, cost)
        self._pages: dict[tuple[str, str, str | None], _RenderedPage] = {}
        # The world's generation the entries belong to (read, not set, outside `follow`).
        self.generation = 0

    def follow(self, generation: int) -> None:
        """Forget everything once the world's generation moved (a reset, a new inventory):
        the pools rendered before it are gone, and must not be kept alive here."""
        if generation != self.generation:
            self._entries.clear()
            self._pages.clear()
            self._bytes = 0
            self.generation = generation

    @property
    def held_bytes(self) -> int:
        return self._bytes

    def __call__(self, pool: SenderPool) -> Rendered:
        """`pool_json(pool)` (shared: the caller must not change it) and its encoding."""
        entry = self._entries.get(pool.id)
        if entry is not None and entry[0]() is pool and entry[1] == pool.revision:
            return entry[2], entry[3]
        return self._render(pool)

    def reply(self, pool: SenderPool) -> Reply:
        """The answer to a fetch of `pool`: one `Reply`, answered again while the pool is
        unchanged (its ASGI messages built once, see `reply.py`)."""
        entry = self._entries.get(pool.id)
        if entry is not None and entry[0]() is pool and entry[1] == pool.revision:
            kept = entry[5]
            if kept is not None:
                return kept
        else:
            body, encoded = self._render(pool)
            entry = self._entries.get(pool.id)
            if entry is None:  # not kept (larger than the whole cache): answered once
                return Reply(200, body, encoded=encoded)
        reply = Reply.reused(entry[2], entry[3])
        # The same key: the entry keeps its place in the order the oldest go first by.
        self._entries[pool.id] = (*entry[:4], entry[4] + _REPLY_OVERHEAD, reply)
        self._bytes += _REPLY_OVERHEAD
        self._shrink()
        return reply

    def many(self, pools: list[SenderPool]) -> tuple[list[dict[str, Any]], list[bytes | None]]:
        """`self(pool)` for each pool, as two lists."""
        bodies: list[dict[str, Any]] = []
        raws: list[bytes | None] = []
        for pool in pools:
            body, raw = self(pool)
            bodies.append(body)
            raws.append(raw)
        return bodies, raws

    def page(self, collection: str, page: Page[Any]) -> Rendered:
        """`spliced_page(collection, page, self)`, reused while the page holds the same pool
        objects at the same revisions (compared in C: a list of 50 is the common answer)."""
        reply = self.page_reply(collection, page)
        return reply.body, reply.encoded

    def page_reply(self, collection: str, page: Page[Any]) -> Reply:
        """The answer to a list of this page: `page` as one `Reply`, answered again while it
        holds the same pools at the same revisions (its ASGI messages built once)."""
        key = (collection, page.self_token, page.next_token)
        revisions = list(map(_REVISION, page.items))
        hit = self._pages.get(key)
        # `is`-equal items compare equal at once; any other pool object misses.
        if hit is not None and hit[1] == revisions and _same(hit[0], page.items):
            return hit[2]
        body, encoded = spliced_page(collection, page, self)
        reply = Reply.reused(body, encoded)
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= old[3]
        if len(self._pages) >= self._pages_size:
            self._bytes -= self._pages.pop(next(iter(self._pages)))[3]
        cost = _cost(encoded) + 8 * len(page.items) + _REPLY_OVERHEAD
        self._pages[key] = ([ref(p) for p in page.items], revisions, reply, cost)
        self._bytes += cost
        self._shrink()
        return reply

    def _render(self, pool: SenderPool) -> Rendered:
        body = pool_json(pool)
        try:
            # A copy: orjson's result keeps its whole (4 KiB) write buffer, 25x a small pool's
            # encoding, and this one is kept.
            encoded: bytes | None = memoryview(encode_json(body)).tobytes()
        except (TypeError, ValueError):
            encoded = None
        old = self._entries.pop(pool.id, None)
        if old is not None:
            self._bytes -= old[4]
        if len(self._entries) >= self._size:
            self._bytes -= self._entries.pop(next(iter(self._entries)))[4]
        cost = _cost(encoded)
        self._entries[pool.id] = (ref(pool), pool.revision, body, encoded, cost, None)
        self._bytes += cost
        self._shrink()
        return body, encoded

    def _shrink(self) -> None:
        """Drop the oldest pages, then the oldest pools, until the estimate fits. (What the
        current request renders stays valid for it: the caller holds its own references.)"""
        while self._bytes > self._max_bytes and self._pages:
            self._bytes -= self._pages.pop(next(iter(self._pages)))[3]
        while self._bytes > self._max_bytes and self._entries:
            self._bytes -= self._entries.pop(next(iter(self._entries)))[4]


def _cost(encoded: bytes | None) -> int:
    # The encoding, plus as much again for the body's strings (shared with a live pool, but
    # all the cache keeps of a deleted one); a body that cannot be encoded is rare: a flat guess.
    return _ENTRY_OVERHEAD + (2 * len(encoded) if encoded is not None else 8192)


_REVISION = attrgetter("revision")
_Entry = tuple["ref[SenderPool]", int, dict[str, Any], bytes | None, int, Reply | None]
_RenderedPage = tuple[list["ref[SenderPool]"], list[int], Reply, int]


def _same(cached: list[ref[SenderPool]], items: list[SenderPool]) -> bool:
    # Each reference called, and compared, in C (`operator.call`): no Python frame per item.
    return len(cached) == len(items) and all(map(operator.is_, map(operator.call, cached), items))


def spliced_page(
    collection: str, page: Page[Any], renders: PoolRenders
) -> tuple[dict[str, Any], bytes | None]:
    """The list envelope (as `render.page_json` builds it) and its encoding, joined from the
    items' encodings instead of encoding them again."""
    items, raws = renders.many(page.items)
    pagination = {"next": page.next_token, "self": page.self_token}
    body = {collection: items, "pagination": pagination}
    if None in raws:
        return body, None
    encoded = b"".join(
        [
            b"{",
            encode_json(collection),
            b":[",
            b",".join(raws),  # type: ignore[arg-type]  # no None, checked above
            b'],"pagination":',
            encode_json(pagination),
            b"}",
        ]
    )
    return body, encoded
