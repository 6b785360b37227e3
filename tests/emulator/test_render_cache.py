"""A reused pool encoding or list page is never stale: any change to what the rendering
reads makes it anew."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comms_emulator.http import render_cache
from comms_emulator.http.render import page_json, pool_json
from comms_emulator.http.render_cache import PoolRenders
from comms_emulator.http.reply import Reply, json_messages
from comms_emulator.models.pagination import Page
from comms_emulator.models.records import SenderPool


def _pool() -> SenderPool:
    return SenderPool("comms_senderpool_01", "first", {"env": "dev"}, 1_000, 2_000)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "name", "second"),
        lambda p: setattr(p, "tags", {"env": "prod"}),
        lambda p: setattr(p, "updated_ms", 3_000),
        lambda p: setattr(p, "created_ms", 1_500),
    ],
)
def test_a_changed_pool_is_rendered_again(change: object) -> None:
    renders = PoolRenders()
    pool = _pool()
    assert renders(pool) == (pool_json(pool), orjson.dumps(pool_json(pool)))
    change(pool)  # type: ignore[operator]
    body, encoded = renders(pool)
    assert body == pool_json(pool)
    assert encoded == orjson.dumps(pool_json(pool))


def test_tags_cannot_change_in_place() -> None:
    """The revision counts assignments; an in-place change would go uncounted, so there is
    none to make."""
    pool = _pool()
    with pytest.raises(TypeError):
        pool.tags["team"] = "a"  # type: ignore[index]
    tags = {"env": "dev"}
    pool.tags = tags
    tags["team"] = "a"  # the caller's dict, not the pool's
    assert dict(pool.tags) == {"env": "dev"}


def test_an_unchanged_pool_reuses_its_encoding_and_the_cache_is_bounded() -> None:
    renders = PoolRenders(size=2)
    pool = _pool()
    assert renders(pool)[1] is renders(pool)[1]
    for n in range(5):
        renders(SenderPool(f"comms_senderpool_{n}", "x", {}, 1, 1))
    assert len(renders._entries) == 2


def _page(pools: list[SenderPool], next_token: str | None = None) -> Page[SenderPool]:
    return Page(pools, "self-token", next_token)


def _fresh(page: Page[SenderPool]) -> tuple[dict[str, Any], bytes]:
    body = page_json("senderPools", page, pool_json)
    return body, orjson.dumps(body)


@pytest.mark.parametrize(
    "change",
    [
        lambda ps: setattr(ps[1], "name", "renamed"),
        lambda ps: setattr(ps[0], "tags", {"env": "prod"}),
        lambda ps: setattr(ps[2], "updated_ms", 9_000),
        lambda ps: ps.pop(1),  # removed from the page
        lambda ps: ps.insert(0, SenderPool("comms_senderpool_new", "n", {}, 1, 1)),
        lambda ps: ps.__setitem__(1, SenderPool(ps[1].id, "same id, new object", {}, 1, 1)),
        lambda ps: ps.reverse(),
    ],
)
def test_a_page_is_reused_only_while_nothing_on_it_changed(change: Any) -> None:
    renders = PoolRenders()
    pools = [SenderPool(f"comms_senderpool_{n}", f"p{n}", {"n": str(n)}, n, n) for n in range(3)]
    first = renders.page("senderPools", _page(pools))
    assert first == _fresh(_page(pools))
    assert renders.page("senderPools", _page(list(pools)))[1] is first[1]  # reused
    change(pools)
    assert renders.page("senderPools", _page(pools)) == _fresh(_page(pools))


def test_pages_differ_by_their_tokens_and_the_page_cache_is_bounded() -> None:
    renders = PoolRenders(pages=2)
    pools = [_pool()]
    one = renders.page("senderPools", _page(pools))
    two = renders.page("senderPools", _page(pools, next_token="next"))
    assert json.loads(two[1] or b"null")["pagination"]["next"] == "next"
    assert json.loads(one[1] or b"null")["pagination"]["next"] is None
    for n in range(5):
        renders.page("senderPools", _page(pools, next_token=str(n)))
    assert len(renders._pages) == 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from(["name", "tags", "updated_ms", "drop", "add", "none"]),
            st.text(max_size=3),
        ),
        max_size=12,
    )
)
def test_any_sequence_of_changes_never_serves_a_stale_page(steps: list[Any]) -> None:
    renders = PoolRenders()
    pools = [SenderPool(f"comms_senderpool_{n}", f"p{n}", {}, n, n) for n in range(5)]
    for index, what, text in steps:
        if what == "drop" and pools:
            pools.pop(index % len(pools))
        elif what == "add":
            pools.insert(index % (len(pools) + 1), SenderPool(f"id{text}", text, {}, 0, 0))
        elif what != "none" and pools:
            pool = pools[index % len(pools)]
            value: Any = (
                {"k": text} if what == "tags" else len(text) if what == "updated_ms" else text
            )
            setattr(pool, what, value)
        assert renders.page("senderPools", _page(pools)) == _fresh(_page(pools))


def test_the_cache_is_bounded_in_bytes_and_forgets_on_a_new_generation() -> None:
    renders = PoolRenders(max_bytes=100_000)
    pools = [SenderPool(f"comms_senderpool_{n}", "n" * 10_000, {}, n, n) for n in range(30)]
    for pool in pools:
        assert renders(pool) == (pool_json(pool), orjson.dumps(pool_json(pool)))
    renders.page("senderPools", _page(pools))
    assert 0 < renders.held_bytes <= 100_000
    assert len(renders._entries) < 30
    renders.follow(1)  # a reset: nothing rendered before it is kept alive
    assert renders.held_bytes == 0
    assert not renders._entries
    assert not renders._pages


def _sent(reply: Reply) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """What a Reply goes out as: its own messages when it keeps them, else as any answer."""
    start, whole = reply.messages or json_messages(
        reply.status, reply.body, reply.headers, reply.encoded
    )
    return start["status"], start["headers"], whole["body"]


def _answer(body: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    encoded = orjson.dumps(body)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(encoded))]
    return 200, headers, encoded


def test_a_fetch_reply_is_reused_while_unchanged_and_made_anew_after_a_change() -> None:
    renders = PoolRenders()
    pool = _pool()
    first = renders.reply(pool)
    assert first.messages is not None  # built once, sent as they are
    assert renders.reply(pool) is first
    assert _sent(first) == _answer(pool_json(pool))
    pool.name = "second"
    second = renders.reply(pool)
    assert second is not first
    assert _sent(second) == _answer(pool_json(pool))
    assert _sent(first) == _answer({**pool_json(pool), "name": "first"})  # never changed


def test_a_reply_kept_counts_against_the_byte_bound() -> None:
    roomy = PoolRenders()
    pool = _pool()
    roomy(pool)
    held = roomy.held_bytes
    roomy.reply(pool)
    assert roomy.held_bytes == held + render_cache._REPLY_OVERHEAD
    renders = PoolRenders(max_bytes=20_000)
    pools = [SenderPool(f"comms_senderpool_{n}", "n" * 1_000, {}, n, n) for n in range(30)]
    for pool in pools:
        assert _sent(renders.reply(pool)) == _answer(pool_json(pool))
    assert 0 < renders.held_bytes <= 20_000


def test_a_pool_larger_than_the_whole_cache_is_answered_but_not_kept() -> None:
    renders = PoolRenders(max_bytes=1_000)
    pool = SenderPool("comms_senderpool_big", "n" * 5_000, {}, 1, 1)
    assert _sent(renders.reply(pool)) == _answer(pool_json(pool))
    assert renders.held_bytes == 0
    assert not renders._entries


def test_a_page_reply_is_reused_while_its_pools_are_unchanged() -> None:
    renders = PoolRenders()
    pools = [SenderPool(f"comms_senderpool_{n}", "n", {}, n, n) for n in range(3)]
    first = renders.page_reply("senderPools", _page(pools))
    assert renders.page_reply("senderPools", _page(list(pools))) is first
    assert _sent(first) == _answer(_fresh(_page(pools))[0])
    pools[1].name = "renamed"
    assert _sent(renders.page_reply("senderPools", _page(pools))) == _answer(
        _fresh(_page(pools))[0]
    )
