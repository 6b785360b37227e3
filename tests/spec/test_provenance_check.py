from __future__ import annotations

from typing import Any

from comms_spec.checks import check_provenance
from tests.spec.helpers import messages, operation


def test_everything_in_the_spec_records_its_provenance(spec: dict[str, Any]) -> None:
    assert check_provenance(spec) == []


def test_an_operation_without_provenance_is_reported(spec: dict[str, Any]) -> None:
    del operation(spec, "deleteSenderPool")["x-provenance"]
    assert "/paths/~1SenderPools~1{senderPoolId}/delete" in messages(check_provenance(spec))


def test_a_shared_response_without_provenance_is_reported_once(spec: dict[str, Any]) -> None:
    del spec["components"]["responses"]["NotFound"]["x-provenance"]
    findings = check_provenance(spec)
    assert [f.where for f in findings] == ["#/components/responses/NotFound"]


def test_an_unknown_provenance_value_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Tags"]["x-provenance"] = "guessed"
    assert "got 'guessed'" in messages(check_provenance(spec))


def test_an_inferred_element_must_explain_itself(spec: dict[str, Any]) -> None:
    """Its reason lives in `x-inferred-reason`, out of the description SDK users read."""
    error = spec["components"]["schemas"]["CommsError"]
    assert "Inferred" not in error["description"]
    error["x-inferred-reason"] = " "
    assert "it has no x-inferred-reason" in messages(check_provenance(spec))
    del error["x-inferred-reason"]
    assert "it has no x-inferred-reason" in messages(check_provenance(spec))
