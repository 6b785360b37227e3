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


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "pattern": "^[a-z]+$"},
        {"$ref": "#/components/schemas/SenderPoolId"},
    ],
)
def test_pattern_dollar_is_ecma_262(spec: dict[str, Any], schema: dict[str, Any]) -> None:
    """JSON Schema patterns are ECMA-262: `$` does not match before a trailing newline
    (Python's `re.search` would accept "prod\\n")."""
    validator = schema_validator(spec, schema)
    good = "prod" if "pattern" in schema else "comms_senderpool_01h9krwprkeee8fzqspvwy6nq8"
    assert validator.is_valid(good)
    assert not validator.is_valid(good + "\n")


def test_tag_keys_and_values_reject_a_trailing_newline(spec: dict[str, Any]) -> None:
    validator = schema_validator(spec, {"$ref": "#/components/schemas/Tags"})
    assert not validator.is_valid({"env": "prod\n"})
    assert not validator.is_valid({"env\n": "prod"})


def test_pattern_properties_use_the_same_engine(spec: dict[str, Any]) -> None:
    validator = schema_validator(
        spec, {"type": "object", "patternProperties": {"^x$": {"type": "integer"}}}
    )
    assert not validator.is_valid({"x": "a"})
    assert validator.is_valid({"x\n": "a"})  # not matched by ECMA `^x$`, so unconstrained


def test_pattern_errors_quote_a_bounded_prefix(spec: dict[str, Any]) -> None:
    validator = schema_validator(spec, {"type": "string", "pattern": "^[a-z]+$"})
    [error] = validator.iter_errors("A" * 100_000)
    assert len(error.message) < 400
