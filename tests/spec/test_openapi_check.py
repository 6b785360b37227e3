from __future__ import annotations

from typing import Any

from comms_spec.checks import check_openapi


def test_the_spec_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    assert check_openapi(spec) == []


def test_a_bad_type_array_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Sender"]["properties"]["displayName"]["type"] = ["string", "nul"]
    findings = check_openapi(spec)
    assert findings
    assert "displayName" in findings[0].where or "nul" in findings[0].message


def test_a_3_0_document_is_refused(spec: dict[str, Any]) -> None:
    spec["openapi"] = "3.0.3"
    assert [f.where for f in check_openapi(spec)] == ["/openapi"]
