"""A lagging index, as a property: after any sequence of writes (create, PATCH, delete, add and
remove members) and clock advances, every list view at time t is the strong view at t - lag,
and its pages, followed to the end, are that one listing (each record once)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from comms_emulator.http.render import pool_json, sender_json
from comms_emulator.models.account import AccountState
from comms_emulator.models.clock import ManualClock
from comms_emulator.models.consistency import Consistency
from comms_emulator.models.listing import Selection
from comms_emulator.models.pagination import TokenCodec, Window, paginate
from comms_emulator.models.progression import Progression
from comms_emulator.models.records import sort_key
from comms_emulator.models.world import Credential, World
from comms_spec import Contract

LAG_MS = 1000
SID = "AC" + "a" * 32
IMMEDIATE = Progression()
CONTRACT = Contract.load()

# A step: (kind, which pool or sender by position, ms to advance after it).
steps = st.lists(
    st.tuples(
        st.sampled_from(["create", "patch", "delete", "add", "remove"]),
        st.integers(0, 5),
        st.integers(0, 5),
        st.sampled_from([0, 0, 1, 300, 999, 1000, 1500]),
    ),
    max_size=40,
)


def _listing(selection: Selection[Any], page_size: int, render: Any) -> list[dict[str, Any]]:
    """Every page of `selection`, followed to the end (no item twice)."""
    codec, scope = TokenCodec(b"k"), "s"
    items: list[Any] = []
    cursor = None
    while True:
        page = paginate(
            selection.source,
            key=sort_key,
            window=Window.of(None, None),
            cursor=cursor,
            page_size=page_size,
            matches=selection.matches,
            codec=codec,
            scope=scope,
        )
        items += page.items
        if page.next_token is None:
            break
        cursor = codec.decode(scope, page.next_token)
    rendered = [render(item) for item in items]
    assert len({r["id"] for r in rendered}) == len(rendered), "listed twice"
    return rendered


def _views(account: AccountState, pool_ids: list[str], page_size: int) -> dict[str, Any]:
    views: dict[str, Any] = {"pools": _listing(account.list_pools({}), page_size, pool_json)}
    for pool_id in pool_ids:
        if account.find_pool(pool_id) is not None:
            members = account.list_pool_senders(pool_id, {})
            views[pool_id] = _listing(members, page_size, sender_json)
    return views


@contextmanager
def _strongly(account: AccountState) -> Iterator[None]:
    """Read the live state, as strong consistency would list it."""
    lag, account.work.consistency = account.work.consistency, Consistency()
    try:
        yield
    finally:
        account.work.consistency = lag


@settings(max_examples=60, deadline=None)
@given(steps=steps, page_size=st.integers(1, 4))
def test_every_view_is_the_strong_view_lag_ago(steps: list[Any], page_size: int) -> None:
    clock = ManualClock()
    world = World(
        CONTRACT,
        {"u": Credential("u", "s", SID)},
        clock=clock,
        consistency=Consistency(LAG_MS),
    )
    account = world.account(SID)
    senders = [s.id for s in account.all_senders()][:6]
    pools: list[str] = []
    history: list[tuple[int, dict[str, Any]]] = []  # (time, strong views after the writes then)

    for kind, which, member, advance in steps:
        live = [p for p in pools if account.find_pool(p) is not None]
        if kind == "create":
            operation = account.create_pool("p", {}, senders[:member], IMMEDIATE)
            with _strongly(account):
                [pool] = account.list_pools({"operationId": operation.id})
            pools.append(pool.id)
        elif live:
            pool_id = live[which % len(live)]
            sender_id = senders[member]
            if kind == "patch":
                account.update_pool(pool_id, f"n{clock.now_ms()}", {"k": str(which)})
            elif kind == "delete":
                account.delete_pool(pool_id)
            elif kind == "add":
                account.add_senders(pool_id, [sender_id], IMMEDIATE)
            elif sender_id in account.pool(pool_id).member_ids:
                account.remove_sender(pool_id, sender_id)
        with _strongly(account):
            history.append((clock.now_ms(), _views(account, pools, 1000)))
        clock.advance(advance / 1000)
        account.settle(IMMEDIATE)
        horizon = clock.now_ms() - LAG_MS
        expected = [views for at, views in history if at <= horizon]
        lagging = _views(account, pools, page_size)
        if expected:
            # Pools the lagging view can list must match the strong view of lag ago; the pool
            # senders lists of pools deleted since are 404s now (fetched by the pool's ID).
            then = expected[-1]
            assert lagging["pools"] == then["pools"]
            for pool_id, members in lagging.items():
                if pool_id != "pools":
                    assert members == then.get(pool_id, []), pool_id
        else:
            assert lagging["pools"] == []
    clock.advance(LAG_MS / 1000)
    account.settle(IMMEDIATE)
    assert account.versions_kept() == 0  # nothing kept once the lag has passed every write
