"""Every operation, response and named schema says whether it is documented or inferred.

An inferred element must explain its decision in `x-inferred-reason` so that the drift report
(and a maintainer) can tell "Twilio broke a promise" from "our guess was wrong". The reason is
kept out of `description`, which generators turn into the SDK's documentation.
"""

from __future__ import annotations

from typing import Any

from comms_spec._extensions import INFERRED_REASON_KEY, inferred_reason
from comms_spec._operations import iter_operations
from comms_spec._refs import resolve
from comms_spec.checks._problem import SpecProblem

NAME = "provenance-recorded"
VALUES = ("documented", "inferred")


def check_provenance(spec: dict[str, Any]) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    for op in iter_operations(spec):
        base = op.pointer
        problems += _check_node(op.node, base)
        for status, response in op.node.get("responses", {}).items():
            where = response.get("$ref", f"{base}/responses/{status}")
            problems += _check_node(resolve(spec, response), where)
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        problems += _check_node(schema, f"/components/schemas/{name}")
    # Duplicates appear when several operations share a component response; report each once.
    return list(dict.fromkeys(problems))


def _check_node(node: dict[str, Any], where: str) -> list[SpecProblem]:
    value = node.get("x-provenance")
    if value not in VALUES:
        return [SpecProblem(NAME, where, f"x-provenance must be one of {VALUES}, got {value!r}")]
    if value == "inferred" and inferred_reason(node) is None:
        return [SpecProblem(NAME, where, f"inferred, but it has no {INFERRED_REASON_KEY}")]
    return []
