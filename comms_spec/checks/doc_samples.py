"""Twilio's printed payloads still validate against the spec (spec/doc-samples.yaml).

A sample marked `expect: invalid` records a documented contradiction; it must keep failing, so a
spec change that silently starts accepting it is noticed too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from comms_spec._load import DEFAULT_SPEC_PATH
from comms_spec._operations import json_media, operations_by_id
from comms_spec._validation import schema_validator
from comms_spec.checks._finding import Finding

NAME = "doc-samples-validate"
DEFAULT_SAMPLES_PATH = DEFAULT_SPEC_PATH.parent / "doc-samples.yaml"


def load_samples(path: Path = DEFAULT_SAMPLES_PATH) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        samples: list[dict[str, Any]] = yaml.safe_load(handle)["samples"]
    return samples


def check_doc_samples(
    spec: dict[str, Any], samples: list[dict[str, Any]] | None = None
) -> list[Finding]:
    operations = operations_by_id(spec)
    findings: list[Finding] = []
    for sample in load_samples() if samples is None else samples:
        where = f"doc-samples/{sample['name']}"
        op = operations.get(sample["operationId"])
        if op is None:
            findings.append(Finding(NAME, where, f"no operation {sample['operationId']!r}"))
            continue
        if sample.get("request"):
            holder = op.node.get("requestBody")
        else:
            holder = op.node.get("responses", {}).get(str(sample["response"]))
        media = json_media(spec, holder)
        if media is None:
            findings.append(Finding(NAME, where, f"{op.label} declares no JSON body for it"))
            continue
        errors = list(schema_validator(spec, media["schema"]).iter_errors(sample["body"]))
        if sample["expect"] == "valid":
            findings += [
                Finding(
                    NAME,
                    where,
                    f"at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}",
                )
                for e in errors
            ]
        elif not errors:
            findings.append(
                Finding(
                    NAME,
                    where,
                    f"expected to be rejected ({sample.get('why', 'no reason given')}) "
                    "but the spec now accepts it",
                )
            )
    return findings
