from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sortedcontainers import SortedKeyList

from comms_emulator.models.errors import InvalidPageToken
from comms_emulator.models.pagination import (
    TokenCodec,
    Window,
    list_scope,
    paginate,
)

Item = tuple[int, str]


def _key(item: Item) -> Item:
    return item


def test_tokens_round_trip_and_are_bound_to_their_scope() -> None:
    codec = TokenCodec(b"secret")
    token = codec.encode("AC1|SenderPools", (1700000000000, "comms_senderpool_x"))
    assert codec.decode("AC1|SenderPools", token) == (1700000000000, "comms_senderpool_x")
    with pytest.raises(InvalidPageToken):
        codec.decode("AC2|SenderPools", token)
    with pytest.raises(InvalidPageToken):
        TokenCodec(b"other").decode("AC1|SenderPools", token)


def test_scope_ignores_absent_filters_and_their_order() -> None:
    assert list_scope("AC1", "senders", {"channel": "SMS", "status": None}) == list_scope(
        "AC1", "senders", {"channel": "SMS"}
    )
    assert list_scope("AC1", "senders", {"a": 1, "b": 2}) == list_scope(
        "AC1", "senders", {"b": 2, "a": 1}
    )


def test_a_page_does_not_scan_past_what_it_needs() -> None:
    """Keyset: the work for one page is bounded by the page, not by the collection."""
    visited = 0

    def matches(item: Item) -> bool:
        nonlocal visited
        visited += 1
        return True

    index: SortedKeyList[Item, Item] = SortedKeyList(
        ((i, f"id{i:06d}") for i in range(100_000)), key=_key
    )
    codec = TokenCodec(b"s")
    page = paginate(
        index,
        key=_key,
        window=Window.of(None, None),
        cursor=(90_000, ""),
        page_size=10,
        matches=matches,
        codec=codec,
        scope="s",
    )
    assert [i for i, _ in page.items] == list(range(90_000, 90_010))
    assert visited == 11  # ten items and the one that names the next page


def test_window_bounds_are_start_inclusive_end_exclusive() -> None:
    index: SortedKeyList[Item, Item] = SortedKeyList(((i, f"id{i}") for i in range(10)), key=_key)
    page = paginate(
        index,
        key=_key,
        window=Window.of(3, 6),
        cursor=None,
        page_size=100,
        matches=None,
        codec=TokenCodec(b"s"),
        scope="s",
    )
    assert [i for i, _ in page.items] == [3, 4, 5]
    assert page.next_token is None


def test_unsorted_sources_are_sorted_and_windowed() -> None:
    items = [(5, "e"), (1, "a"), (3, "c")]
    page = paginate(
        items,
        key=_key,
        window=Window.of(2, None),
        cursor=None,
        page_size=1,
        matches=None,
        codec=TokenCodec(b"s"),
        scope="s",
    )
    assert page.items == [(3, "c")]
    assert TokenCodec(b"s").decode("s", page.next_token or "") == (5, "e")


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 60), max_size=80),
    start=st.none() | st.integers(0, 60),
    end=st.none() | st.integers(0, 60),
    cursor=st.none() | st.tuples(st.integers(0, 60), st.sampled_from(["", "id", "id~"])),
    page_size=st.integers(0, 12),
)
def test_an_unfiltered_page_is_the_filtered_walk_with_nothing_filtered(
    keys: list[int],
    start: int | None,
    end: int | None,
    cursor: Item | None,
    page_size: int,
) -> None:
    """Unfiltered pages are sliced from the index; they must be exactly the pages the
    item-by-item walk gives, tokens included, for any window, cursor and size."""
    index: SortedKeyList[Item, Item] = SortedKeyList(
        ((k, f"id{n:03d}") for n, k in enumerate(keys)), key=_key
    )
    codec = TokenCodec(b"s")
    common = {
        "key": _key,
        "window": Window.of(start, end),
        "cursor": cursor,
        "page_size": page_size,
        "codec": codec,
        "scope": "s",
    }
    sliced = paginate(index, matches=None, **common)  # type: ignore[arg-type]
    walked = paginate(index, matches=lambda item: True, **common)  # type: ignore[arg-type]
    assert sliced == walked
