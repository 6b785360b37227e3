"""A reused pool encoding is never stale: any field the rendering reads changes it."""

from __future__ import annotations

import orjson
import pytest

from comms_emulator.http.render import pool_json
from comms_emulator.http.render_cache import PoolRenders
from comms_emulator.models.records import SenderPool


def _pool() -> SenderPool:
    return SenderPool("comms_senderpool_01", "first", {"env": "dev"}, 1_000, 2_000)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "name", "second"),
        lambda p: setattr(p, "tags", {"env": "prod"}),
        lambda p: p.tags.update({"team": "a"}),  # changed in place, same dict
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


def test_an_unchanged_pool_reuses_its_encoding_and_the_cache_is_bounded() -> None:
    renders = PoolRenders(size=2)
    pool = _pool()
    assert renders(pool)[1] is renders(pool)[1]
    for n in range(5):
        renders(SenderPool(f"comms_senderpool_{n}", "x", {}, 1, 1))
    assert len(renders._entries) == 2
