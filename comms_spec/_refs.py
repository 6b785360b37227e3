"""Local `$ref`s (the spec uses only `#/...` references): follow one, or inline them all."""

from __future__ import annotations

from typing import Any

from comms_spec._pointer import pointer_get


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow `$ref` chains until a node without one is reached."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ValueError(f"only local references are supported, got {ref!r}")
        if ref in seen:
            raise ValueError(f"circular reference through {ref}")
        seen.add(ref)
        node = pointer_get(spec, ref[1:])
    return node


def inline_refs(spec: dict[str, Any], node: Any, trail: tuple[str, ...] = ()) -> Any:
    """A copy of `node` with every local `$ref` replaced by its target (siblings of a `$ref`
    win over the target's keys). A cycle keeps its `$ref`; the spec has none today."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in trail:
            target = inline_refs(spec, pointer_get(spec, ref[1:]), (*trail, ref))
            siblings = {k: inline_refs(spec, v, trail) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings} if isinstance(target, dict) else target
        return {k: inline_refs(spec, v, trail) for k, v in node.items()}
    if isinstance(node, list):
        return [inline_refs(spec, v, trail) for v in node]
    return node
