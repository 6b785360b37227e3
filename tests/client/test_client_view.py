"""The client's view of the spec (scripts/generator/client_view.py): open enums and tolerated
inferred fields in responses only, from the spec's provenance; and spec_diff's verdicts on
changes under those rules."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from comms_spec import Contract
from scripts.generator.client_view import (
    TOLERATED_KEY,
    client_view,
    response_only_schemas,
    tolerated_required,
)
from scripts.spec_diff import breaking_changes


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(Contract.load().document)


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def test_only_schemas_no_request_uses_are_read_tolerantly(spec: dict[str, Any]) -> None:
    only = response_only_schemas(spec)
    assert {"SenderPoolOperation", "AcceptedOperation", "CommsError", "Sender"} <= only
    assert not {"CreateSenderPoolRequest", "SenderReference", "AddressRecipient", "Tags"} & only
    view = client_view(spec)
    for name in set(_schemas(spec)) - only:
        assert _schemas(view)[name] == _schemas(spec)[name], name
    assert view["paths"] == spec["paths"]  # parameters (requests) keep their closed enums


def test_response_enums_are_open(spec: dict[str, Any]) -> None:
    status = _schemas(client_view(spec))["SenderPoolOperation"]["properties"]["status"]
    assert status["anyOf"] == [
        {"$ref": "#/components/schemas/OperationStatus"},
        {"type": "string"},
    ]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: None, set()),
        (lambda s: s.update({"x-provenance": "inferred"}), {"id", "name", "tags"}),
        (lambda s: s["properties"]["name"].update({"x-provenance": "inferred"}), {"name"}),
        (
            lambda s: s.update({"x-inferred": {"required": "Inferred: ours."}}),
            {"id", "name", "tags"},
        ),
        (lambda s: s.update({"x-inferred": {"maxProperties": "Inferred: ours."}}), set()),
    ],
    ids=["documented", "inferred-schema", "inferred-property", "inferred-list", "other-keyword"],
)
def test_inferred_required_is_tolerated(
    spec: dict[str, Any], edit: Any, expected: set[str]
) -> None:
    pool = _schemas(spec)["SenderPool"]
    pool["required"] = ["id", "name", "tags"]
    edit(pool)
    assert tolerated_required(pool) == expected
    viewed = _schemas(client_view(spec))["SenderPool"]
    assert set(viewed.get("required", [])) == {"id", "name", "tags"} - expected
    assert set(viewed.get(TOLERATED_KEY, [])) == expected


def test_todays_spec_tolerates_the_fields_it_only_infers(spec: dict[str, Any]) -> None:
    view = _schemas(client_view(spec))
    assert "required" not in view["AcceptedOperation"]  # the docs show both optional
    assert "required" not in view["CommsError"]  # the whole shape is inferred
    assert "required" not in view["CommsError"]["properties"]["details"]["items"]
    assert view["SenderPool"]["required"] == _schemas(spec)["SenderPool"]["required"]


def test_a_new_value_of_an_open_enum_breaks_nothing(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    _schemas(new)["OperationStatus"]["enum"].append("FAILED")
    assert breaking_changes(spec, new) == []


def test_dropping_a_field_already_tolerated_breaks_nothing(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    _schemas(new)["AcceptedOperation"]["required"].remove("operationLocation")
    assert breaking_changes(spec, new) == []


def test_a_field_whose_presence_becomes_inferred_breaks_client_code(spec: dict[str, Any]) -> None:
    new = copy.deepcopy(spec)
    _schemas(new)["SenderPool"]["properties"]["name"]["x-provenance"] = "inferred"
    changes = breaking_changes(spec, new)
    assert changes
    assert all("property name is no longer always present (only inferred now" in c for c in changes)
