"""The spec as the generated client reads it: a tolerant reader of responses, a strict writer.

`scripts/generate.py` hands openapi-python-client this view of `spec/`, never the file itself.
Two rules apply, and only to schemas that appear in responses and never in a request (a schema
a client also sends stays exactly as the spec says, so requests are still checked against it):

1. **Open enums.** A property (or array item) that refers to a string enum becomes
   `anyOf: [<the enum>, {type: string}]`: the generated model types it `Enum | str`, keeps a
   known value as the enum member and an unknown one as the plain string.
2. **Inferred-required is tolerated-if-absent.** A property the spec requires only by our own
   inference is optional in the view, so a body without it still parses (the attribute is
   `UNSET`). Required-ness counts as inferred when
   - the schema as a whole is `x-provenance: inferred` (its shape is our guess; inline
     sub-objects inherit this), or
   - the schema's `x-inferred` names `required` (the list is ours: for example the docs mark the
     fields optional and we require them); when `x-inferred.required` maps names to reasons,
     only those names are ours and the rest stay required, or
   - the property's own node is `x-provenance: inferred`.
   A property whose required-ness is documented stays required; a body without it raises
   `errors.UnreadableResponse`, which keeps the status, headers and body.

`spec_diff.py` reads `tolerated_required()` too: moving a property between the two kinds changes
the generated types.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

SCHEMA_PREFIX = "#/components/schemas/"
INFERRED = "inferred"
# Set in the view on each schema that lost required names to rule 2 (the README lists them).
TOLERATED_KEY = "x-client-tolerated"
OPEN_ENUM_NOTE = "Open: a value this client does not know is kept as a plain string."


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _closure(spec: dict[str, Any], roots: list[Any]) -> set[str]:
    """Names of the component schemas reachable from `roots`, through any number of `$ref`s."""
    components: dict[str, Any] = spec.get("components", {})
    seen: set[str] = set()
    todo = [ref for root in roots for ref in _refs(root)]
    while todo:
        ref = todo.pop()
        if not ref.startswith("#/components/"):
            continue
        kind, _, name = ref.removeprefix("#/components/").partition("/")
        target = components.get(kind, {}).get(name)
        if kind == "schemas":
            if name in seen:
                continue
            seen.add(name)
        todo.extend(_refs(target))
    return seen


def _operations(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}:
                shared = item.get("parameters", [])
                yield {**operation, "parameters": [*shared, *operation.get("parameters", [])]}


def response_only_schemas(spec: dict[str, Any]) -> set[str]:
    """Component schemas a client only ever reads: in some response, in no request."""
    requests: list[Any] = []
    responses: list[Any] = []
    for operation in _operations(spec):
        requests += [operation["parameters"], operation.get("requestBody", {})]
        responses.append(operation.get("responses", {}))
    return _closure(spec, responses) - _closure(spec, requests)


def tolerated_required(schema: dict[str, Any]) -> set[str]:
    """The names in `schema["required"]` that the client tolerates missing (rule 2 above)."""
    required = set(schema.get("required", []))
    by_name = (schema.get("x-inferred") or {}).get("required")
    if schema.get("x-provenance") == INFERRED or isinstance(by_name, str):
        return required
    properties = schema.get("properties", {})
    # `x-inferred.required` may name just some of the list (a mapping of name to reason).
    named = required & set(by_name) if isinstance(by_name, dict) else set()
    return named | {n for n in required if properties.get(n, {}).get("x-provenance") == INFERRED}


def _is_string_enum(spec: dict[str, Any], node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        node = spec["components"]["schemas"].get(ref.removeprefix(SCHEMA_PREFIX), {})
    return "enum" in node and node.get("type") == "string"


def _open_enum(spec: dict[str, Any], node: Any) -> Any:
    """`node` accepting any string too when it is a string enum; else `node` unchanged."""
    if not _is_string_enum(spec, node):
        if isinstance(node, dict) and isinstance(node.get("items"), dict):
            return {**node, "items": _open_enum(spec, node["items"])}
        return node
    if "$ref" in node:
        target = spec["components"]["schemas"][node["$ref"].removeprefix(SCHEMA_PREFIX)]
        rest = {key: value for key, value in node.items() if key != "$ref"}
        described = (rest.get("description") or target.get("description") or "").rstrip()
        return {
            **rest,
            "description": f"{described}\n{OPEN_ENUM_NOTE}".lstrip(),
            "anyOf": [{"$ref": node["$ref"]}, {"type": "string"}],
        }
    return {"anyOf": [node, {"type": "string"}]}


def _tolerate(
    spec: dict[str, Any], schema: dict[str, Any], original: dict[str, Any], whole: bool
) -> None:
    """Apply rules 1 and 2 to `schema` (in the view) and its inline sub-schemas, in place."""
    tolerated = set(original.get("required", [])) if whole else tolerated_required(original)
    if tolerated and "required" in schema:
        kept = [r for r in schema["required"] if r not in tolerated]
        schema[TOLERATED_KEY] = [r for r in schema["required"] if r in tolerated]
        if kept:
            schema["required"] = kept
        else:
            del schema["required"]
    whole = whole or original.get("x-provenance") == INFERRED
    for key, prop in list(schema.get("properties", {}).items()):
        source = original["properties"][key]
        if isinstance(prop, dict) and "$ref" not in prop:
            inline = prop.get("items") if prop.get("type") == "array" else prop
            inline_source = source.get("items") if source.get("type") == "array" else source
            if isinstance(inline, dict) and inline.get("type") == "object":
                _tolerate(spec, inline, inline_source, whole)
        schema["properties"][key] = _open_enum(spec, prop)


def client_view(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` with rules 1 and 2 applied to the response-only schemas."""
    view = copy.deepcopy(spec)
    schemas: dict[str, Any] = view.get("components", {}).get("schemas", {})
    for name in sorted(response_only_schemas(spec)):
        if isinstance(schemas[name], dict):
            _tolerate(spec, schemas[name], spec["components"]["schemas"][name], whole=False)
    return view
