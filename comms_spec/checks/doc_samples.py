"""Twilio's printed payloads still validate against the spec (spec/doc-samples.yaml).

A sample marked `expect: invalid` records a documented contradiction; it must keep failing, so a
spec change that silently starts accepting it is noticed too.

A sample is checked against one of:
- an operation's request body (`operationId` + `request: true`) or response body
  (`operationId` + `response: <status>`), given as `body`;
- an operation's parameters (`operationId` + `parameters: {name: value}`), each against the
  schema of the parameter of that name (an SDK call prints parameters, not a body);
- a named schema (`schema: <component>`, optionally `property: <name>` of it), given as `body`,
  for a payload printed as part of a resource page rather than as an operation's response.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from comms_spec._load import DEFAULT_SPEC_PATH
from comms_spec._operations import SpecOperation, json_media, operations_by_id
from comms_spec._refs import resolve
from comms_spec._validation import schema_validator
from comms_spec.checks._problem import SpecProblem

NAME = "doc-samples-validate"
DEFAULT_SAMPLES_PATH = DEFAULT_SPEC_PATH.parent / "doc-samples.yaml"


def load_samples(path: Path = DEFAULT_SAMPLES_PATH) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        samples: list[dict[str, Any]] = yaml.safe_load(handle)["samples"]
    return samples


def check_doc_samples(
    spec: dict[str, Any], samples: list[dict[str, Any]] | None = None
) -> list[SpecProblem]:
    operations = operations_by_id(spec)
    problems: list[SpecProblem] = []
    for sample in load_samples() if samples is None else samples:
        where = f"doc-samples/{sample['name']}"
        targets, problem = _targets(spec, operations, sample)
        if problem:
            problems.append(SpecProblem(NAME, where, problem))
            continue
        errors = [
            ("/".join(filter(None, [label, *map(str, e.absolute_path)])), e.message)
            for label, schema, value in targets
            for e in schema_validator(spec, schema).iter_errors(value)
        ]
        if sample["expect"] == "valid":
            problems += [
                SpecProblem(NAME, where, f"at {at or '(root)'}: {message}")
                for at, message in errors
            ]
        elif not errors:
            problems.append(
                SpecProblem(
                    NAME,
                    where,
                    f"expected to be rejected ({sample.get('why', 'no reason given')}) "
                    "but the spec now accepts it",
                )
            )
    return problems


def _targets(
    spec: dict[str, Any], operations: dict[str, SpecOperation], sample: dict[str, Any]
) -> tuple[list[tuple[str, Any, Any]], str | None]:
    """(label, schema, value) triples to validate, or a reason the sample cannot be placed."""
    if "schema" in sample:
        schema = spec.get("components", {}).get("schemas", {}).get(sample["schema"])
        if schema is None:
            return [], f"no schema {sample['schema']!r}"
        if "property" in sample:
            schema = resolve(spec, schema).get("properties", {}).get(sample["property"])
            if schema is None:
                return [], f"{sample['schema']} has no property {sample['property']!r}"
        return [("", schema, sample["body"])], None
    op = operations.get(sample["operationId"])
    if op is None:
        return [], f"no operation {sample['operationId']!r}"
    if "parameters" in sample:
        targets = []
        for name, value in sample["parameters"].items():
            param = next((p for p in op.parameters if p["name"] == name), None)
            if param is None:
                return [], f"{op.label} has no parameter {name!r}"
            targets.append((name, param["schema"], value))
        return targets, None
    if sample.get("request"):
        holder = op.node.get("requestBody")
    else:
        holder = op.node.get("responses", {}).get(str(sample["response"]))
    media = json_media(spec, holder)
    if media is None:
        return [], f"{op.label} declares no JSON body for it"
    return [("", media["schema"], sample["body"])], None
