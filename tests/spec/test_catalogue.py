"""The spec says exactly what Twilio documents (shared/reference/comms-api-facts.md).

Each assertion cites the facts section it was read from, so a reviewer can compare side by side.
"""

from __future__ import annotations

from typing import Any

import pytest

from comms_spec import iter_operations, operations_by_id, resolve

ID_SUFFIX = "[0-7][a-hjkmnpqrstv-z0-9]{25,34}"  # facts 2.9


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _plain(node: Any) -> Any:
    """The node without its `x-` annotations (provenance labels are not part of the contract)."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items() if not str(k).startswith("x-")}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _query(spec: dict[str, Any], op_id: str) -> dict[str, dict[str, Any]]:
    op = operations_by_id(spec)[op_id]
    return {p["name"]: p for p in op.parameters if p["in"] == "query"}


def test_operation_catalogue(spec: dict[str, Any]) -> None:
    """Facts 1.1 (the 10 Sender Pool operations of the Fern nav), 1.2 (Senders list, fetch,
    search and resolve) and
    1.3 (the Messages operations a pool touches; Seek is left out: its path is third-party)."""
    assert {(op.method, op.path, op.op_id) for op in iter_operations(spec)} == {
        ("get", "/SenderPools", "listSenderPools"),
        ("post", "/SenderPools", "createSenderPool"),
        ("get", "/SenderPools/{senderPoolId}", "fetchSenderPool"),
        ("patch", "/SenderPools/{senderPoolId}", "updateSenderPool"),
        ("delete", "/SenderPools/{senderPoolId}", "deleteSenderPool"),
        ("get", "/SenderPools/{senderPoolId}/Senders", "listSenderPoolSenders"),
        ("post", "/SenderPools/{senderPoolId}/Senders", "addSenderPoolSenders"),
        ("delete", "/SenderPools/{senderPoolId}/Senders/{senderId}", "removeSenderPoolSender"),
        ("get", "/SenderPools/Operations", "listSenderPoolOperations"),
        ("get", "/SenderPools/Operations/{operationId}", "fetchSenderPoolOperation"),
        ("get", "/Senders", "listSenders"),
        ("get", "/Senders/{senderId}", "fetchSender"),
        ("post", "/Senders/Search", "searchSenders"),
        ("post", "/Senders/Resolve", "resolveSenders"),
        ("post", "/Messages", "sendMessages"),
        ("get", "/Messages", "listMessages"),
        ("get", "/Messages/{messageId}", "fetchMessage"),
        ("get", "/Messages/Operations", "listMessageOperations"),
        ("get", "/Messages/Operations/{operationId}", "fetchMessageOperation"),
    }


def test_servers_resolve_both_versions_to_the_same_operations(spec: dict[str, Any]) -> None:
    """Facts 0: host https://comms.twilio.com, versions /v1 and /preview as the first segment."""
    # Concrete URLs, v1 first (the default): generators take servers[0] as the base URL.
    assert [server["url"] for server in spec["servers"]] == [
        "https://comms.twilio.com/v1",
        "https://comms.twilio.com/preview",
    ]


def test_basic_auth_is_required_everywhere_with_a_401(spec: dict[str, Any]) -> None:
    """Facts 0 / 3.8: HTTP Basic with SID+token or API key+secret."""
    [name] = spec["security"][0]
    scheme = spec["components"]["securitySchemes"][name]
    assert (scheme["type"], scheme["scheme"]) == ("http", "basic")
    for op in iter_operations(spec):
        assert "security" not in op.node, op.label
        assert "401" in op.node["responses"], op.label


@pytest.mark.parametrize(
    ("schema", "prefix"),
    [
        ("SenderPoolId", "comms_senderpool_"),
        ("SenderId", "comms_sender_"),
        ("OperationId", "comms_operation_"),
        ("MessageId", "comms_message_"),
    ],
)
def test_id_patterns(spec: dict[str, Any], schema: str, prefix: str) -> None:
    """Facts 2.9; anchored with `$` (an inferred, recorded decision)."""
    assert _schema(spec, schema)["pattern"] == f"^{prefix}{ID_SUFFIX}$"


def test_enums(spec: dict[str, Any]) -> None:
    """Facts 2.3, 2.4."""
    assert _schema(spec, "SenderCommunicationChannel")["enum"] == [
        "SMS",
        "RCS",
        "EMAIL",
        "WHATSAPP",
        "PUSH",
    ]
    assert _schema(spec, "SenderStatus")["enum"] == ["ACTIVATED", "DEACTIVATED"]
    assert _schema(spec, "OperationStatus")["enum"] == ["PROCESSING", "COMPLETED", "CANCELED"]


def test_tags_limits(spec: dict[str, Any]) -> None:
    """Facts 2.2: at most 10 pairs; key <= 128, value <= 256; both match the character pattern."""
    tags = _schema(spec, "Tags")
    assert tags["type"] == "object"
    assert tags["maxProperties"] == 10
    assert _plain(tags["propertyNames"]) == {
        "type": "string",
        "maxLength": 128,
        "pattern": "^[a-zA-Z0-9._~-]+$",
    }
    assert _plain(tags["additionalProperties"]) == {
        "type": "string",
        "maxLength": 256,
        "pattern": "^[a-zA-Z0-9._~-]+$",
    }


LIST_QUERIES = {
    # Facts 1.1.1, 1.1.6, 1.1.9, 1.2.
    "listSenderPools": {"startDate", "endDate", "operationId", "pageToken", "pageSize"},
    "listSenderPoolSenders": {"channel", "status", "startDate", "endDate", "pageToken", "pageSize"},
    "listSenderPoolOperations": {"startDate", "endDate", "status", "pageToken", "pageSize"},
    "listSenders": {"channel", "status", "startDate", "endDate", "pageToken", "pageSize"},
    # Facts 1.3.
    "listMessages": {
        "operationId",
        "sessionId",
        "startDate",
        "endDate",
        "profile",
        "channel",
        "status",
        "tags",
        "pageToken",
        "pageSize",
    },
    "listMessageOperations": {"startDate", "endDate", "status", "pageToken", "pageSize"},
}


@pytest.mark.parametrize("op_id", sorted(LIST_QUERIES))
def test_list_parameters(spec: dict[str, Any], op_id: str) -> None:
    query = _query(spec, op_id)
    assert set(query) == LIST_QUERIES[op_id]
    assert query["pageSize"]["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
        "default": 50,
    }
    for name in ("startDate", "endDate"):
        assert query[name]["schema"] == {"type": "string", "format": "date-time"}
    assert query["pageToken"]["schema"] == {"type": "string"}


def test_list_filters_use_the_documented_types(spec: dict[str, Any]) -> None:
    ref = "$ref"
    assert _query(spec, "listSenderPools")["operationId"]["schema"][ref].endswith("/OperationId")
    assert _query(spec, "listSenders")["channel"]["schema"][ref].endswith(
        "/SenderCommunicationChannel"
    )
    assert _query(spec, "listSenderPoolSenders")["status"]["schema"][ref].endswith("/SenderStatus")
    assert _query(spec, "listSenderPoolOperations")["status"]["schema"][ref].endswith(
        "/OperationStatus"
    )


def test_list_envelopes(spec: dict[str, Any]) -> None:
    """Facts 2.5: {senderPools|senders|operations, pagination{next: string|null, self}}."""
    for name, key in [
        ("SenderPoolList", "senderPools"),
        ("SenderList", "senders"),
        ("SenderPoolOperationList", "operations"),
    ]:
        assert _schema(spec, name)["required"] == [key, "pagination"]
    pagination = _schema(spec, "Pagination")["properties"]
    assert pagination["next"]["type"] == ["string", "null"]
    assert pagination["self"]["type"] == "string"


def test_resource_schemas(spec: dict[str, Any]) -> None:
    """Facts 2.1, 2.3, 2.4."""
    assert _schema(spec, "SenderPool")["required"] == [
        "id",
        "name",
        "tags",
        "createdAt",
        "updatedAt",
    ]
    sender = _schema(spec, "Sender")
    assert set(sender["required"]) == {
        "id",
        "displayName",
        "address",
        "channel",
        "status",
        "tags",
        "createdAt",
        "updatedAt",
    }
    assert sender["properties"]["displayName"]["type"] == ["string", "null"]
    assert _schema(spec, "SenderPoolOperation")["required"] == [
        "id",
        "status",
        "stats",
        "createdAt",
        "updatedAt",
    ]
    stats = _schema(spec, "SenderPoolOperationStats")
    assert stats["required"] == ["total", "queued", "created", "failed"]
    assert all(p["type"] == "integer" and p["minimum"] == 0 for p in stats["properties"].values())
    for timestamped in ("SenderPool", "Sender", "SenderPoolOperation"):
        props = _schema(spec, timestamped)["properties"]
        assert props["createdAt"] == props["updatedAt"] == {"type": "string", "format": "date-time"}


def test_request_bodies(spec: dict[str, Any]) -> None:
    """Facts 1.1.2 (create: senders 0..10000), 1.1.4 (update: name, tags), 1.1.7 (array body)."""
    create = _schema(spec, "CreateSenderPoolRequest")
    assert set(create["properties"]) == {"name", "senders", "tags"}
    assert "required" not in create
    senders = create["properties"]["senders"]
    assert (senders["minItems"], senders["maxItems"]) == (0, 10000)
    assert set(_schema(spec, "UpdateSenderPoolRequest")["properties"]) == {"name", "tags"}
    add = _schema(spec, "AddSenderPoolSendersRequest")
    assert add["type"] == "array"
    assert add["items"] == {"$ref": "#/components/schemas/SenderReference"}
    assert _schema(spec, "SenderReference")["required"] == ["senderId"]


def test_every_request_body_decides_on_unknown_properties(spec: dict[str, Any]) -> None:
    """Issue 2: request bodies state deliberately whether unknown properties are accepted."""

    def undecided(node: Any, where: str) -> list[str]:
        node = resolve(spec, node)
        found = [where] if "properties" in node and "additionalProperties" not in node else []
        children = [(f"{where}.{k}", v) for k, v in node.get("properties", {}).items()]
        if "items" in node:
            children.append((f"{where}[]", node["items"]))
        return found + [w for path, child in children for w in undecided(child, path)]

    for op in iter_operations(spec):
        if "requestBody" in op.node:
            schema = op.node["requestBody"]["content"]["application/json"]["schema"]
            assert undecided(schema, "body") == [], op.label


DOCUMENTED_STATUSES = {
    # Facts 1.1.x: the union of every documented snapshot (409 kept where any snapshot lists it).
    "listSenderPools": {"200", "400", "409", "429", "500", "503"},
    "createSenderPool": {"202", "400", "409", "429", "500", "503"},
    "fetchSenderPool": {"200", "400", "404", "429", "500", "503"},
    "updateSenderPool": {"202", "400", "404", "429", "500", "503"},
    "deleteSenderPool": {"202", "400", "404", "429", "500", "503"},
    "listSenderPoolSenders": {"200", "400", "404", "409", "429", "500", "503"},
    "addSenderPoolSenders": {"202", "400", "404", "409", "429", "500", "503"},
    "removeSenderPoolSender": {"202", "400", "404", "429", "500", "503"},
    "listSenderPoolOperations": {"200", "400", "409", "429", "500", "503"},
    "fetchSenderPoolOperation": {"200", "400", "404", "409", "429", "500", "503"},
    "listSenders": {"200", "400", "429", "500", "503"},
    "fetchSender": {"200", "400", "404", "429", "500", "503"},
    # Facts 1.2: Search's error list (older variant), Resolve's status list.
    "searchSenders": {"200", "400", "404", "409", "429", "500", "503"},
    "resolveSenders": {"200", "400", "409", "429", "500", "503"},
}


@pytest.mark.parametrize("op_id", sorted(DOCUMENTED_STATUSES))
def test_status_codes(spec: dict[str, Any], op_id: str) -> None:
    responses = operations_by_id(spec)[op_id].node["responses"]
    assert set(responses) == DOCUMENTED_STATUSES[op_id] | {"401"}
    for status, response in responses.items():
        if status[0] in "45":
            schema = resolve(spec, response)["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/CommsError"}, (op_id, status)


def test_headers_where_they_apply(spec: dict[str, Any]) -> None:
    """Facts 1.1.2/1.1.7 (Location on 202 to the Operation), 1.1.4 (Location on PATCH)."""
    ops = operations_by_id(spec)
    for op_id in ("createSenderPool", "addSenderPoolSenders", "updateSenderPool"):
        headers = resolve(spec, ops[op_id].node["responses"]["202"])["headers"]
        assert resolve(spec, headers["Location"])["required"] is True
    for name in ("TooManyRequests", "ServiceUnavailable"):
        assert "Retry-After" in spec["components"]["responses"][name]["headers"]


def test_accepted_operation_body(spec: dict[str, Any]) -> None:
    """Facts 2.6 and 2.7."""
    accepted = _schema(spec, "AcceptedOperation")["properties"]
    assert accepted["operationId"] == {"$ref": "#/components/schemas/OperationId"}
    assert accepted["operationLocation"] == {"type": "string", "format": "uri"}
    reference = _schema(spec, "ResourceReference")["properties"]
    assert reference["resourceLocation"] == {"type": "string", "format": "uri"}


def test_messages(spec: dict[str, Any]) -> None:
    """Facts 1.3: the send body, up to 10,000 recipients, `from` as a pool or address + channel,
    the Message and Message Operation shapes, the twelve stats counters, the enums."""
    send = _schema(spec, "SendMessagesRequest")
    assert set(send["required"]) == {"to", "content"}
    assert set(send["properties"]) == {"from", "to", "content", "tags", "schedule"}
    assert send["properties"]["to"]["maxItems"] == 10000
    forms = [resolve(spec, arm) for arm in send["properties"]["from"]["oneOf"]]
    assert [set(form["properties"]) for form in forms] == [{"senderPoolId"}, {"address", "channel"}]
    assert _schema(spec, "MessageSenderChannel")["enum"] == ["SMS", "RCS", "WHATSAPP"]
    assert _schema(spec, "MessageStatus")["enum"] == [
        "SCHEDULED",
        "QUEUED",
        "SENT",
        "DELIVERED",
        "READ",
        "UNDELIVERED",
        "FAILED",
        "CANCELED",
        "GROUP",
        "INBOUND",
    ]
    assert _schema(spec, "CommunicationOperationStatus")["enum"] == [
        "SCHEDULED",
        "PROCESSING",
        "COMPLETED",
        "CANCELED",
    ]
    metadata = {"id", "from", "to", "status", "related", "tags", "scheduledFor"}
    metadata |= {"createdAt", "updatedAt", "deletedAt"}
    assert set(_schema(spec, "MessageMetadata")["required"]) == metadata
    assert set(_schema(spec, "Message")["required"]) == metadata | {"content", "attempts"}
    assert set(_schema(spec, "MessageSender")["properties"]) >= {"senderId", "senderPoolId"}
    for name in ("MessageMetadata", "Message"):
        properties = _schema(spec, name)["properties"]
        # The Message resource: `to` an array ("of size 1, except for Group Messaging"),
        # `from` a MessageFrom (a oneOf whose first arm is MessageSender).
        assert properties["to"]["type"] == "array", name
        assert properties["from"] == {"$ref": "#/components/schemas/MessageFrom"}, name
    assert _schema(spec, "MessageFrom")["oneOf"] == [{"$ref": "#/components/schemas/MessageSender"}]
    # No page closes the recipient channels (Resolve's samples add EMAIL to PHONE and WHATSAPP).
    assert "enum" not in _schema(spec, "RecipientChannel")
    stats = _schema(spec, "MessageOperationStats")
    assert stats["required"] == [
        "total",
        "recipients",
        "attempts",
        "scheduled",
        "queued",
        "sent",
        "delivered",
        "read",
        "undelivered",
        "unaddressable",
        "failed",
        "canceled",
    ]
    tags = _query(spec, "listMessages")["tags"]["schema"]["pattern"]
    assert tags == "^(?:[a-zA-Z0-9._~-]+:[a-zA-Z0-9._~-]+;){1,10}$"
    send_op = operations_by_id(spec)["sendMessages"].node
    assert resolve(spec, send_op["responses"]["202"])["content"]["application/json"]["schema"][
        "$ref"
    ].endswith("/AcceptedOperation")


def test_senders_search_and_resolve(spec: dict[str, Any]) -> None:
    """Facts 1.2: Search's body (address and channel required, paging in the body, pageSize
    1-1000 default 50) answers a SenderList; Resolve takes 1-100 recipients and answers at most
    10 results of {from, to, priority}."""
    search = _schema(spec, "SearchSendersRequest")
    assert set(search["required"]) == {"address", "channel"}
    assert set(search["properties"]) == {"address", "channel", "status", "pageToken", "pageSize"}
    page_size = search["properties"]["pageSize"]
    assert (page_size["minimum"], page_size["maximum"], page_size["default"]) == (1, 1000, 50)
    ops = operations_by_id(spec)
    found = ops["searchSenders"].node["responses"]["200"]["content"]["application/json"]
    assert found["schema"] == {"$ref": "#/components/schemas/SenderList"}
    request = _schema(spec, "ResolveSendersRequest")
    assert request["required"] == ["recipientAddresses"]
    recipients = request["properties"]["recipientAddresses"]
    assert (recipients["minItems"], recipients["maxItems"]) == (1, 100)
    assert set(_schema(spec, "SenderChannelControl")["properties"]) == {"filterIn", "priority"}
    assert _schema(spec, "ResolveSendersResponse")["properties"]["results"]["maxItems"] == 10
    result = _schema(spec, "ResolvedSender")
    assert set(result["properties"]) == {"from", "to", "priority"}
    assert set(result["properties"]["from"]["properties"]) == {
        "senderId",
        "displayName",
        "channel",
        "address",
    }
