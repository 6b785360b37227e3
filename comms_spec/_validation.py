"""JSON Schema 2020-12 validators over the spec's own schemas, with format checking on."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from itertools import islice
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


_SHOWN_ITEMS = 8  # items of an array or object quoted in a message


def _shown(value: Any, depth: int = 0) -> str:
    """`repr(value)` for a message, boundedly: the first few items of an array or object and
    the head of a string (jsonschema quotes the whole value, and quoting a 2 MiB body costs
    more than checking it)."""
    if isinstance(value, (dict, list)) and depth >= 2:
        return "{...}" if isinstance(value, dict) else "[...]"
    if isinstance(value, dict):
        first = islice(value.items(), _SHOWN_ITEMS)
        inner = [f"{_shown(k, 2)}: {_shown(v, depth + 1)}" for k, v in first]
        more = ", ..." if len(value) > _SHOWN_ITEMS else ""
        return "{" + ", ".join(inner) + more + "}"
    if isinstance(value, list):
        inner = [_shown(v, depth + 1) for v in islice(value, _SHOWN_ITEMS)]
        more = ", ..." if len(value) > _SHOWN_ITEMS else ""
        return "[" + ", ".join(inner) + more + "]"
    if isinstance(value, str):
        return repr(clip(value, 80))
    return clip(repr(value), 80)


def _oversized(instance: Any, schema: dict[str, Any]) -> bool:
    """The value has more items or properties than its own schema allows."""
    if isinstance(instance, list):
        limit = schema.get("maxItems")
    elif isinstance(instance, dict):
        limit = schema.get("maxProperties")
    else:
        return False
    return isinstance(limit, int) and len(instance) > limit


Keyword = Callable[[Any, Any, Any, dict[str, Any]], Iterator[ValidationError]]


def _size_first(keyword: Keyword) -> Keyword:
    """A keyword that looks inside a value, skipped when the value is already too big for its
    schema (`maxItems`/`maxProperties` say so, once): checking each of 100,000 properties of a
    `tags` that may hold 10 would only find more of what is already wrong."""

    def check(
        validator: Any, value: Any, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        if not _oversized(instance, schema):
            yield from keyword(validator, value, instance, schema)

    return check


def _max_items(
    validator: Any, limit: int, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, list) and len(instance) > limit:
        wrong = "is expected to be empty" if limit == 0 else "is too long"
        yield ValidationError(f"{_shown(instance)} {wrong}")


def _max_properties(
    validator: Any, limit: int, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if isinstance(instance, dict) and len(instance) > limit:
        wrong = "is expected to be empty" if limit == 0 else "has too many properties"
        yield ValidationError(f"{_shown(instance)} {wrong}")


def _type(
    validator: Any, types: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    names = types if isinstance(types, list) else [types]
    if not any(validator.is_type(instance, name) for name in names):
        shown = ", ".join(repr(name) for name in names)
        yield ValidationError(f"{_shown(instance)} is not of type {shown}")


def _any_of(
    validator: Any, arms: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    context: list[ValidationError] = []
    for index, arm in enumerate(arms):
        errors = list(validator.descend(instance, arm, schema_path=index))
        if not errors:
            return
        context.extend(errors)
    yield ValidationError(
        f"{_shown(instance)} is not valid under any of the given schemas", context=context
    )


def _one_of(
    validator: Any, arms: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """jsonschema's `oneOf`, quoting the value boundedly."""
    context: list[ValidationError] = []
    valid: list[int] = []
    for index, arm in enumerate(arms):
        if valid:
            if validator.evolve(schema=arm).is_valid(instance):
                valid.append(index)
            continue
        errors = list(validator.descend(instance, arm, schema_path=index))
        if errors:
            context.extend(errors)
        else:
            valid.append(index)
    if not valid:
        yield ValidationError(
            f"{_shown(instance)} is not valid under any of the given schemas",
            context=context,
        )
    elif len(valid) > 1:
        yield ValidationError(f"{_shown(instance)} is valid under each of {valid} arms")


# Keywords that look inside an array or object: skipped for one past its size limit.
_LOOKING_INSIDE = (
    "items",
    "prefixItems",
    "contains",
    "properties",
    "additionalProperties",
    "propertyNames",
    "dependentSchemas",
    "unevaluatedItems",
    "unevaluatedProperties",
)

_Validator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator,
    {
        **{name: _size_first(Draft202012Validator.VALIDATORS[name]) for name in _LOOKING_INSIDE},
        "uniqueItems": _size_first(_unique_items),
        # The spec states uniqueness as `x-unique-items` (generators turn `uniqueItems` into
        # sets and then break on them); it means exactly `uniqueItems` here.
        UNIQUE_ITEMS_KEY: _size_first(_unique_items),
        "pattern": _pattern,
        "patternProperties": _size_first(_pattern_properties),
        "maxItems": _max_items,
        "maxProperties": _max_properties,
        "type": _type,
        "anyOf": _any_of,
        "oneOf": _one_of,
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
