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

from comms_emulator.http.json_response import encode_json
from comms_emulator.http.render import pool_json
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import SenderPool

# A body and its JSON encoding; None for a body that cannot be encoded (a stored value the
# validation let through): left to the self-check and the dispatcher, which report it.
Rendered = tuple[dict[str, Any], bytes | None]


class PoolRenders:
    def __init__(self, size: int = 32_768, pages: int = 1024) -> None:
        self._size = size  # bounded: the oldest entry goes first
        # pool ID -> (the pool object, its revision, body, encoded body)
        self._entries: dict[str, tuple[SenderPool, int, dict[str, Any], bytes | None]] = {}
        self._pages_size = pages
        # (collection, self token, next token) -> (pools, their revisions, body, encoded)
        self._pages: dict[tuple[str, str, str | None], _RenderedPage] = {}

    def __call__(self, pool: SenderPool) -> Rendered:
        """`pool_json(pool)` (shared: the caller must not change it) and its encoding."""
        entry = self._entries.get(pool.id)
        if entry is not None and entry[0] is pool and entry[1] == pool.revision:
            return entry[2], entry[3]
        return self._render(pool)

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
        key = (collection, page.self_token, page.next_token)
        revisions = list(map(_REVISION, page.items))
        hit = self._pages.get(key)
        # `is`-equal items compare equal at once; any other pool object misses.
        if hit is not None and hit[1] == revisions and _same(hit[0], page.items):
            return hit[2], hit[3]
        body, encoded = spliced_page(collection, page, self)
        if key not in self._pages and len(self._pages) >= self._pages_size:
            del self._pages[next(iter(self._pages))]
        self._pages[key] = (list(page.items), revisions, body, encoded)
        return body, encoded

    def _render(self, pool: SenderPool) -> Rendered:
        body = pool_json(pool)
        try:
            encoded: bytes | None = encode_json(body)
        except (TypeError, ValueError):
            encoded = None
        if pool.id not in self._entries and len(self._entries) >= self._size:
            del self._entries[next(iter(self._entries))]
        self._entries[pool.id] = (pool, pool.revision, body, encoded)
        return body, encoded


_REVISION = attrgetter("revision")
_RenderedPage = tuple[list[SenderPool], list[int], dict[str, Any], bytes | None]


def _same(cached: list[SenderPool], items: list[SenderPool]) -> bool:
    return len(cached) == len(items) and all(map(operator.is_, cached, items))


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
