"""`claims-sourced` holds each citation to its node and to the page's index entry (issue 24).

Each test breaks one citation the way the audit found them broken and names the finding.
"""

from __future__ import annotations

from typing import Any

import pytest

from comms_spec.checks.sources import check_sources, load_index
from tests.spec.helpers import messages

SCHEMAS = "/components/schemas"
RESOLVE = "https://static1.twilio.com/docs/bulk-messaging/api/resolve-sender-resource"


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _states(node: dict[str, Any]) -> dict[str, Any]:
    source = node["x-source"]
    states: dict[str, Any] = (source[0] if isinstance(source, list) else source)["states"]
    return states


def _nullability_on_the_parent(spec: dict[str, Any]) -> None:
    sender = _schema(spec, "Sender")
    del sender["properties"]["displayName"]["x-source"]
    _states(sender)["type"] = ["string", "null"]


def _cap_on_the_parent(spec: dict[str, Any]) -> None:
    response = _schema(spec, "ResolveSendersResponse")
    del response["properties"]["results"]["x-source"]
    response["x-source"]["states"] = {"maxItems": 10}


def _flow_style_slip(spec: dict[str, Any]) -> None:
    # `{properties: [next, self], fed back as pageToken}` parses the phrase as a key.
    _states(_schema(spec, "Pagination"))["fed back as pageToken"] = None


def _made_up_key(spec: dict[str, Any]) -> None:
    _states(_schema(spec, "AddSenderPoolSendersRequest"))["shape"] = "top-level array"


def _property_of_another_node(spec: dict[str, Any]) -> None:
    _states(_schema(spec, "ResolvedSender"))["properties"] = ["from", "to", "priority", "rank"]


def _operation_of_another_path(spec: dict[str, Any]) -> None:
    node = spec["paths"]["/Senders/{senderId}"]["get"]
    _states(node)["operation"] = "GET /v1/Senders"


def _status_on_a_schema(spec: dict[str, Any]) -> None:
    _states(_schema(spec, "SenderPool"))["status"] = 200


@pytest.mark.parametrize(
    ("break_it", "where", "message"),
    [
        (
            _nullability_on_the_parent,
            f"{SCHEMAS}/Sender",
            "x-source states type ['string', 'null'], but this node's type is 'object'",
        ),
        (
            _cap_on_the_parent,
            f"{SCHEMAS}/ResolveSendersResponse",
            "x-source states maxItems, but this node has no maxItems",
        ),
        (
            _flow_style_slip,
            f"{SCHEMAS}/Pagination",
            "x-source states 'fed back as pageToken' with no value",
        ),
        (
            _made_up_key,
            f"{SCHEMAS}/AddSenderPoolSendersRequest",
            "x-source states 'shape', which is not a keyword of this node",
        ),
        (
            _property_of_another_node,
            f"{SCHEMAS}/ResolvedSender",
            "x-source states properties ['from', 'to', 'priority', 'rank'], but this node has no "
            "['rank'] properties",
        ),
        (
            _operation_of_another_path,
            "/paths/~1Senders~1{senderId}/get",
            "x-source states operation GET /v1/Senders, this node is GET /v1/Senders/{senderId}",
        ),
        (
            _status_on_a_schema,
            f"{SCHEMAS}/SenderPool",
            "x-source states status, but this node is not a response",
        ),
    ],
    ids=[
        "type-on-parent",
        "limit-on-parent",
        "stray-key",
        "not-a-keyword",
        "foreign-property",
        "wrong-operation",
        "status-off-response",
    ],
)
def test_a_citation_on_the_wrong_node_is_named(
    spec: dict[str, Any], break_it: Any, where: str, message: str
) -> None:
    break_it(spec)
    assert f"{where}: {message}" in messages(check_sources(spec))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("properties", ["from", "to", "priority"]),
        ("operation", "POST /v1/Senders/Resolve"),
    ],
)
def test_a_name_fact_missing_from_the_index_entry_is_named(
    spec: dict[str, Any], key: str, value: Any
) -> None:
    """The page's entry in sources.yaml must record the names a citation states."""
    index = load_index()
    assert check_sources(spec, index) == []
    page = index[RESOLVE]
    text = repr(page["facts"])
    # Rewrite the entry so it no longer records the stated names.
    for name in value if isinstance(value, list) else [value]:
        text = text.replace(name, "elsewhere")
    page["facts"] = {"recorded": text}
    found = messages(check_sources(spec, index))
    assert f"x-source states {key} {value!r}, but spec/sources.yaml records no such fact" in found


def test_an_error_name_must_be_recorded_for_the_page(spec: dict[str, Any]) -> None:
    bad_request = spec["components"]["responses"]["BadRequest"]
    bad_request["x-source"]["states"]["name"] = "Malformed Request Error"
    assert (
        "/components/responses/BadRequest: x-source states name 'Malformed Request Error', "
        "but spec/sources.yaml records no such fact"
    ) in messages(check_sources(spec))
