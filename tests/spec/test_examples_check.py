from __future__ import annotations

from typing import Any

from comms_spec.checks import check_examples
from tests.spec.helpers import messages, operation


def test_every_example_of_the_spec_validates(spec: dict[str, Any]) -> None:
    assert check_examples(spec) == []


def test_a_malformed_timestamp_in_an_example_is_reported(spec: dict[str, Any]) -> None:
    """Proves format checking is on: the value is a string, only its format is wrong."""
    example = operation(spec, "fetchSenderPool")["responses"]["200"]["content"]["application/json"][
        "example"
    ]
    example["createdAt"] = "15 January 2024"
    assert "is not a 'date-time'" in messages(check_examples(spec))


def test_a_request_example_breaking_a_limit_is_reported(spec: dict[str, Any]) -> None:
    body = operation(spec, "createSenderPool")["requestBody"]["content"]["application/json"]
    body["example"]["tags"] = {f"k{i}": "v" for i in range(11)}
    assert "has too many properties" in messages(check_examples(spec))


def test_a_schema_level_example_is_checked(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["SenderPoolId"]["examples"] = ["comms_senderpool_123"]
    assert "/components/schemas/SenderPoolId/examples/0" in messages(check_examples(spec))


def test_a_success_response_without_example_is_reported(spec: dict[str, Any]) -> None:
    del operation(spec, "fetchSender")["responses"]["200"]["content"]["application/json"]["example"]
    assert "has no documented example" in messages(check_examples(spec))
