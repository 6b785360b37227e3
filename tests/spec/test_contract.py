"""The contract object and the one copy of each spec-walking helper."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from comms_spec import (
    Contract,
    escape,
    inline_refs,
    parse_retry_after,
    parse_rfc3339_ms,
    parse_tag_filter,
    pointer,
    pointer_get,
    rfc3339_ms_or_none,
)
from comms_spec._conformance import MAX_SCHEMA_ERRORS


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


@pytest.mark.parametrize("token", ["plain", "a/b", "a~b", "~1", "~0/~", "application/json"])
def test_pointer_escaping_round_trips(token: str) -> None:
    document = {token: {"x": 1}}
    assert pointer_get(document, pointer(token, "x")) == 1
    assert "/" not in escape(token)


def test_pointer_escapes_tilde_before_slash() -> None:
    # `~` must become `~0` first, or `a/b` and `a~1b` would be written the same way.
    assert escape("a~1b") == "a~01b"
    assert escape("a/b") == "a~1b"


def test_operation_pointer_names_the_node(contract: Contract) -> None:
    op = contract.operation("fetchSenderPool")
    assert pointer_get(contract.document, op.pointer) is op.node


def test_inline_refs_keeps_siblings_and_cycles() -> None:
    spec: dict[str, Any] = {
        "components": {
            "schemas": {
                "A": {"type": "string", "description": "a"},
                "Loop": {"properties": {"next": {"$ref": "#/components/schemas/Loop"}}},
            }
        }
    }
    assert inline_refs(spec, {"$ref": "#/components/schemas/A", "description": "b"}) == {
        "type": "string",
        "description": "b",
    }
    looped = inline_refs(spec, {"$ref": "#/components/schemas/Loop"})
    assert looped["properties"]["next"] == {"$ref": "#/components/schemas/Loop"}


def test_router_prefers_literal_segments(contract: Contract) -> None:
    route = contract.router.route("/SenderPools/Operations")
    assert route is not None
    assert route.operation("GET") is contract.operation("listSenderPoolOperations")
    pool = contract.router.route("/SenderPools/comms_senderpool_x")
    assert pool is not None
    assert pool.params == {"senderPoolId": "comms_senderpool_x"}
    assert pool.allow == "DELETE, GET, PATCH"
    assert pool.operation("POST") is None


@pytest.mark.parametrize(
    "path", ["/SenderPools//Senders", "/Nope", "SenderPools", "/SenderPools/x/y/z/w", ""]
)
def test_router_rejects_what_no_template_matches(contract: Contract, path: str) -> None:
    assert contract.router.route(path) is None


def test_router_matches_every_operation_at_its_template(contract: Contract) -> None:
    for op in contract.operations:
        concrete = op.path.replace("{", "x").replace("}", "")
        assert contract.router.match(op.method, concrete) is op
        assert contract.router.at_template(op.method, op.path) is op


def test_contract_answers_from_the_document(contract: Contract) -> None:
    assert contract.api_versions == ("v1", "preview")
    assert contract.list_keys["listSenderPools"] == "senderPools"
    assert contract.list_keys["listMessages"] == "messages"
    assert "fetchSenderPool" not in contract.list_keys
    assert contract.id_prefix("SenderPoolId") == "comms_senderpool_"
    assert contract.parameter_default("listSenderPools", "pageSize") == 50
    assert "sendMessages" in contract.sending_op_ids
    assert "COMPLETED" in contract.terminal_statuses
    assert 400 in contract.error_statuses("createSenderPool")
    assert contract.required("MessageOperationStats")[0] == "total"
    assert contract.error_codes[404] == 20404


def test_error_codes_come_from_the_error_schema(contract: Contract) -> None:
    document = copy.deepcopy(contract.document)
    code = document["components"]["schemas"]["CommsError"]["properties"]["code"]
    code["x-code-by-status"] = {"418": 20418}
    assert Contract(document).error_codes == {418: 20418}
    del code["x-code-by-status"]
    assert Contract(document).error_codes == {}


def test_contract_follows_an_edited_spec(tmp_path: Path, contract: Contract) -> None:
    """A value changed in the spec file changes what the contract answers: nothing is cached
    in code."""
    document = copy.deepcopy(contract.document)
    for param in document["components"]["parameters"].values():
        if param.get("name") == "pageSize":
            param["schema"]["default"] = 7
    edited = tmp_path / "spec.yaml"
    edited.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert Contract.load(edited).parameter_default("listSenderPools", "pageSize") == 7


def test_retry_after_takes_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after(" 0 ", now) == 0.0
    later = (now + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(later, now) == 90.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now) == 0.0
    # Digits other than ASCII's ("²" is one to str.isdigit, not to float) are no number.
    for unusable in (None, "", "soon", "-1", "1.5e3", "\u00b2", "\u0663"):
        assert parse_retry_after(unusable, now) is None


def test_tag_filter_pairs() -> None:
    assert parse_tag_filter("env:prod;team:a:b;") == {"env": "prod", "team": "a:b"}
    assert parse_tag_filter("") == {}


def test_rfc3339_parsing() -> None:
    assert parse_rfc3339_ms("1970-01-01T00:00:01Z") == 1000
    assert parse_rfc3339_ms("1970-01-01T01:00:01+01:00") == 1000
    with pytest.raises(ValueError, match="time zone"):
        parse_rfc3339_ms("1970-01-01T00:00:01")
    assert rfc3339_ms_or_none("not a date") is None
    assert rfc3339_ms_or_none(17) is None


def test_an_undeclared_status_is_inferred_where_the_declared_code_is(contract: Contract) -> None:
    judge = contract.conformance
    # PATCH's 202 body is documented, its code only inferred: a 200 contradicts an inference.
    assert judge.provenance("updateSenderPool", 202) == "documented"
    assert judge.provenance("updateSenderPool", 200) == "inferred"
    assert judge.provenance("removeSenderPoolSender", 204) == "inferred"
    # Create's 202 is documented: another 2xx breaks a promise (the operation's label applies).
    assert judge.provenance("createSenderPool", 201) is None
    assert judge.provenance("fetchSenderPool", 204) is None


def test_a_body_is_judged_by_a_bounded_number_of_schema_errors(contract: Contract) -> None:
    """A page of many bad items (a hostile target's million empty objects) is drift at once,
    not every item's errors collected (minutes and gigabytes)."""
    body = {"senders": [{}] * (MAX_SCHEMA_ERRORS + 1), "pagination": {"next": None}}
    found = contract.conformance.violations("listSenders", 200, body, {})
    assert len(found) == MAX_SCHEMA_ERRORS
    assert all(v.check == "body_matches_schema" for v in found)
