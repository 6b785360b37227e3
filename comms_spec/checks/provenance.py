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
from comms_spec.checks._finding import Finding

NAME = "provenance-recorded"
VALUES = ("documented", "inferred")


def check_provenance(spec: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    for op in iter_operations(spec):
        base = op.pointer
        findings += _check_node(op.node, base)
        for status, response in op.node.get("responses", {}).items():
            where = response.get("$ref", f"{base}/responses/{status}")
            findings += _check_node(resolve(spec, response), where)
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        findings += _check_node(schema, f"/components/schemas/{name}")
    # Duplicates appear when several operations share a component response; report each once.
    return list(dict.fromkeys(findings))


def _check_node(node: dict[str, Any], where: str) -> list[Finding]:
    value = node.get("x-provenance")
    if value not in VALUES:
        return [Finding(NAME, where, f"x-provenance must be one of {VALUES}, got {value!r}")]
    if value == "inferred" and inferred_reason(node) is None:
        return [Finding(NAME, where, f"inferred, but it has no {INFERRED_REASON_KEY}")]
    return []
