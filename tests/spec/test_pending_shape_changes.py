"""spec/pending-shape-changes.md stays applicable: its YAML, pasted as it says, passes checks.

Phase B of issue 11 applies these changes; delete this test (and the file) when it does.
"""

from __future__ import annotations

import copy
import re
import textwrap
from pathlib import Path
from typing import Any

import yaml

from comms_spec.checks import run_spec_checks
from comms_spec.checks.sources import count_claims

PENDING = Path(__file__).resolve().parents[2] / "spec" / "pending-shape-changes.md"


def _blocks() -> list[Any]:
    text = PENDING.read_text(encoding="utf-8")
    return [
        yaml.safe_load(textwrap.dedent(b)) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)
    ]


def _apply(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    to, recipient, message_from, schedule, schedule_schema, channel, *rest = _blocks()
    search_path, search_schemas, resolve_path, resolve_schemas = rest
    schemas = spec["components"]["schemas"]
    for name in ("MessageMetadata", "Message"):
        schemas[name]["properties"]["to"] = copy.deepcopy(to["to"])
        schemas[name]["properties"]["from"] = {"$ref": "#/components/schemas/MessageFrom"}
    schemas["MessageRecipient"]["properties"].update(recipient)
    for path in ("/Messages", "/Messages/{messageId}"):
        example = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        message = example["example"].get("messages", [example["example"]])[0]
        message["to"] = [message["to"]]
    schemas.update(message_from)
    schemas["SendMessagesRequest"]["properties"].update(schedule)
    schemas["SendMessagesRequest"]["x-inferred"]["additionalProperties"] = (
        "Inferred: unknown properties are rejected with 400."
    )
    for block in (schedule_schema, channel, search_schemas, resolve_schemas):
        schemas.update(block)
    spec["paths"].update(search_path)
    spec["paths"].update(resolve_path)
    return spec


def test_the_pending_changes_pass_the_checks_once_applied(spec: dict[str, Any]) -> None:
    changed = _apply(spec)
    findings = [str(f) for f in run_spec_checks(changed)]
    # The one expected finding: the Message resource's `to` sample starts passing (flip it).
    assert findings == [
        f for f in findings if "doc-samples/message-resource-to: expected to be rejected" in f
    ]
    assert len(findings) == 1
    assert count_claims(changed).unlabelled == 0
