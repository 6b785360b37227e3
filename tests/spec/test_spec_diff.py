"""The spec-change report names every kind of client-breaking change, and only those."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.spec_diff import breaking_changes, main

Edit = Callable[[dict[str, Any]], None]


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _remove_operation(spec: dict[str, Any]) -> None:
    del spec["paths"]["/SenderPools/{senderPoolId}"]["delete"]


def _remove_response(spec: dict[str, Any]) -> None:
    del spec["paths"]["/SenderPools/{senderPoolId}"]["get"]["responses"]["404"]


def _remove_response_property(spec: dict[str, Any]) -> None:
    del _schemas(spec)["SenderPool"]["properties"]["updatedAt"]


def _unrequire_response_property(spec: dict[str, Any]) -> None:
    _schemas(spec)["SenderPool"]["required"].remove("name")


def _require_parameter(spec: dict[str, Any]) -> None:
    params = spec["paths"]["/SenderPools"]["get"]["parameters"]
    next(p for p in params if p.get("name") == "operationId")["required"] = True


def _require_body_property(spec: dict[str, Any]) -> None:
    _schemas(spec)["CreateSenderPoolRequest"]["required"] = ["name"]


def _narrow_enum(spec: dict[str, Any]) -> None:
    _schemas(spec)["SenderCommunicationChannel"]["enum"].remove("PUSH")


def _narrow_limit(spec: dict[str, Any]) -> None:
    _schemas(spec)["Tags"]["maxProperties"] = 5


def _change_pattern(spec: dict[str, Any]) -> None:
    _schemas(spec)["SenderId"]["pattern"] = "^comms_sender_[0-7][a-z0-9]{25}$"


BREAKING: list[tuple[str, Edit, str]] = [
    ("removed-operation", _remove_operation, "deleteSenderPool: operation removed"),
    ("removed-response", _remove_response, "fetchSenderPool: response 404 removed"),
    (
        "removed-property",
        _remove_response_property,
        "fetchSenderPool 200 response: property updatedAt removed",
    ),
    (
        "unrequired-property",
        _unrequire_response_property,
        "property name is no longer always present",
    ),
    (
        "required-parameter",
        _require_parameter,
        "listSenderPools: query parameter operationId is newly required",
    ),
    (
        "required-body-property",
        _require_body_property,
        "createSenderPool request body: property name is newly required",
    ),
    ("narrowed-enum", _narrow_enum, "enum values no longer accepted: ['PUSH']"),
    ("narrowed-limit", _narrow_limit, "maxProperties lowered to 5 (was 10)"),
    ("changed-pattern", _change_pattern, "pattern changed"),
]


@pytest.mark.parametrize(
    ("edit", "expected"), [c[1:] for c in BREAKING], ids=[c[0] for c in BREAKING]
)
def test_each_breaking_change_is_named(spec: dict[str, Any], edit: Edit, expected: str) -> None:
    old = spec
    new = copy.deepcopy(old)
    edit(new)
    changes = breaking_changes(old, new)
    assert any(expected in change for change in changes), changes


def test_additive_changes_break_nothing(spec: dict[str, Any]) -> None:
    old = spec
    new = copy.deepcopy(old)
    _schemas(new)["SenderPool"]["properties"]["description"] = {"type": "string"}
    _schemas(new)["Tags"]["maxProperties"] = 20  # widened input
    new["paths"]["/SenderPools"]["get"]["parameters"].append(
        {"name": "name", "in": "query", "schema": {"type": "string"}}
    )
    assert breaking_changes(old, new) == []
    assert breaking_changes(old, old) == []


def test_cli_compares_two_files(
    spec: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = spec
    new = copy.deepcopy(old)
    _remove_operation(new)
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    assert main([str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]) == 1
    out = capsys.readouterr().out
    assert "BREAKING deleteSenderPool: operation removed" in out
    assert main([str(tmp_path / "old.yaml"), str(tmp_path / "old.yaml")]) == 0
    assert main([str(tmp_path / "missing.yaml"), str(tmp_path / "old.yaml")]) == 2


def test_cli_compares_head_with_the_working_tree() -> None:
    assert main(["--base", "HEAD"]) == 0
    assert main(["--base", "no-such-revision"]) == 2
