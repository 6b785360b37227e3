"""Every example validates against its schema (formats on); every success response has one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from comms_spec._operations import iter_operations
from comms_spec._pointer import escape
from comms_spec._refs import resolve
from comms_spec._validation import schema_validator
from comms_spec.checks._problem import SpecProblem

NAME = "examples-validate"


def check_examples(spec: dict[str, Any]) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    for where, schema, example in _all_examples(spec):
        for error in schema_validator(spec, schema).iter_errors(example):
            location = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(SpecProblem(NAME, where, f"at {location}: {error.message}"))
    problems += _success_responses_without_example(spec)
    return problems


def _all_examples(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for op in iter_operations(spec):
        base = op.pointer
        body = op.node.get("requestBody")
        if body is not None:
            yield from _media_examples(spec, resolve(spec, body), f"{base}/requestBody")
        for status, response in op.node.get("responses", {}).items():
            yield from _media_examples(spec, resolve(spec, response), f"{base}/responses/{status}")
        for param in op.parameters:
            if "schema" in param:
                where = f"{base}/parameters/{param['in']}.{param['name']}"
                yield from _node_examples(param, param["schema"], where)
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        yield from _schema_examples(schema, f"/components/schemas/{name}")


def _media_examples(
    spec: dict[str, Any], holder: dict[str, Any], where: str
) -> Iterator[tuple[str, dict[str, Any], Any]]:
    for media_type, media in holder.get("content", {}).items():
        if "schema" in media:
            yield from _node_examples(
                media, media["schema"], f"{where}/content/{escape(media_type)}", spec
            )


def _node_examples(
    holder: dict[str, Any], schema: dict[str, Any], where: str, spec: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any], Any]]:
    if "example" in holder:
        yield f"{where}/example", schema, holder["example"]
    for key, example in holder.get("examples", {}).items():
        value = resolve(spec, example) if spec is not None else example
        if "value" in value:
            yield f"{where}/examples/{key}", schema, value["value"]


def _schema_examples(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """JSON Schema `examples` arrays anywhere inside a schema, each against its own node."""
    if not isinstance(node, dict):
        return
    examples = node.get("examples")
    if isinstance(examples, list):
        bare = {k: v for k, v in node.items() if k != "examples"}
        for index, example in enumerate(examples):
            yield f"{where}/examples/{index}", bare, example
    for key, child in node.items():
        if key in ("properties", "patternProperties", "$defs"):
            for name, sub in child.items():
                yield from _schema_examples(sub, f"{where}/{key}/{name}")
        elif key in ("items", "additionalProperties", "propertyNames", "not"):
            yield from _schema_examples(child, f"{where}/{key}")
        elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            for index, sub in enumerate(child):
                yield from _schema_examples(sub, f"{where}/{key}/{index}")


def _success_responses_without_example(spec: dict[str, Any]) -> list[SpecProblem]:
    problems = []
    for op in iter_operations(spec):
        for status, response_node in op.node.get("responses", {}).items():
            if not str(status).startswith("2"):
                continue
            for media_type, media in resolve(spec, response_node).get("content", {}).items():
                if "example" not in media and not media.get("examples"):
                    problems.append(
                        SpecProblem(
                            NAME,
                            f"{op.pointer}/responses/{status}",
                            f"success response ({media_type}) has no documented example",
                        )
                    )
    return problems
