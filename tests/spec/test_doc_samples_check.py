from __future__ import annotations

from typing import Any

from comms_spec.checks.doc_samples import check_doc_samples, load_samples
from tests.spec.helpers import messages


def test_twilios_printed_payloads_match_the_spec(spec: dict[str, Any]) -> None:
    assert check_doc_samples(spec) == []


def _kind(sample: dict[str, Any]) -> tuple[str, object]:
    if "schema" in sample:
        return (sample["schema"], sample.get("property", "schema"))
    if "parameters" in sample:
        return (sample["operationId"], "parameters")
    return (sample["operationId"], sample.get("response", "request"))


def test_the_samples_cover_every_documented_payload_kind() -> None:
    covered = {_kind(s) for s in load_samples()}
    assert {
        ("listSenderPools", 200),
        ("createSenderPool", 202),
        ("addSenderPoolSenders", 202),
        ("listSenderPoolOperations", 200),
        ("fetchSenderPoolOperation", 200),
        ("listSenders", 200),
        ("listSenderPoolSenders", 200),
        ("createSenderPool", "request"),
        ("sendMessages", "request"),
        ("removeSenderPoolSender", "parameters"),
        ("listSenderPoolSenders", "parameters"),
        ("MessageMetadata", "to"),
        ("MessageOperationStats", "schema"),
    } <= covered


def test_every_known_contradiction_says_why() -> None:
    for sample in load_samples():
        if sample["expect"] == "invalid":
            assert sample.get("why"), sample["name"]


def test_the_guides_placeholder_pool_id_is_a_known_contradiction(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["SenderPoolId"]["pattern"] = "^comms_senderpool_"
    assert "send-messages-guide-request: expected to be rejected" in messages(
        check_doc_samples(spec)
    )


def test_a_parameter_sample_is_checked_against_its_parameter(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["SenderStatus"]["enum"] = ["DEACTIVATED"]
    text = messages(check_doc_samples(spec))
    assert "list-senders-guide-call: at status: 'ACTIVATED' is not one of ['DEACTIVATED']" in text


def test_a_sample_against_a_missing_schema_is_reported(spec: dict[str, Any]) -> None:
    sample = {"name": "x", "schema": "Nope", "expect": "valid", "body": {}}
    assert "doc-samples/x: no schema 'Nope'" in messages(check_doc_samples(spec, [sample]))


def test_a_spec_that_stops_describing_a_sample_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["SenderPool"]["required"].append("senderCount")
    text = messages(check_doc_samples(spec))
    assert "list-sender-pools-fern" in text
    assert "'senderCount' is a required property" in text


def test_a_known_contradiction_that_starts_passing_is_reported(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["SenderId"]["pattern"] = "^comms_sender_"
    assert "create-sender-pool-guide-request: expected to be rejected" in messages(
        check_doc_samples(spec)
    )
