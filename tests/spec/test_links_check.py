from __future__ import annotations

from typing import Any

import pytest

from comms_spec import suite_document
from comms_spec.checks import check_links
from comms_spec.checks.links import check_document_links
from tests.spec.helpers import messages, operation


def _links(spec: dict[str, Any], op_id: str, status: str) -> dict[str, Any]:
    links: dict[str, Any] = operation(spec, op_id)["responses"][status]["links"]
    return links


def test_every_link_of_the_spec_resolves(spec: dict[str, Any]) -> None:
    assert check_links(spec) == []


def test_a_link_to_a_missing_operation_is_reported(spec: dict[str, Any]) -> None:
    _links(spec, "fetchSenderPool", "200")["DeleteFetchedSenderPool"]["operationId"] = "deletePool"
    assert "'deletePool' does not exist" in messages(check_links(spec))


def test_a_parameter_the_target_lacks_is_reported(spec: dict[str, Any]) -> None:
    link = _links(spec, "fetchSenderPool", "200")["DeleteFetchedSenderPool"]
    link["parameters"] = {"poolId": "$response.body#/id"}
    text = messages(check_links(spec))
    assert "has no parameter 'poolId'" in text
    assert "required path parameter 'senderPoolId'" in text


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("$response.body#/idd", "leaves the schema at 'idd'"),
        ("$request.path.poolId", "has no path parameter 'poolId'"),
        ("$response.header.Location", "declares no header 'Location'"),
        ("$response.bdy#/id", "is not a runtime expression"),
    ],
)
def test_an_expression_that_cannot_yield_a_value_is_reported(
    spec: dict[str, Any], expression: str, expected: str
) -> None:
    link = _links(spec, "fetchSenderPool", "200")["UpdateFetchedSenderPool"]
    link["parameters"]["senderPoolId"] = expression
    assert expected in messages(check_links(spec))


def test_a_body_pointer_through_an_array_is_followed(spec: dict[str, Any]) -> None:
    link = _links(spec, "listSenderPools", "200")["FetchListedSenderPool"]
    link["parameters"]["senderPoolId"] = "$response.body#/senderPools/0/nope"
    assert "leaves the schema at 'nope'" in messages(check_links(spec))


def test_a_request_body_for_an_operation_without_one_is_reported(spec: dict[str, Any]) -> None:
    link = _links(spec, "listSenders", "200")["FetchListedSender"]
    link["requestBody"] = {"senderId": "$response.body#/senders/0/id"}
    assert "fetchSender takes no request body" in messages(check_links(spec))


def test_expressions_inside_a_request_body_are_checked(spec: dict[str, Any]) -> None:
    """The suite overlay's links are checked on the document it makes."""
    overlaid = suite_document(spec)
    link = _links(overlaid, "listSenders", "200")["CreateSenderPoolWithListedSender"]
    link["requestBody"]["senders"][0]["senderId"] = "$response.body#/senders/0/identifier"
    assert "leaves the schema at 'identifier'" in messages(check_document_links(overlaid))


def test_an_overlay_that_no_longer_applies_is_reported(spec: dict[str, Any]) -> None:
    """A link body the suite relies on cannot vanish silently with a spec edit."""
    del operation(spec, "listSenders")["responses"]["200"]["links"]
    assert "the suite overlay does not apply" in messages(check_links(spec))
