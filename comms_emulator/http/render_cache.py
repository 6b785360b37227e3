"""Encoded pools, reused while the pool is unchanged, and list pages spliced from them.

Rendering and encoding 50 pools is most of the emulator's own work on a list page. An entry is
reused only while every field `pool_json` reads is what it was when the entry was made, so a
reused encoding is always the one `pool_json` would give now: nothing has to remember to
invalidate it. With the self-check on, every spliced page is also compared with the encoding
of its body (`http/dispatch.py`), so the kit's tests prove the two agree.
"""

from __future__ import annotations

from typing import Any

from comms_emulator.http.json_response import encode_json
from comms_emulator.http.render import pool_json
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import SenderPool

# A body and its JSON encoding; None for a body that cannot be encoded (a stored value the
# validation let through): left to the self-check and the dispatcher, which report it.
Rendered = tuple[dict[str, Any], bytes | None]


class PoolRenders:
    def __init__(self, size: int = 32_768) -> None:
        self._size = size  # bounded: the oldest entry goes first
        # pool ID -> ((name, created, updated), body, encoded body)
        self._entries: dict[str, tuple[tuple[str, int, int], dict[str, Any], bytes | None]] = {}

    def __call__(self, pool: SenderPool) -> Rendered:
        """`pool_json(pool)` (shared: the caller must not change it) and its encoding."""
        entry = self._entries.get(pool.id)
        if (
            entry is not None
            and entry[0] == (pool.name, pool.created_ms, pool.updated_ms)
            and entry[1]["tags"] == pool.tags
        ):
            return entry[1], entry[2]
        return self._render(pool)

    def many(self, pools: list[SenderPool]) -> tuple[list[dict[str, Any]], list[bytes | None]]:
        """`self(pool)` for each pool, as two lists. The loop is written out, with no call per
        hit, because it is the list path's inner loop (50 times a page)."""
        get = self._entries.get
        bodies: list[dict[str, Any]] = []
        raws: list[bytes | None] = []
        for pool in pools:
            entry = get(pool.id)
            if (
                entry is not None
                and entry[0] == (pool.name, pool.created_ms, pool.updated_ms)
                and entry[1]["tags"] == pool.tags
            ):
                bodies.append(entry[1])
                raws.append(entry[2])
            else:
                body, raw = self._render(pool)
                bodies.append(body)
                raws.append(raw)
        return bodies, raws

    def _render(self, pool: SenderPool) -> Rendered:
        body = pool_json(pool)
        try:
            encoded: bytes | None = encode_json(body)
        except (TypeError, ValueError):
            encoded = None
        if pool.id not in self._entries and len(self._entries) >= self._size:
            del self._entries[next(iter(self._entries))]
        self._entries[pool.id] = ((pool.name, pool.created_ms, pool.updated_ms), body, encoded)
        return body, encoded


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
