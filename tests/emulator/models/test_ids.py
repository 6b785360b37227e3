from __future__ import annotations

import re

from comms_emulator.models.ids import POOL_PREFIX, MonotonicIds, id_timestamp_ms
from comms_spec import load_spec


def test_ids_match_the_spec_pattern_and_sort_in_creation_order() -> None:
    pattern = re.compile(load_spec()["components"]["schemas"]["SenderPoolId"]["pattern"])
    ids = MonotonicIds()
    minted = [ids.new(POOL_PREFIX, at_ms=1_700_000_000_000) for _ in range(1000)]
    assert all(pattern.match(i) for i in minted)
    assert minted == sorted(minted)  # same millisecond, still strictly increasing
    assert len(set(minted)) == 1000
    assert id_timestamp_ms(minted[0]) == 1_700_000_000_000


def test_an_earlier_clock_never_goes_backwards() -> None:
    ids = MonotonicIds()
    later = ids.new(POOL_PREFIX, at_ms=2_000_000_000_000)
    earlier_clock = ids.new(POOL_PREFIX, at_ms=1_000_000_000_000)
    assert earlier_clock > later
