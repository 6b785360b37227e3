"""What the spec says each cited page states: one `CitedFact` per fact and claim.

A claim is one `x-source` entry of the spec; its `states` become facts of a kind the page
reader can look for (`facts.py`). Free text (`note`, `sample`) and schema names (`body`) are
not looked for: they are our words, not the page's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from comms_spec._pointer import pointer

LIMITS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "default",
)


@dataclass(frozen=True)
class CitedFact:
    """One fact a claim says a page states.

    `kind` is how the page is searched: status, pattern, enum, limit (with `key` the keyword),
    marker (a name printed Required), header, property, operation or name. `anchors` are the
    field names a number sits next to. `snapshot` is set when the claim is about an older copy
    of the page (a seed), which a live page need not match.
    """

    url: str
    kind: str
    key: str
    value: Any
    where: str
    anchors: tuple[str, ...] = ()
    snapshot: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "enum":
            return f"enum [{', '.join(map(str, self.value))}]"
        if self.kind == "limit":
            return f"{self.key} {self.value}"
        if self.kind == "marker":
            return f"{self.value} Required"
        return f"{self.kind} {self.value}"


def cited_facts(spec: dict[str, Any]) -> list[CitedFact]:
    return list(_walk(spec))


def cited_urls(spec: dict[str, Any]) -> set[str]:
    """Every page some claim cites (with states of any shape)."""
    urls: set[str] = set()
    for _where, node in _labelled(spec, ""):
        for source in _sources(node):
            urls.add(source["url"])
    return urls


def _walk(spec: dict[str, Any]) -> Iterator[CitedFact]:
    for at, labelled in _labelled(spec, ""):
        anchors = _anchors(labelled, at)
        for source in _sources(labelled):
            states = source.get("states")
            if isinstance(states, dict):
                yield from _facts(source["url"], states, at, anchors)


def _labelled(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "x-source" in node:
            yield where, node
        for key, value in node.items():
            if key in ("example", "examples"):
                continue
            yield from _labelled(value, where + pointer(str(key)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _labelled(item, where + pointer(i))


def _sources(node: dict[str, Any]) -> list[dict[str, Any]]:
    sources = node.get("x-source")
    found = sources if isinstance(sources, list) else [sources]
    return [s for s in found if isinstance(s, dict) and isinstance(s.get("url"), str)]


def _anchors(node: dict[str, Any], where: str) -> tuple[str, ...]:
    """Field names a limit of this node is printed next to: its parameter or property name."""
    names: list[str] = []
    if isinstance(node.get("name"), str):
        names.append(node["name"])
    tokens = where.split("/")
    if len(tokens) >= 2 and tokens[-2] == "properties":
        names.append(tokens[-1])
    if tokens[-1] in ("propertyNames", "additionalProperties") and len(tokens) >= 2:
        names.append(tokens[-2])
    elif len(tokens) >= 2 and tokens[-2] in ("schemas", "parameters"):
        names.append(tokens[-1])
    return tuple(dict.fromkeys(names))


def _facts(
    url: str, states: dict[str, Any], where: str, anchors: tuple[str, ...]
) -> Iterator[CitedFact]:
    snapshot = states.get("snapshot")
    snap = str(snapshot) if snapshot is not None else None

    def fact(kind: str, key: str, value: Any, with_anchors: tuple[str, ...] = ()) -> CitedFact:
        return CitedFact(url, kind, key, value, where, with_anchors, snap)

    for key, value in states.items():
        if key in ("statuses", "status"):
            # `statuses`: an operation's list (a new code on the page concerns it); `status`:
            # one response's code.
            for code in value if isinstance(value, list) else [value]:
                if isinstance(code, int) or (isinstance(code, str) and code.isdigit()):
                    yield fact("status", key, int(code))
        elif key == "pattern" and isinstance(value, str):
            yield fact("pattern", key, value)
        elif key == "enum" and isinstance(value, list):
            yield fact("enum", key, tuple(str(v) for v in value))
        elif key in LIMITS and isinstance(value, int | float) and not isinstance(value, bool):
            yield fact("limit", key, value, anchors)
        elif key == "required" and isinstance(value, list):
            for name in value:
                yield fact("marker", key, str(name))
        elif key == "headers" and isinstance(value, list):
            for name in value:
                yield fact("header", key, str(name))
        elif key == "properties" and isinstance(value, list):
            for name in value:
                yield fact("property", key, str(name))
        elif key == "operation" and isinstance(value, str):
            yield fact("operation", key, value)
        elif key == "name" and isinstance(value, str):
            yield fact("name", key, value)


def citing_pointers(spec: dict[str, Any]) -> dict[str, set[str]]:
    """URL -> the JSON pointers of every claim citing it."""
    found: dict[str, set[str]] = {}
    for where, node in _labelled(spec, ""):
        for source in _sources(node):
            found.setdefault(source["url"], set()).add(where or "/")
    return found
