from __future__ import annotations

from typing import Any

from comms_spec import operations_by_id


def operation(spec: dict[str, Any], op_id: str) -> dict[str, Any]:
    return operations_by_id(spec)[op_id].node


def messages(findings: list[Any]) -> str:
    return "\n".join(str(f) for f in findings)
