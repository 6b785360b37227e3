"""The spec's own vendor extensions are well-formed where code generation reads them.

`x-terminal-statuses` on a schema names the statuses that end an Operation; the generated
client's wait helpers poll until one of them. It must sit on an object schema whose `status`
property is an enum, list only values of that enum, and leave at least one value that is not
terminal (otherwise there is nothing to wait for).

`x-sends-messages` on an operation marks it as sending Messages, which the contract suite never
calls against a real account unless told to. It must be `true` (a misspelt `"yes"` would
silently turn that safety off) and sit on a POST.

`x-read-only` on an operation says it changes nothing although it is a POST (Search, Resolve), so
the suite's mutation guard lets it through. It must be `true`, sit on a POST (a GET is read-only
anyway) and not be on an operation that sends Messages.

`x-unique-items` on an array schema says its items are unique (the emulator enforces it). It
must be `true` and sit on an array schema (the `generator-ready` check keeps `uniqueItems`
itself, the form generators turn into sets, out of the published spec).
"""

from __future__ import annotations

from typing import Any

from comms_spec._extensions import (
    READ_ONLY_KEY,
    SENDS_MESSAGES_KEY,
    TERMINAL_STATUSES_KEY,
    UNIQUE_ITEMS_KEY,
)
from comms_spec._operations import iter_operations
from comms_spec._pointer import escape
from comms_spec._refs import resolve
from comms_spec.checks._problem import SpecProblem

NAME = "extensions-valid"
TERMINAL = TERMINAL_STATUSES_KEY


def check_extensions(spec: dict[str, Any]) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        if TERMINAL in schema:
            problems += _check_terminal(spec, schema, f"/components/schemas/{name}")
    for op in iter_operations(spec):
        if SENDS_MESSAGES_KEY in op.node:
            where = op.pointer
            if op.node[SENDS_MESSAGES_KEY] is not True:
                problems.append(SpecProblem(NAME, where, f"{SENDS_MESSAGES_KEY} must be true"))
            elif op.method != "post":
                problems.append(SpecProblem(NAME, where, f"{SENDS_MESSAGES_KEY} belongs on a POST"))
        if READ_ONLY_KEY in op.node:
            problems += _check_read_only(op.node, op.method, op.pointer)
    problems += _check_unique_items(spec.get("components", {}), "/components")
    problems += _check_unique_items(spec.get("paths", {}), "/paths")
    return problems


def _check_unique_items(node: Any, where: str) -> list[SpecProblem]:
    if isinstance(node, list):
        return [f for i, item in enumerate(node) for f in _check_unique_items(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    problems: list[SpecProblem] = []
    if UNIQUE_ITEMS_KEY in node:
        if node[UNIQUE_ITEMS_KEY] is not True:
            problems.append(SpecProblem(NAME, where, f"{UNIQUE_ITEMS_KEY} must be true"))
        elif node.get("type") != "array":
            message = f"{UNIQUE_ITEMS_KEY} belongs on an array schema"
            problems.append(SpecProblem(NAME, where, message))
    for key, value in node.items():
        if key not in ("example", "examples"):
            problems += _check_unique_items(value, f"{where}/{escape(key)}")
    return problems


def _check_read_only(node: dict[str, Any], method: str, where: str) -> list[SpecProblem]:
    if node[READ_ONLY_KEY] is not True:
        return [SpecProblem(NAME, where, f"{READ_ONLY_KEY} must be true")]
    if method != "post":
        return [SpecProblem(NAME, where, f"{READ_ONLY_KEY} belongs on a POST (a {method} is read)")]
    if node.get(SENDS_MESSAGES_KEY) is True:
        return [SpecProblem(NAME, where, f"{READ_ONLY_KEY} on an operation that sends Messages")]
    return []


def _check_terminal(spec: dict[str, Any], schema: dict[str, Any], where: str) -> list[SpecProblem]:
    terminal = schema[TERMINAL]
    status = resolve(spec, schema.get("properties", {}).get("status", {}))
    enum = status.get("enum")
    if not isinstance(enum, list):
        return [SpecProblem(NAME, where, f"{TERMINAL} needs a `status` property that is an enum")]
    if "status" not in schema.get("required", []):
        return [SpecProblem(NAME, where, f"{TERMINAL} needs `status` to be required")]
    if not isinstance(terminal, list) or not terminal:
        return [SpecProblem(NAME, where, f"{TERMINAL} must be a non-empty list")]
    unknown = [value for value in terminal if value not in enum]
    if unknown:
        return [SpecProblem(NAME, where, f"{TERMINAL} lists {unknown}, not values of {enum}")]
    if set(enum) <= set(terminal):
        return [SpecProblem(NAME, where, f"{TERMINAL} leaves no in-progress status in {enum}")]
    return []
