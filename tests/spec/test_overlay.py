"""The suite overlay: what only Schemathesis reads, applied on top of the published spec."""

from __future__ import annotations

from typing import Any

import pytest

from comms_spec import Contract, apply_overlay, suite_document
from comms_spec._overlay import target_path
from tests.spec.helpers import operation


def test_targets_are_parsed_in_both_step_forms() -> None:
    assert target_path("$.paths['/Senders/{senderId}'].get.responses['200']") == (
        "paths",
        "/Senders/{senderId}",
        "get",
        "responses",
        "200",
    )
    with pytest.raises(ValueError, match="unsupported syntax"):
        target_path("$.paths[*].get")


def test_the_suite_gets_the_link_bodies_and_uniqueness_the_published_spec_leaves_out(
    spec: dict[str, Any],
) -> None:
    overlaid = suite_document(spec)
    fetched = operation(overlaid, "fetchSender")["responses"]["200"]["links"]
    assert fetched["CreateSenderPoolWithFetchedSender"]["requestBody"] == {
        "senders": [{"senderId": "$response.body#/id"}]
    }
    assert "links" not in operation(spec, "fetchSender")["responses"]["200"]
    listed = operation(overlaid, "listSenders")["responses"]["200"]["links"]
    assert {"FetchListedSender", "CreateSenderPoolWithListedSender"} <= set(listed)
    add = overlaid["components"]["schemas"]["AddSenderPoolSendersRequest"]
    assert add["uniqueItems"] is True
    assert add["x-unique-items"] is True
    assert "uniqueItems" not in spec["components"]["schemas"]["AddSenderPoolSendersRequest"]


def test_the_contract_suite_view_counts_the_overlay_links() -> None:
    contract = Contract.load()
    names = {link.name for link in contract.suite.links} - {link.name for link in contract.links}
    assert names == {"CreateSenderPoolWithListedSender", "CreateSenderPoolWithFetchedSender"}


def test_a_target_that_names_nothing_is_an_error(spec: dict[str, Any]) -> None:
    overlay = {"overlay": "1.0.0", "actions": [{"target": "$.paths['/Nope']", "update": {}}]}
    with pytest.raises(KeyError, match="names no node"):
        apply_overlay(spec, overlay)


def test_objects_merge_and_the_input_is_untouched(spec: dict[str, Any]) -> None:
    overlay = {
        "overlay": "1.0.0",
        "actions": [{"target": "$.info", "update": {"license": {"url": "https://x.test"}}}],
    }
    result = apply_overlay(spec, overlay)
    assert result["info"]["license"] == {**spec["info"]["license"], "url": "https://x.test"}
    assert "url" not in spec["info"]["license"]
