"""Differences between two normalised answers to the same request, each named by its kind:

- `status_differs`: the status codes differ (the bodies are then not compared: they answer
  different outcomes, and one named difference says more than a cascade of them);
- `header_differs`: a header the spec declares for the response, or the media type;
- `error_code_differs`: both are errors, with different `code`s;
- `body_shape_differs`: a key present on one side only, or a value of another JSON type;
- `value_differs`: the same place holds different values (or lists of different lengths);
- `ordering_differs`: a list holds the same items in another order.

A `shape` comparison (account data such as the sender inventory) stops at types and keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from contract_tests._parity.normalise import plain

STATUS = "status_differs"
HEADER = "header_differs"
ERROR_CODE = "error_code_differs"
SHAPE = "body_shape_differs"
VALUE = "value_differs"
ORDERING = "ordering_differs"
MAX_PER_EXCHANGE = 20


@dataclass(frozen=True)
class Difference:
    check: str
    where: str  # a JSON path into the body ("$.tags.keep"), a header name, or "status"
    expected: Any  # the reference target's
    actual: Any  # the other target's

    def describe(self) -> str:
        return f"{self.where}: {_show(self.expected)} != {_show(self.actual)}"


def _show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True) if value is not _MISSING else "(absent)"
    return text if len(text) <= 200 else text[:197] + "..."


_MISSING: Any = object()


def compare(
    expected: dict[str, Any],
    actual: dict[str, Any],
    mode: str = "full",
    maps: frozenset[str] = frozenset(),
) -> list[Difference]:
    """Differences between two normalised responses (`{"status", "headers", "body"}`).
    `maps` names free-form map properties (tags): a key missing there is a value difference
    of the whole map, not a change of shape."""
    expected, actual = plain(expected), plain(actual)
    if expected["status"] != actual["status"]:
        return [Difference(STATUS, "status", expected["status"], actual["status"])]
    found: list[Difference] = []
    for name in sorted(set(expected["headers"]) | set(actual["headers"])):
        mine = expected["headers"].get(name, _MISSING)
        theirs = actual["headers"].get(name, _MISSING)
        if mine != theirs and not (mode == "shape" and _MISSING not in (mine, theirs)):
            found.append(Difference(HEADER, name, mine, theirs))
    body, other = expected.get("body"), actual.get("body")
    if (
        expected["status"] >= 400
        and isinstance(body, dict)
        and isinstance(other, dict)
        and body.get("code") != other.get("code")
    ):
        found.append(
            Difference(
                ERROR_CODE, "$.code", body.get("code", _MISSING), other.get("code", _MISSING)
            )
        )
    _walk(body, other, "$", mode, maps, found)
    # An error code already named is not repeated as a value (or shape) difference.
    named = {d.where for d in found if d.check == ERROR_CODE}
    return [d for d in found if d.check == ERROR_CODE or d.where not in named][:MAX_PER_EXCHANGE]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "string"


def _walk(
    mine: Any, theirs: Any, where: str, mode: str, maps: frozenset[str], found: list[Difference]
) -> None:
    if mode == "shape" and None in (mine, theirs):
        return  # `next: null` on one account's last page is data, not shape
    if _kind(mine) != _kind(theirs):
        found.append(Difference(SHAPE, where, _kind(mine), _kind(theirs)))
        return
    if isinstance(mine, dict) and where.rsplit(".", 1)[-1] in maps:
        if mode == "full" and mine != theirs:
            found.append(Difference(VALUE, where, mine, theirs))
        return
    if isinstance(mine, dict):
        for key in sorted(set(mine) | set(theirs)):
            if key not in theirs or key not in mine:
                found.append(
                    Difference(
                        SHAPE, f"{where}.{key}", mine.get(key, _MISSING), theirs.get(key, _MISSING)
                    )
                )
            else:
                _walk(mine[key], theirs[key], f"{where}.{key}", mode, maps, found)
        return
    if isinstance(mine, list):
        if mode == "shape":
            if mine and theirs:
                _walk(mine[0], theirs[0], f"{where}[0]", mode, maps, found)
            return
        if len(mine) != len(theirs):
            found.append(Difference(VALUE, f"{where}.length", len(mine), len(theirs)))
            return
        if mine != theirs and _same_items(mine, theirs):
            found.append(Difference(ORDERING, where, mine, theirs))
            return
        for index, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            _walk(a, b, f"{where}[{index}]", mode, maps, found)
        return
    if mode == "full" and mine != theirs:
        found.append(Difference(VALUE, where, mine, theirs))


def _same_items(mine: list[Any], theirs: list[Any]) -> bool:
    key = lambda item: json.dumps(item, sort_keys=True)  # noqa: E731
    return sorted(map(key, mine)) == sorted(map(key, theirs))
