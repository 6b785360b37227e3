"""Strict JSON for request bodies: what is parsed can always be stored, listed and encoded, and
means one thing.

orjson does the parsing, and already refuses what a later answer could not carry: text that is
not UTF-8, an escaped lone UTF-16 surrogate (`"\\ud800"`), `NaN`/`Infinity` and numbers beyond
a double (`1e999`); its cost is linear in the size. Two checks it lacks are made here, each a
`MalformedJson` that the caller turns into a 400 before anything is applied:

- nesting deeper than `MAX_DEPTH` (orjson allows 1,024 levels; the API's deepest body has 4);
- an object that names a key twice (`{"name": "a", "name": "b"}`): orjson keeps the last one
  silently, where another parser may keep the first, so the request has no single meaning.

Both cost almost nothing on ordinary bodies: the depth walk runs only when the text holds more
brackets than the limit, and duplicates are found by counting colons (every member has one; a
re-encoding of the parsed value has one fewer for each member a duplicate hid), with an exact
parse only for text whose escapes could spell a colon.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

MAX_DEPTH = 64  # the API's deepest body is 4 levels; no client needs more

_ESCAPE = b"\\u"  # `\u003a` is a colon in a string that the raw text does not show


class MalformedJson(ValueError):
    """The body is not JSON the emulator accepts; the message says why."""


def loads(raw: bytes) -> Any:
    """Parse a UTF-8 JSON body; `MalformedJson` for anything the emulator cannot keep."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise MalformedJson(str(error)) from None
    if not isinstance(value, (dict, list)):
        return value
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        _check_depth(value)
    if b"{" in raw:
        if _ESCAPE in raw:
            # An escape may spell a colon the raw text does not show: only a parse that sees
            # each member can tell (rare: ordinary clients escape no ASCII).
            json.loads(raw, object_pairs_hook=_unique)
        elif raw.count(b":") != orjson.dumps(value).count(b":"):
            raise MalformedJson("an object names the same key more than once")
    return value


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise MalformedJson(f"an object names the key {key[:64]!r} more than once")
        seen.add(key)
    return dict(pairs)


def _check_depth(value: Any) -> None:
    """Depth without recursion: a deep value must not exhaust the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MalformedJson(f"nested deeper than {MAX_DEPTH} levels")
        items = node.values() if isinstance(node, dict) else node
        stack.extend((item, depth + 1) for item in items if isinstance(item, (dict, list)))
