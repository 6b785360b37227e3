"""Every OpenAPI link points at a real operation with real parameters and real data.

No validator checks this (openapi-spec-validator, Redocly, Spectral and Schemathesis all accept a
link to a missing operationId and silently lose that edge of the stateful walk), so a typo here
would quietly shrink what the contract suite explores.
"""

from __future__ import annotations

import re
from typing import Any

from comms_spec._operations import (
    SpecOperation,
    iter_operations,
    json_media,
    request_schema,
)
from comms_spec._overlay import suite_document
from comms_spec._pointer import pointer
from comms_spec._refs import resolve
from comms_spec.checks._problem import SpecProblem

NAME = "links-resolve"
_PARAM_KEY = re.compile(r"^(?:(path|query|header|cookie)\.)?(.+)$")
_EXPRESSION = re.compile(
    r"^\$(?:"
    r"request\.(?P<req_loc>path|query|header)\.(?P<req_name>.+)"
    r"|request\.body#(?P<req_ptr>/.*)?"
    r"|response\.header\.(?P<resp_header>.+)"
    r"|response\.body#(?P<resp_ptr>/.*)?"
    r"|(?P<bare>url|method|statusCode)"
    r")$"
)


def check_links(spec: dict[str, Any]) -> list[SpecProblem]:
    """The spec's links, and the suite overlay's (checked on the overlaid document)."""
    try:
        overlaid = suite_document(spec)
    except (KeyError, ValueError, OSError) as error:
        return [SpecProblem(NAME, "/", f"the suite overlay does not apply: {error}")]
    return check_document_links(overlaid)


def check_document_links(spec: dict[str, Any]) -> list[SpecProblem]:
    operations = {op.op_id: op for op in iter_operations(spec)}
    problems: list[SpecProblem] = []
    for source in operations.values():
        for status, response_node in source.node.get("responses", {}).items():
            response = resolve(spec, response_node)
            for link_name, link_node in response.get("links", {}).items():
                where = pointer(
                    "paths", source.path, source.method, "responses", status, "links", link_name
                )
                link = resolve(spec, link_node)
                problems += _check_link(spec, operations, source, response, link, where)
    return problems


def _check_link(
    spec: dict[str, Any],
    operations: dict[str, SpecOperation],
    source: SpecOperation,
    response: dict[str, Any],
    link: dict[str, Any],
    where: str,
) -> list[SpecProblem]:
    if "operationRef" in link:
        return [SpecProblem(NAME, where, "use operationId, not operationRef")]
    target = operations.get(link.get("operationId", ""))
    if target is None:
        return [SpecProblem(NAME, where, f"operationId {link.get('operationId')!r} does not exist")]
    problems: list[SpecProblem] = []
    supplied: set[tuple[str, str]] = set()
    for key, value in link.get("parameters", {}).items():
        location, name = _PARAM_KEY.match(key).groups()  # type: ignore[union-attr]
        matches = [
            p
            for p in target.parameters
            if p["name"] == name and (location is None or p["in"] == location)
        ]
        if not matches:
            problems.append(SpecProblem(NAME, where, f"{target.op_id} has no parameter {key!r}"))
            continue
        supplied.add((matches[0]["in"], name))
        problems += _check_expression(spec, source, response, value, f"{where}/parameters/{key}")
    for param in target.parameters:
        required_path = param.get("required") and param["in"] == "path"
        if required_path and ("path", param["name"]) not in supplied:
            problems.append(
                SpecProblem(
                    NAME,
                    where,
                    f"required path parameter {param['name']!r} of {target.op_id} is not "
                    "supplied, so the link would only ever reach a random ID",
                )
            )
    if "requestBody" in link:
        if "requestBody" not in target.node:
            problems.append(SpecProblem(NAME, where, f"{target.op_id} takes no request body"))
        for sub_where, value in _leaves(link["requestBody"], f"{where}/requestBody"):
            problems += _check_expression(spec, source, response, value, sub_where)
    return problems


def _check_expression(
    spec: dict[str, Any], source: SpecOperation, response: dict[str, Any], value: Any, where: str
) -> list[SpecProblem]:
    if not isinstance(value, str) or not value.startswith("$"):
        return []  # a constant
    match = _EXPRESSION.match(value)
    if match is None:
        return [SpecProblem(NAME, where, f"{value!r} is not a runtime expression")]
    groups = match.groupdict()
    if groups["req_loc"]:
        if source.parameter(groups["req_loc"], groups["req_name"]) is None:
            return [
                SpecProblem(
                    NAME,
                    where,
                    f"{source.op_id} has no {groups['req_loc']} parameter {groups['req_name']!r}",
                )
            ]
    elif groups["resp_header"]:
        declared = {h.lower() for h in response.get("headers", {})}
        if groups["resp_header"].lower() not in declared:
            return [
                SpecProblem(NAME, where, f"response declares no header {groups['resp_header']!r}")
            ]
    elif value.startswith("$request.body"):
        if not source.has_body:
            return [SpecProblem(NAME, where, f"{source.op_id} has no request body")]
        schema = request_schema(spec, source)
        return _check_pointer(spec, schema, groups["req_ptr"] or "", where)
    elif value.startswith("$response.body"):
        media = json_media(spec, response)
        schema = None if media is None else media.get("schema")
        return _check_pointer(spec, schema, groups["resp_ptr"] or "", where)
    return []


def _check_pointer(
    spec: dict[str, Any], schema: dict[str, Any] | None, pointer: str, where: str
) -> list[SpecProblem]:
    """The pointer must name something the schema can actually contain."""
    if schema is None:
        return [SpecProblem(NAME, where, "no application/json schema to point into")]
    node = resolve(spec, schema)
    for token in pointer.split("/")[1:]:
        if token in node.get("properties", {}):
            node = resolve(spec, node["properties"][token])
        elif token.isdigit() and "items" in node:
            node = resolve(spec, node["items"])
        else:
            return [SpecProblem(NAME, where, f"pointer {pointer!r} leaves the schema at {token!r}")]
    return []


def _leaves(node: Any, where: str) -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{where}/{k}")]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, f"{where}/{i}")]
    return [(where, node)]
