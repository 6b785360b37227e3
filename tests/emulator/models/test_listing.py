"""One list-filter mechanism: each filter name means one thing, whatever the collection."""

from __future__ import annotations

from dataclasses import dataclass, field

from comms_emulator.models.listing import FILTERS, PAGE_PARAMETERS, select, unknown_filters
from comms_spec import Contract


@dataclass
class _Item:
    channel: str
    status: str
    tags: dict[str, str] = field(default_factory=dict)
    operation_ids: tuple[str, ...] = ()


ITEMS = [
    _Item("SMS", "ACTIVATED", {"region": "EMEA", "tier": "gold"}, ("op1",)),
    _Item("SMS", "DEACTIVATED", {"region": "EMEA"}, ("op2",)),
    _Item("RCS", "ACTIVATED", {"region": "AMER"}, ("op1",)),
]


def test_no_filter_given_selects_everything_without_a_condition() -> None:
    selection = select(ITEMS, {"channel": None, "status": None})
    assert selection.matches is None
    assert list(selection) == ITEMS


def test_given_filters_all_hold() -> None:
    assert list(select(ITEMS, {"channel": "SMS", "status": "ACTIVATED"})) == ITEMS[:1]
    assert list(select(ITEMS, {"tags": "region:EMEA;tier:gold;"})) == ITEMS[:1]
    assert list(select(ITEMS, {"operationId": "op1"})) == [ITEMS[0], ITEMS[2]]
    assert list(select(ITEMS, {"sessionId": "anything"})) == []


def test_a_filter_the_source_is_narrowed_by_is_not_applied_again() -> None:
    narrowed = select(ITEMS[:1], {"operationId": "op9"}, narrowed=["operationId"])
    assert list(narrowed) == ITEMS[:1]


def test_every_list_filter_of_the_spec_has_a_meaning(contract: Contract) -> None:
    names = {
        p["name"]
        for op in contract.operations
        if op.op_id in contract.list_keys
        for p in op.parameters
        if p["in"] == "query"
    }
    assert unknown_filters(names) == []
    assert names - PAGE_PARAMETERS <= set(FILTERS)
    assert unknown_filters(["color"]) == ["color"]
