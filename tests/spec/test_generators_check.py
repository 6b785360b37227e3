"""The `generator-ready` check: each form a mainstream generator chokes on is reported."""

from __future__ import annotations

from typing import Any

from comms_spec.checks import check_generator_ready
from tests.spec.helpers import messages, operation


def test_the_spec_is_generator_ready(spec: dict[str, Any]) -> None:
    assert check_generator_ready(spec) == []


def test_a_link_with_a_request_body_is_reported(spec: dict[str, Any]) -> None:
    links = operation(spec, "listSenders")["responses"]["200"]["links"]
    links["Create"] = {"operationId": "createSenderPool", "requestBody": {"name": "x"}}
    assert "belongs in the suite overlay" in messages(check_generator_ready(spec))


def test_unique_items_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["AddSenderPoolSendersRequest"]["uniqueItems"] = True
    assert "say uniqueItems as x-unique-items" in messages(check_generator_ready(spec))


def test_a_templated_server_is_reported(spec: dict[str, Any]) -> None:
    spec["servers"] = [{"url": "https://comms.twilio.com/{version}", "variables": {}}]
    assert "server URLs must be concrete" in messages(check_generator_ready(spec))


def test_a_schema_named_like_a_built_in_type_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["Error"] = spec["components"]["schemas"].pop("CommsError")
    assert "'Error' collides" in messages(check_generator_ready(spec))


def test_an_inferred_note_in_a_description_is_reported(spec: dict[str, Any]) -> None:
    operation(spec, "fetchSenderPool")["description"] = "Fetches. Inferred: because."
    assert "holds an 'Inferred:' note" in messages(check_generator_ready(spec))
