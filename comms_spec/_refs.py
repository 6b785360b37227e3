"""Local `$ref` resolution (the spec uses only `#/...` references)."""

from __future__ import annotations

from typing import Any


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


def pointer_get(document: Any, pointer: str) -> Any:
    """Read a JSON pointer (RFC 6901) such as `/components/schemas/Tags`."""
    node = document
    for raw in pointer.split("/")[1:] if pointer else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(pointer)
    return node
