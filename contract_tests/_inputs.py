"""Inputs derived from the spec for the catalogue's derived checks: well-formed IDs nothing has,
an ordinary body per operation, values at the edges of a field's documented limits, and a value
just past one limit. Everything here is deterministic: a verdict never rests on a lucky draw."""

from __future__ import annotations

import copy
import re
from typing import Any

from comms_spec import Contract, SpecOperation, request_media, resolve

UNKNOWN_SUFFIX = "01h9krwprkeee8fzqspvwy6nq8"
_LITERAL_HEAD = re.compile(r"\^([a-z_]+)")
# A pattern this module can fill: one character class, repeated.
_ONE_CLASS = re.compile(r"^\^\[([^\]]+)\]\+\$$")
# The spec sets no length on some strings (a pool's name, a Message's text): the longest a check
# writes then, a decision of this suite (long enough that a shortened copy shows, short enough
# for every target's request size limit).
UNBOUNDED_LENGTH = 1000
# Non-ASCII text for fields that allow it: accented Latin, CJK, an emoji outside the BMP (two
# UTF-16 units, four UTF-8 bytes) and a combining mark, so a server that counts, cuts or
# re-encodes characters differently shows it.
NON_ASCII = "é日本😀a\u0301ß"


def unknown_id(contract: Contract, param: dict[str, Any]) -> str:
    """A well-formed ID of the parameter's kind that no account has."""
    pattern = str(resolve(contract.document, param.get("schema", {})).get("pattern", ""))
    head = _LITERAL_HEAD.match(pattern)
    return (head.group(1) if head else "") + UNKNOWN_SUFFIX


def _is_reference(contract: Contract, schema: dict[str, Any]) -> bool:
    """Does a body property name another resource (an ID, or objects or arrays of them)?"""
    schema = resolve(contract.document, schema)
    if str(schema.get("pattern", "")).startswith("^comms_"):
        return True
    for key in ("items", "oneOf", "anyOf"):
        nested = schema.get(key)
        for part in nested if isinstance(nested, list) else [nested] if nested else []:
            if _is_reference(contract, part):
                return True
    return any(_is_reference(contract, p) for p in schema.get("properties", {}).values())


def example_body(contract: Contract, op: SpecOperation) -> Any:
    media = request_media(contract.document, op) or {}
    return copy.deepcopy(media.get("example"))


def ordinary_body(contract: Contract, op: SpecOperation) -> Any:
    """The spec's example body without the properties that name other resources (their IDs
    exist nowhere), so the request is valid on any account; a top-level array body is kept."""
    body = example_body(contract, op)
    if not isinstance(body, dict):
        return body
    properties = contract.body_properties(op.op_id)
    return {k: v for k, v in body.items() if not _is_reference(contract, properties.get(k, {}))}


def _alphabet(schema: dict[str, Any]) -> str | None:
    """The characters a string may hold: None for any (non-ASCII allowed); a string of them
    for a one-class pattern; "" for a pattern this module cannot fill."""
    pattern = schema.get("pattern")
    if pattern is None:
        return None
    matched = _ONE_CLASS.match(str(pattern))
    if matched is None:
        return ""
    chars, spec = [], matched.group(1)
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars += [chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)]
            i += 3
        else:
            chars.append(spec[i])
            i += 1
    # Punctuation first, so a short value still holds the unusual characters.
    return "".join(sorted(set(chars), key=lambda c: (c.isalnum(), c)))


def longest_string(schema: dict[str, Any], seed: str = "") -> str:
    """The longest value the schema allows (UNBOUNDED_LENGTH when it sets none), starting with
    `seed` (to keep map keys distinct), non-ASCII where no pattern forbids it."""
    length = int(schema.get("maxLength", UNBOUNDED_LENGTH))
    alphabet = _alphabet(schema)
    fill = NON_ASCII if alphabet is None else alphabet or "a"
    text = seed + (fill * (length // len(fill) + 1))
    return text[:length]


def edge_value(contract: Contract, schema: dict[str, Any], reserved: int = 0) -> Any:
    """A value at the edges of the schema's documented limits: the longest string, the largest
    map of the longest keys and values (less `reserved` entries the caller adds, such as the run
    tag); None for kinds this module does not derive (the caller then has no edge to check)."""
    schema = resolve(contract.document, schema)
    arms = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(arms, list):
        # A choice of forms (a Message's content, a recipient): the edge of the first form that
        # has one and that the whole choice accepts (a oneOf must match exactly one arm).
        whole = contract.validator(schema)
        for arm in arms:
            value = edge_value(contract, arm, reserved)
            if value is not None and whole.is_valid(value):
                return value
        return None
    kind = schema.get("type")
    if kind == "string" and "enum" not in schema and "format" not in schema:
        return longest_string(schema)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        keys = resolve(contract.document, schema.get("propertyNames", {"type": "string"}))
        values = resolve(contract.document, schema["additionalProperties"])
        count = int(schema.get("maxProperties", 10)) - reserved
        return {
            longest_string(keys, seed=f"{i:02d}"): longest_string(values, seed=f"{i:02d}")
            for i in range(max(count, 0))
        }
    if kind == "object" and "properties" in schema:
        required = schema.get("required", [])
        found = {}
        for name in required:
            value = edge_value(contract, schema["properties"][name])
            if value is None:
                return None
            found[name] = value
        return found
    return None


def past(schema: dict[str, Any], keyword: str, bound: Any) -> Any:
    """A value just past one documented limit of `schema` (already resolved)."""
    if keyword in ("maximum", "minimum"):
        return bound + 1 if keyword == "maximum" else bound - 1
    if keyword == "maxLength":
        return longest_string({**schema, "maxLength": bound}) + "a"
    if keyword == "minLength":
        return "" if bound == 1 else "a" * (bound - 1)
    raise ValueError(f"no value past {keyword}")
