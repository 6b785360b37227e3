from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from comms_spec.checks.sources import check_sources, count_claims, load_index
from tests.spec.helpers import messages, operation

SCHEMAS = "/components/schemas"
SPEC_PAGE = Path(__file__).resolve().parents[2] / "docs/spec-maintainers/changing-the-spec.md"


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def test_every_claim_of_the_spec_is_labelled_and_agrees_with_its_source(
    spec: dict[str, Any],
) -> None:
    assert check_sources(spec) == []
    counts = count_claims(spec)
    assert counts.unlabelled == 0
    assert counts.documented > 0
    assert counts.inferred > 0


def test_the_spec_page_prints_the_current_counts(spec: dict[str, Any]) -> None:
    assert str(count_claims(spec)) in SPEC_PAGE.read_text(encoding="utf-8")


def test_every_page_of_the_index_says_what_it_is() -> None:
    for url, page in load_index().items():
        assert url.startswith("https://"), url
        assert all(page.get(key) for key in ("title", "read", "facts")), url


@pytest.mark.parametrize(
    ("break_it", "where", "message"),
    [
        (
            lambda spec: spec["components"]["parameters"]["PageSize"]["schema"].update(maximum=999),
            "/components/parameters/PageSize/schema",
            "maximum is 999 but its source states 1000",
        ),
        (
            lambda spec: _schema(spec, "CreateSenderPoolRequest")["properties"]["senders"].update(
                maxItems=9999
            ),
            f"{SCHEMAS}/CreateSenderPoolRequest/properties/senders",
            "maxItems is 9999 but its source states 10000",
        ),
        (
            lambda spec: _schema(spec, "SenderStatus").update(enum=["ACTIVATED"]),
            f"{SCHEMAS}/SenderStatus",
            "enum is ['ACTIVATED'] but its source states ['ACTIVATED', 'DEACTIVATED']",
        ),
        (
            lambda spec: _schema(spec, "SenderId").update(
                pattern="^comms_sender_[0-7][a-hjkmnpqrstv-z0-9]{25,33}$"
            ),
            f"{SCHEMAS}/SenderId",
            "pattern is '^comms_sender_[0-7][a-hjkmnpqrstv-z0-9]{25,33}$' "
            "but its source states '^comms_sender_[0-7][a-hjkmnpqrstv-z0-9]{25,34}'",
        ),
        (
            lambda spec: _schema(spec, "Tags").pop("maxProperties"),
            f"{SCHEMAS}/Tags",
            "its source states maxProperties 10, the spec does not say it here",
        ),
    ],
    ids=["limit-changed", "nested-limit-changed", "enum-shrunk", "pattern-changed", "dropped"],
)
def test_a_value_that_disagrees_with_its_source_is_named_by_pointer(
    spec: dict[str, Any], break_it: Any, where: str, message: str
) -> None:
    break_it(spec)
    assert f"{where}: {message}" in messages(check_sources(spec))


def test_a_documented_node_without_a_source_is_reported(spec: dict[str, Any]) -> None:
    del _schema(spec, "Tags")["x-source"]
    assert f"{SCHEMAS}/Tags: is labelled documented but has no x-source" in messages(
        check_sources(spec)
    )
    assert count_claims(spec).unlabelled > 0


def test_a_constraint_with_no_label_at_all_is_reported(spec: dict[str, Any]) -> None:
    channel = _schema(spec, "SenderCommunicationChannel")
    del channel["x-source"], channel["x-provenance"]
    assert (
        f"{SCHEMAS}/SenderCommunicationChannel: enum ['SMS', 'RCS', 'EMAIL', 'WHATSAPP', 'PUSH'] "
        "is labelled neither documented nor inferred"
    ) in messages(check_sources(spec))


def test_a_source_missing_from_the_index_is_reported(spec: dict[str, Any]) -> None:
    _schema(spec, "SenderPoolOperation")["x-source"]["url"] = "https://example.com/not-indexed"
    assert (
        f"{SCHEMAS}/SenderPoolOperation: x-source url https://example.com/not-indexed is not in "
        "spec/sources.yaml"
    ) in messages(check_sources(spec))


def test_a_stated_fact_the_index_does_not_record_is_reported(spec: dict[str, Any]) -> None:
    senders = _schema(spec, "CreateSenderPoolRequest")["properties"]["senders"]
    senders["maxItems"] = senders["x-source"]["states"]["maxItems"] = 9999
    assert "x-source states maxItems 9999, but spec/sources.yaml records no such fact" in (
        messages(check_sources(spec))
    )


def test_an_anchor_that_is_not_labelled_inferred_is_reported(spec: dict[str, Any]) -> None:
    del _schema(spec, "OperationId")["x-inferred"]
    # Without `x-inferred.pattern`, the `$` is a difference from the documented pattern.
    assert f"{SCHEMAS}/OperationId: pattern is '^comms_operation_" in messages(check_sources(spec))


def test_an_inferred_keyword_needs_a_reason(spec: dict[str, Any]) -> None:
    _schema(spec, "SenderReference")["x-inferred"]["additionalProperties"] = "because"
    assert "x-inferred.additionalProperties must be a reason starting 'Inferred:'" in messages(
        check_sources(spec)
    )


def test_a_stale_inferred_keyword_is_reported(spec: dict[str, Any]) -> None:
    del _schema(spec, "SenderReference")["additionalProperties"]
    assert (
        f"{SCHEMAS}/SenderReference: x-inferred.additionalProperties names no constraint"
    ) in messages(check_sources(spec))


def test_an_inferred_node_needs_a_reason(spec: dict[str, Any]) -> None:
    del _schema(spec, "MessageSchedule")["x-inferred-reason"]
    assert f"{SCHEMAS}/MessageSchedule: is inferred, but it has no x-inferred-reason" in messages(
        check_sources(spec)
    )


def test_a_status_no_page_of_the_operation_lists_cannot_be_documented(
    spec: dict[str, Any],
) -> None:
    responses = operation(spec, "deleteSenderPool")["responses"]
    responses["404"] = {"$ref": "#/components/responses/NotFound"}
    assert (
        "/paths/~1SenderPools~1{senderPoolId}/delete/responses/404: status 404 is labelled "
        "documented but no source states it"
    ) in messages(check_sources(spec))


def test_a_documented_status_the_spec_omits_is_reported(spec: dict[str, Any]) -> None:
    del operation(spec, "fetchSenderPool")["responses"]["404"]
    assert (
        "/paths/~1SenderPools~1{senderPoolId}/get: its source states status 404, the spec omits it"
    ) in messages(check_sources(spec))


def test_a_header_no_source_states_cannot_be_documented(spec: dict[str, Any]) -> None:
    for source in spec["components"]["headers"]["OperationLocation"]["x-source"]:
        source["states"] = {}
    assert (
        "/components/responses/CreateAccepted/headers/Location: header Location is labelled "
        "documented but no source states it"
    ) in messages(check_sources(spec))


def test_sources_that_disagree_are_reported(spec: dict[str, Any]) -> None:
    sources = spec["components"]["parameters"]["PageSize"]["x-source"]
    sources[1]["states"] = {**sources[1]["states"], "maximum": 100}
    assert "/components/parameters/PageSize: its sources disagree on maximum" in messages(
        check_sources(spec)
    )


def test_inferred_and_sourced_at_once_is_a_contradiction(spec: dict[str, Any]) -> None:
    _schema(spec, "Tags")["x-provenance"] = "inferred"
    assert f"{SCHEMAS}/Tags: is labelled inferred but also has an x-source" in messages(
        check_sources(spec)
    )


def test_counts_move_with_the_labels(spec: dict[str, Any]) -> None:
    before = count_claims(spec)
    add = _schema(spec, "AddSenderPoolSendersRequest")
    add["x-source"]["states"] = {"maxItems": 1000}
    del add["x-inferred"]["maxItems"]
    # 1000 is our decision, not the page's: claiming it as documented fails against the index.
    assert "records no such fact" in messages(check_sources(spec))
    after = count_claims(spec)
    assert (after.documented, after.inferred) == (before.documented + 1, before.inferred - 1)
    assert re.fullmatch(r"\d+ constraints documented with a source, \d+ inferred .*", str(after))


def test_a_required_list_split_per_name_checks_the_documented_rest(spec: dict[str, Any]) -> None:
    message = _schema(spec, "Message")
    assert set(message["x-inferred"]["required"]) == {"content", "attempts"}
    message["required"].remove("deletedAt")  # a documented name dropped
    assert f"{SCHEMAS}/Message: required is [" in messages(check_sources(spec))
    message["required"].append("deletedAt")
    message["x-inferred"]["required"]["tags"] = "Inferred: we say so."  # claims a documented one
    assert f"{SCHEMAS}/Message: required is [" in messages(check_sources(spec))
    message["x-inferred"]["required"] = {"content": "because", "nope": "Inferred: x."}
    found = messages(check_sources(spec))
    assert "x-inferred.required.content must be a reason starting 'Inferred:'" in found
    assert "x-inferred.required.nope names no required property" in found
