"""What a spec change breaks for clients: `python -m scripts.spec_diff [--base REV | OLD NEW]`.

Compares HEAD (or REV) with the working tree, or two files, and lists client-breaking changes:
removed operations or responses; removed or renamed component schemas (the client's types);
removed response properties or ones no longer required;
new required inputs (parameters, body, body properties); narrowed enums, patterns and limits on
inputs. A change is breaking when a client written against the old contract can break, even if
the server is lenient. Exit 0 when nothing breaks, 1 when something does, 2 on usage errors.

Responses are compared as the generated client reads them (`scripts/generator/client_view.py`):
a new value of an enum the client reads as open breaks nothing, nor does dropping a field the
client already tolerates missing; a field whose presence turns from documented to inferred does
break code written against the client, which now types it optional.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from comms_spec import DEFAULT_SPEC_PATH, inline_refs, operations_by_id, parse_spec, resolve
from scripts.generator.client_view import TOLERATED_KEY, client_view

NARROWING = {
    "maxLength": "lowered",
    "maximum": "lowered",
    "maxItems": "lowered",
    "maxProperties": "lowered",
    "minLength": "raised",
    "minimum": "raised",
    "minItems": "raised",
}


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    found: list[str] = []
    old_ops, new_ops = operations_by_id(old), operations_by_id(new)
    old_view, new_view = client_view(old), client_view(new)
    for op_id, old_op in sorted(old_ops.items()):
        new_op = new_ops.get(op_id)
        if new_op is None:
            found.append(f"{op_id}: operation removed ({old_op.method.upper()} {old_op.path})")
            continue
        where = op_id
        if (old_op.method, old_op.path) != (new_op.method, new_op.path):
            found.append(
                f"{where}: moved from {old_op.method.upper()} {old_op.path} to "
                f"{new_op.method.upper()} {new_op.path}"
            )
        found += _inputs(old, new, old_op, new_op, where)
        old_responses = old_op.node.get("responses", {})
        new_responses = new_op.node.get("responses", {})
        for status in sorted(old_responses):
            if status not in new_responses:
                found.append(f"{where}: response {status} removed")
                continue
            found += _response_schema(
                _json_schema(old_view, old_responses[status]),
                _json_schema(new_view, new_responses[status]),
                f"{where} {status} response",
            )
    return found + _schema_names(old, new)


def _schema_names(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Generated clients name their types after the component schemas: a schema that loses its
    name breaks every `import` of that type, even when its shape lives on under another."""
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    added = [name for name in new_schemas if name not in old_schemas]

    def shape(spec: dict[str, Any], name: str) -> Any:
        return _bare(inline_refs(spec, spec["components"]["schemas"][name]))

    found = []
    for name in sorted(set(old_schemas) - set(new_schemas)):
        renamed = [other for other in added if shape(new, other) == shape(old, name)]
        if renamed:
            found.append(f"schema {name}: renamed to {renamed[0]} (the client's type is renamed)")
        else:
            found.append(f"schema {name}: removed (the client's type is gone)")
    return found


def _bare(node: Any) -> Any:
    """A schema without its words (titles, descriptions, `x-` notes): its shape alone."""
    if isinstance(node, dict):
        return {
            k: _bare(v)
            for k, v in node.items()
            if k not in ("title", "description") and not str(k).startswith("x-")
        }
    if isinstance(node, list):
        return [_bare(v) for v in node]
    return node


def _inputs(
    old: dict[str, Any], new: dict[str, Any], old_op: Any, new_op: Any, where: str
) -> list[str]:
    found = []
    old_params = {(p["in"], p["name"]): p for p in old_op.parameters}
    for key, param in {(p["in"], p["name"]): p for p in new_op.parameters}.items():
        before = old_params.get(key)
        label = f"{where}: {key[0]} parameter {key[1]}"
        if param.get("required") and not (before and before.get("required")):
            found.append(f"{label} is newly required")
        if before is not None:
            found += _request_schema(
                inline_refs(old, before.get("schema", {})),
                inline_refs(new, param.get("schema", {})),
                label,
            )
    old_body, new_body = old_op.node.get("requestBody"), new_op.node.get("requestBody")
    if new_body is not None:
        if new_body.get("required") and not (old_body and old_body.get("required")):
            found.append(f"{where}: request body is newly required")
        if old_body is not None:
            found += _request_schema(
                _json_schema(old, old_body), _json_schema(new, new_body), f"{where} request body"
            )
    return found


def _json_schema(spec: dict[str, Any], holder: dict[str, Any]) -> dict[str, Any]:
    media = resolve(spec, holder).get("content", {}).get("application/json", {})
    schema: dict[str, Any] = inline_refs(spec, media.get("schema", {}))
    return schema


def _request_schema(old: Any, new: Any, where: str) -> list[str]:
    """Inputs: what a client used to be allowed to send must still be allowed."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    found = []
    old_enum: list[Any] = old.get("enum", [])
    new_enum: list[Any] = new.get("enum", old_enum)  # no enum any more: widened, not broken
    removed = sorted(set(old_enum) - set(new_enum), key=str)
    if removed:
        found.append(f"{where}: enum values no longer accepted: {removed}")
    if "enum" in new and "enum" not in old:
        found.append(f"{where}: now restricted to {new['enum']}")
    if new.get("pattern") != old.get("pattern") and "pattern" in new:
        found.append(f"{where}: pattern changed from {old.get('pattern')!r} to {new['pattern']!r}")
    for keyword, direction in NARROWING.items():
        if keyword in new and (
            keyword not in old
            or (
                new[keyword] < old[keyword]
                if direction == "lowered"
                else new[keyword] > old[keyword]
            )
        ):
            found.append(
                f"{where}: {keyword} {direction} to {new[keyword]} "
                f"(was {old.get(keyword, 'unlimited')})"
            )
    if (
        old.get("additionalProperties", True) is not False
        and new.get("additionalProperties") is False
    ):
        found.append(f"{where}: unknown properties are now rejected")
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    found += [f"{where}: property {name} is newly required" for name in sorted(newly_required)]
    for name, schema in old.get("properties", {}).items():
        if name in new.get("properties", {}):
            found += _request_schema(schema, new["properties"][name], f"{where}.{name}")
    if isinstance(old.get("items"), dict):
        found += _request_schema(old["items"], new.get("items"), f"{where}[]")
    return found


def _response_schema(old: Any, new: Any, where: str) -> list[str]:
    """Outputs: what a client used to be able to read must still be there."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    found = []
    for name, schema in old.get("properties", {}).items():
        if name not in new.get("properties", {}):
            found.append(f"{where}: property {name} removed")
            continue
        if name in old.get("required", []) and name not in new.get("required", []):
            now = " (only inferred now: the client types it optional)"
            tolerated = name in new.get(TOLERATED_KEY, [])
            found.append(f"{where}: property {name} is no longer always present{now * tolerated}")
        found += _response_schema(schema, new["properties"][name], f"{where}.{name}")
    if "enum" in old and set(new.get("enum", [])) - set(old["enum"]):
        added = sorted(set(new["enum"]) - set(old["enum"]))
        found.append(f"{where}: new enum values {added} (clients with closed enums fail)")
    if isinstance(old.get("items"), dict):
        found += _response_schema(old["items"], new.get("items"), f"{where}[]")
    return found


def spec_at(revision: str) -> str:
    """The checkout's spec file as it is at a git revision (raises CalledProcessError)."""
    relative = DEFAULT_SPEC_PATH.relative_to(DEFAULT_SPEC_PATH.parents[1])
    return subprocess.run(
        ["git", "show", f"{revision}:{relative}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=DEFAULT_SPEC_PATH.parents[1],
    ).stdout


def _load(text: str) -> dict[str, Any]:
    return parse_spec(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, help="OLD NEW (default: REV vs tree)")
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    args = parser.parse_args(argv)
    try:
        if args.files:
            if len(args.files) != 2:
                parser.error("give two files, OLD and NEW")
            old, new = (_load(p.read_text(encoding="utf-8")) for p in args.files)
        else:
            old, new = (
                _load(spec_at(args.base)),
                _load(DEFAULT_SPEC_PATH.read_text(encoding="utf-8")),
            )
    except (OSError, subprocess.CalledProcessError, yaml.YAMLError) as error:
        print(f"spec_diff: cannot read the specs: {error}", file=sys.stderr)
        return 2
    changes = breaking_changes(old, new)
    for change in changes:
        print(f"BREAKING {change}")
    print(f"{len(changes)} client-breaking change(s)" if changes else "no client-breaking changes")
    return 1 if changes else 0


if __name__ == "__main__":
    sys.exit(main())
