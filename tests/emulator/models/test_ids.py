from __future__ import annotations

import re

from ulid import ULID

from comms_emulator.models.ids import IdPrefixes, MonotonicIds, id_timestamp_ms, stable_id
from comms_spec import Contract


def test_ids_match_the_spec_pattern_and_sort_in_creation_order(contract: Contract) -> None:
    pattern = re.compile(contract.schema("SenderPoolId")["pattern"])
    prefix = IdPrefixes.of(contract).pool
    ids = MonotonicIds()
    minted = [ids.new(prefix, at_ms=1_700_000_000_000) for _ in range(1000)]
    assert all(pattern.match(i) for i in minted)
    assert minted == sorted(minted)  # same millisecond, still strictly increasing
    assert len(set(minted)) == 1000
    assert id_timestamp_ms(minted[0]) == 1_700_000_000_000


def test_every_prefix_comes_from_its_id_schema(contract: Contract) -> None:
    prefixes = IdPrefixes.of(contract)
    for name, prefix in [
        ("SenderPoolId", prefixes.pool),
        ("SenderId", prefixes.sender),
        ("OperationId", prefixes.operation),
        ("MessageId", prefixes.message),
    ]:
        pattern = re.compile(contract.schema(name)["pattern"])
        assert pattern.match(MonotonicIds().new(prefix, at_ms=1_700_000_000_000)), name
        assert pattern.match(stable_id(prefix, 1_700_000_000_000, b"seed" * 4)), name


def test_ids_are_canonical_ulids_in_lower_case() -> None:
    minted = MonotonicIds().new("x_", at_ms=1_700_000_000_000)
    text = minted.removeprefix("x_")
    assert str(ULID.from_str(text.upper())).lower() == text
    assert ULID.from_str(text.upper()).milliseconds == id_timestamp_ms(minted)
    assert stable_id("x_", 0, bytes(10)) == "x_" + "0" * 26


def test_an_earlier_clock_never_goes_backwards() -> None:
    ids = MonotonicIds()
    later = ids.new("x_", at_ms=2_000_000_000_000)
    earlier_clock = ids.new("x_", at_ms=1_000_000_000_000)
    assert earlier_clock > later
