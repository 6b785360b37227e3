"""OpenAPI Overlays (1.0): what only the contract suite reads, kept out of the published spec.

The published document is what SDK authors feed to their generators, and some forms that are
valid OpenAPI still stop mainstream generators (openapi-generator's validator refuses a link
whose `requestBody` holds runtime expressions). Those forms live in an overlay under
`spec/overlays/`, applied here for the tools that understand them (Schemathesis).

Targets are the JSONPath subset the overlays need: `$`, then `.name` or `['name']` steps, no
wildcards or filters, so each action names exactly one node; a target that names nothing is an
error (an overlay that silently stops applying would quietly shrink what the suite explores).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

from comms_spec._load import SPEC_DIR

OVERLAY_DIR = SPEC_DIR / "overlays"
SUITE_OVERLAY = OVERLAY_DIR / "suite.yaml"
_STEP = re.compile(r"\.([A-Za-z0-9_$-]+)|\['((?:[^'\\]|\\.)*)'\]")


def target_path(target: str) -> tuple[str, ...]:
    """`$.paths['/Senders'].get` -> ("paths", "/Senders", "get")."""
    if not target.startswith("$"):
        raise ValueError(f"overlay target {target!r} must start with '$'")
    steps: list[str] = []
    at = 1
    while at < len(target):
        match = _STEP.match(target, at)
        if match is None:
            raise ValueError(f"overlay target {target!r}: unsupported syntax at {target[at:]!r}")
        name = match.group(1)
        steps.append(name if name is not None else re.sub(r"\\(.)", r"\1", match.group(2)))
        at = match.end()
    return tuple(steps)


def _merge(into: dict[str, Any], update: dict[str, Any]) -> None:
    """Overlay `update` semantics: objects merge recursively, anything else is replaced."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)


def apply_overlay(document: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with the overlay's actions applied in order."""
    result = copy.deepcopy(document)
    for action in overlay.get("actions", []):
        node: Any = result
        for step in target_path(action["target"]):
            if not isinstance(node, dict) or step not in node:
                raise KeyError(f"overlay target {action['target']!r} names no node")
            node = node[step]
        if action.get("remove"):
            raise ValueError("overlay `remove` actions are not used by the kit's overlays")
        if not isinstance(node, dict) or not isinstance(action.get("update"), dict):
            raise ValueError(f"overlay target {action['target']!r}: update an object with one")
        _merge(node, action["update"])
    return result


def load_overlay(path: Path = SUITE_OVERLAY) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        overlay = yaml.safe_load(handle)
    if not isinstance(overlay, dict) or "overlay" not in overlay:
        raise ValueError(f"{path}: not an OpenAPI Overlay document")
    return overlay


def suite_document(document: dict[str, Any], path: Path = SUITE_OVERLAY) -> dict[str, Any]:
    """The spec as the contract suite reads it: the published document plus the suite overlay
    (link request bodies, `uniqueItems` for the fuzzer to negate)."""
    return apply_overlay(document, load_overlay(path))
