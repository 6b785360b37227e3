"""Strict JSON for request bodies: what is parsed can always be stored, listed and encoded.

Python's `json` accepts text that a later answer cannot carry: an escaped lone UTF-16
surrogate (`"\\ud800"`) becomes a `str` that no UTF-8 encoder takes, so every later list that
shows it would fail; `1e999` becomes infinity; deep nesting ends in RecursionError; an integer
of thousands of digits costs quadratic time (and past 4,300 digits raises). Each is a
`MalformedJson` here, which the caller turns into a 400 before anything is applied.

The checks cost almost nothing on ordinary bodies: the walk over the parsed value runs only
when the raw text could hold a surrogate escape or more brackets than the depth limit.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64  # the API's deepest body is 4 levels; no client needs more
MAX_NUMBER_DIGITS = 40  # longer literals are refused before Python converts them

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class MalformedJson(ValueError):
    """The body is not JSON the emulator accepts; the message says why."""


def _reject_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not valid JSON")


def _bounded(text: str) -> str:
    if len(text) > MAX_NUMBER_DIGITS:
        raise MalformedJson(f"a number of {len(text)} characters (limit {MAX_NUMBER_DIGITS})")
    return text


def _parse_int(text: str) -> int:
    return int(_bounded(text))


def _parse_float(text: str) -> float:
    value = float(_bounded(text))
    if not math.isfinite(value):
        raise MalformedJson(f"the number {text} is out of range")
    return value


def loads(raw: bytes) -> Any:
    """Parse a UTF-8 JSON body; `MalformedJson` for anything the emulator cannot keep."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedJson(f"not UTF-8: {error.reason} at byte {error.start}") from None
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except MalformedJson:
        raise
    except RecursionError:
        raise MalformedJson(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:
        raise MalformedJson(str(error)) from None
    strings = _SURROGATE_ESCAPE.search(raw) is not None
    if strings or raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        _check_tree(value, strings)
    return value


def _check_tree(value: Any, strings: bool) -> None:
    """Depth (and, if `strings`, every key and string) without recursion: a deep value must
    not exhaust the stack. Scalars are skipped unless strings need checking."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if depth > MAX_DEPTH:
                raise MalformedJson(f"nested deeper than {MAX_DEPTH} levels")
            if strings:
                for key in node:
                    _check_string(key)
            items: Any = node.values()
        elif isinstance(node, list):
            if depth > MAX_DEPTH:
                raise MalformedJson(f"nested deeper than {MAX_DEPTH} levels")
            items = node
        else:
            if strings and isinstance(node, str):
                _check_string(node)
            continue
        stack.extend(
            (item, depth + 1) for item in items if strings or isinstance(item, (dict, list))
        )


def _check_string(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise MalformedJson(
            f"a string holds a lone UTF-16 surrogate (\\u{ord(text[error.start]):04x}), "
            "which is not a Unicode character"
        ) from None
