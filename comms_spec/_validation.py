"""JSON Schema 2020-12 validators over the spec's own schemas, with format checking on."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import regress
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from comms_spec._extensions import UNIQUE_ITEMS_KEY
from comms_spec._quote import clip
from comms_spec._refs import inline_refs

SPEC_URI = "urn:comms-spec"

# One checker for the whole kit. jsonschema only checks `date-time` and `uri` when the optional
# validators are installed (the `format-nongpl` extra); tests/spec/test_validation.py fails if
# they are missing, because then every date-time check would silently pass.
FORMAT_CHECKER = FormatChecker()


def _canonical(value: Any) -> Any:
    """A hashable form in which JSON-equal values are equal (1 == 1.0, but true != 1)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("[]", *(_canonical(v) for v in value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool):
        return ("bool", value)
    return value


def _unique_items(
    validator: Any, unique: bool, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`uniqueItems` in O(n). jsonschema compares unsortable items (objects) pairwise, which
    takes minutes for the 10,000 senders a create may carry, and its message repeats the
    whole array; this one names the first repeated item."""
    if not (unique and validator.is_type(instance, "array")):
        return
    seen: dict[Any, int] = {}
    for index, item in enumerate(instance):
        key = _canonical(item)
        if key in seen:
            yield ValidationError(
                f"item {index} repeats item {seen[key]} ({clip(json.dumps(item))}); "
                "items must be unique"
            )
            return
        seen[key] = index


@functools.lru_cache(maxsize=256)  # the spec has a handful of patterns; each compiles once
def _ecma_regex(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, "u")


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`pattern` with ECMA-262 semantics, as JSON Schema defines it. Python's `re` differs
    where it matters for IDs and tags: its `$` also matches before a trailing newline, so
    `^[a-z]+$` accepted "prod\n" and an ID with `%0A` appended."""
    if validator.is_type(instance, "string") and _ecma_regex(pattern).find(instance) is None:
        yield ValidationError(f"{clip(instance)!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`patternProperties`, matching property names with the same ECMA-262 engine."""
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        regex = _ecma_regex(pattern)
        for name, value in instance.items():
            if regex.find(name) is not None:
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


_Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    {
        "uniqueItems": _unique_items,
        # The spec states uniqueness as `x-unique-items` (generators turn `uniqueItems` into
        # sets and then break on them); it means exactly `uniqueItems` here.
        UNIQUE_ITEMS_KEY: _unique_items,
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
    },
)


def _registry(spec: dict[str, Any]) -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry


def schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for `schema`, a node of the spec whose local `$ref`s point into the spec.

    Local references are inlined once here (the spec has no recursive schemas; a cycle would
    keep its `$ref`), so validating never walks the registry: the emulator validates every
    request and, in self-check mode, every response."""
    rebased = _rebase_refs(inline_refs(spec, schema))
    validator: Draft202012Validator = _Validator(
        rebased, registry=_registry(spec), format_checker=FORMAT_CHECKER
    )
    return validator


def _rebase_refs(node: Any) -> Any:
    """Rewrite `#/...` refs to `urn:comms-spec#/...` so they resolve inside the spec."""
    if isinstance(node, dict):
        out = {k: _rebase_refs(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            out["$ref"] = SPEC_URI + ref
        return out
    if isinstance(node, list):
        return [_rebase_refs(v) for v in node]
    return node
