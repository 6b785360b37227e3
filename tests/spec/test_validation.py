"""Format checking must really run: without the optional validators it silently passes."""

from __future__ import annotations

from typing import Any

import pytest

from comms_spec import schema_validator


@pytest.mark.parametrize(
    ("fmt", "bad"), [("date-time", "2024-13-45T99:00:00Z"), ("uri", "not a uri")]
)
def test_formats_are_enforced(spec: dict[str, Any], fmt: str, bad: str) -> None:
    validator = schema_validator(spec, {"type": "string", "format": fmt})
    assert not validator.is_valid(bad)


def test_refs_resolve_into_the_spec(spec: dict[str, Any]) -> None:
    validator = schema_validator(spec, {"$ref": "#/components/schemas/Tags"})
    assert validator.is_valid({"environment": "production"})
    assert not validator.is_valid({"bad key": "v"})
    assert not validator.is_valid({"k": "x" * 257})
