"""Cursor pagination: keyset scans over sorted indexes, with opaque signed tokens.

A token names the first item of a page by its sort key, so a page costs O(log n + page size)
however many items exist, and items deleted or created between page requests never shift the
others: every item present throughout is returned exactly once.

Tokens are HMAC-signed over the list they belong to (account, collection, filters). A forged
token, or one from another account or another filter set, fails verification and is a 400.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any, Generic, TypeVar

from sortedcontainers import SortedKeyList

from comms_emulator.models.consistency import LaggedIndex
from comms_emulator.models.errors import InvalidPageToken
from comms_emulator.models.records import SortKey

T = TypeVar("T")

_MAC_BYTES = 12
_TOKEN_TEXT = re.compile(r"[A-Za-z0-9_-]{1,512}")
MIN_KEY_ID = ""  # sorts before every ID, so (ms, "") is "the start of millisecond ms"


class TokenCodec:
    def __init__(self, secret: bytes, remembered: int = 4096) -> None:
        self._secret = secret
        # A token is a pure function of (scope, key), and a busy list hands out the same few
        # (every first page's `self`) again and again: an HMAC a time is worth remembering.
        self._issued: dict[tuple[str, SortKey], str] = {}
        self._remembered = remembered

    def encode(self, scope: str, key: SortKey) -> str:
        token = self._issued.get((scope, key))
        if token is None:
            payload = f"{key[0]}:{key[1]}".encode()
            mac = self._mac(scope, payload)
            token = base64.urlsafe_b64encode(payload + b"." + mac).decode().rstrip("=")
            if len(self._issued) >= self._remembered:
                self._issued.clear()  # bounded; forgetting only costs the HMAC again
            self._issued[(scope, key)] = token
        return token

    def decode(self, scope: str, token: str) -> SortKey:
        # Only the exact text `encode` writes: base64 decoding alone would skip junk characters
        # and accept other spellings of the same bytes.
        if not _TOKEN_TEXT.fullmatch(token):
            raise InvalidPageToken("the page token was not issued for this list")
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            if base64.urlsafe_b64encode(raw).decode().rstrip("=") != token:
                raise InvalidPageToken("the page token was not issued for this list")
            payload, mac = raw[: -_MAC_BYTES - 1], raw[-_MAC_BYTES:]
            if raw[-_MAC_BYTES - 1 : -_MAC_BYTES] != b"." or not hmac.compare_digest(
                mac, self._mac(scope, payload)
            ):
                raise InvalidPageToken("the page token was not issued for this list")
            ms, _, resource_id = payload.decode().partition(":")
            return (int(ms), resource_id)
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidPageToken("the page token was not issued for this list") from error

    def _mac(self, scope: str, payload: bytes) -> bytes:
        return hmac.new(self._secret, scope.encode() + b"\0" + payload, hashlib.sha256).digest()[
            :_MAC_BYTES
        ]


def list_scope(account: str, operation: str, filters: dict[str, Any]) -> str:
    """What a token is bound to: the account, the list operation that issued it (two lists of
    the same collection, such as pool and Message Operations, never share tokens) and every
    filter. pageSize is not part of it: it may change between pages."""
    parts = [f"{k}={v}" for k, v in sorted(filters.items()) if v is not None]
    return "|".join([account, operation, *parts])


@dataclass(slots=True)  # per request: frozen would cost 4x to build (a setattr per field)
class Page(Generic[T]):
    items: list[T]
    self_token: str
    next_token: str | None


@dataclass(slots=True)  # per request: frozen would cost 4x to build (a setattr per field)
class Window:
    """The part of an index a request may see: [start, end) in sort-key space."""

    start: SortKey
    end: SortKey | None

    @classmethod
    def of(cls, start_ms: int | None, end_ms: int | None) -> Window:
        if start_ms is None and end_ms is None:
            return WHOLE  # the common list: no dates
        return cls(
            (start_ms if start_ms is not None else FIRST_KEY[0], MIN_KEY_ID),
            None if end_ms is None else (end_ms, MIN_KEY_ID),
        )


FIRST_KEY: SortKey = (-(2**62), MIN_KEY_ID)  # sorts before every record's key
WHOLE = Window(FIRST_KEY, None)  # every item (read-only: shared by the lists that ask for it)


def paginate(
    index: SortedKeyList[T, SortKey] | LaggedIndex[T] | Iterable[T],
    *,
    key: Callable[[T], SortKey],
    window: Window,
    cursor: SortKey | None,
    page_size: int,
    matches: Callable[[T], bool] | None,
    codec: TokenCodec,
    scope: str,
) -> Page[T]:
    start = max(window.start, cursor) if cursor is not None else window.start
    # int(): JSON Schema calls 50.0 an integer, and a body's pageSize arrives as the client
    # wrote it (islice and slices take only an int).
    size = int(page_size)
    if isinstance(index, SortedKeyList) and matches is None:
        # Unfiltered (the common list): one slice of the index, no per-item iteration.
        # From the first item, the first page needs no search (a slice stops at the end).
        low = 0 if start is FIRST_KEY else index.bisect_key_left(start)
        if window.end is None:
            items: list[T] = index[low : low + size + 1]
        else:
            items = index[low : min(index.bisect_key_left(window.end), low + size + 1)]
        return _page(items, size, key, codec, scope, start)
    # A lagging index (see `consistency`) is scanned like the live one it wraps.
    if isinstance(index, (SortedKeyList, LaggedIndex)):
        candidates: Iterable[T] = index.irange_key(
            min_key=start, max_key=window.end, inclusive=(True, False)
        )
    else:  # a small, unsorted set (e.g. the pools of one Operation)
        candidates = sorted(
            (i for i in index if key(i) >= start and (window.end is None or key(i) < window.end)),
            key=key,
        )
    if matches is not None:
        candidates = filter(matches, candidates)
    # One item past the page says whether there is a next one; islice keeps the walk in C.
    return _page(list(islice(candidates, size + 1)), size, key, codec, scope, start)


def _page(
    items: list[T],
    size: int,
    key: Callable[[T], SortKey],
    codec: TokenCodec,
    scope: str,
    start: SortKey,
) -> Page[T]:
    """The page of `items` (up to one more than `size`: the first of the next page)."""
    following: T | None = items.pop() if len(items) > size else None
    return Page(
        items=items,
        self_token=codec.encode(scope, start),
        next_token=None if following is None else codec.encode(scope, key(following)),
    )
