from __future__ import annotations

from typing import Any

from comms_spec.checks.doc_samples import check_doc_samples, load_samples
from tests.spec.helpers import messages


def test_twilios_printed_payloads_match_the_spec(spec: dict[str, Any]) -> None:
    assert check_doc_samples(spec) == []


def test_the_samples_cover_every_documented_payload_kind() -> None:
    covered = {(s["operationId"], s.get("response", "request")) for s in load_samples()}
    assert {
        ("listSenderPools", 200),
        ("createSenderPool", 202),
        ("addSenderPoolSenders", 202),
        ("listSenderPoolOperations", 200),
        ("fetchSenderPoolOperation", 200),
        ("listSenders", 200),
        ("listSenderPoolSenders", 200),
    } <= covered


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
