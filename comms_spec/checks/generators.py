"""The published spec is in forms every mainstream generator reads with default options.

Each rule is a failure seen with a pinned generator (docs/sdk-authors/generators.md):
- a link with a `requestBody` (openapi-generator's validator refuses the document); such links
  live in the suite overlay (`spec/overlays/suite.yaml`);
- `uniqueItems` (typescript-fetch makes a `Set` and then calls `.map` on it); the spec says
  `x-unique-items` instead;
- a server URL with variables (hey-api then has no default base URL);
- a component schema named like a built-in type of a common target language (`Error` became
  `ModelError` in TypeScript, with a warning per use);
- "Inferred:" in a description or summary: descriptions become the SDK's documentation, and
  our provenance goes in `x-` fields (`x-inferred-reason`, `x-inferred`).
"""

from __future__ import annotations

from typing import Any

from comms_spec._extensions import INFERRED_MARKER as MARKER
from comms_spec._pointer import escape, pointer
from comms_spec.checks._problem import SpecProblem

NAME = "generator-ready"
# Names that collide with a built-in or standard type in TypeScript, Python, Java, C# or Go.
RESERVED_SCHEMA_NAMES = frozenset(
    {
        "Array", "Boolean", "Date", "Dict", "Error", "Exception", "File", "Function", "Integer",
        "List", "Map", "Number", "Object", "Promise", "Record", "Request", "Response", "Set",
        "String", "Type", "Blob",
    }
)  # fmt: skip
_TEXT_KEYS = ("description", "summary", "title")


def check_generator_ready(spec: dict[str, Any]) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    for index, server in enumerate(spec.get("servers", [])):
        if server.get("variables") or "{" in str(server.get("url", "")):
            problems.append(
                SpecProblem(NAME, pointer("servers", index), "server URLs must be concrete")
            )
    for name in spec.get("components", {}).get("schemas", {}):
        if name in RESERVED_SCHEMA_NAMES:
            problems.append(
                SpecProblem(
                    NAME,
                    pointer("components", "schemas", name),
                    f"schema name {name!r} collides with a built-in type in a common language",
                )
            )
    problems += _walk(spec, "")
    return problems


def _walk(node: Any, where: str) -> list[SpecProblem]:
    if isinstance(node, list):
        return [f for i, item in enumerate(node) for f in _walk(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    problems: list[SpecProblem] = []
    for key in _TEXT_KEYS:
        if isinstance(node.get(key), str) and MARKER in node[key]:
            problems.append(
                SpecProblem(
                    NAME, where or "/", f"{key} holds an '{MARKER}' note: use x-inferred-reason"
                )
            )
    in_links = where.endswith("/links") or "/links/" in where
    if in_links and "requestBody" in node and "operationId" in node:
        problems.append(
            SpecProblem(NAME, where, "a link with a requestBody belongs in the suite overlay")
        )
    if node.get("type") == "array" and "uniqueItems" in node:
        problems.append(SpecProblem(NAME, where, "say uniqueItems as x-unique-items"))
    for key, value in node.items():
        if isinstance(key, str) and key.startswith("x-"):
            continue
        if key in ("example", "examples"):
            continue
        problems += _walk(value, f"{where}/{escape(key)}")
    return problems
