"""A negative case for every body field of every operation, creates included: each field in
turn gets a value of a type its schema does not allow, and the request must be refused with
the documented 400. (The fuzzer's coverage phase is off for the bulk operations, whose
10,000-item boundaries take Hypothesis minutes; this covers their fields in a few requests.)"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from comms_spec import inline_refs, request_media
from contract_tests._session import ApiSession

pytestmark = pytest.mark.mutating

# A value of another JSON type than the one the schema asks for.
WRONG = {
    "string": 12345,
    "integer": "not-a-number",
    "number": "not-a-number",
    "boolean": "yes",
    "array": {"not": "an array"},
    "object": ["not", "an object"],
}


def _cases(api: ApiSession, op_id: str) -> list[tuple[str, Any]]:
    """(field, body with that field of the wrong type), from the spec's own example body."""
    op = api.contract.operation(op_id)
    media = request_media(api.contract.document, op) or {}
    example = media.get("example")
    schema = inline_refs(api.contract.document, media.get("schema", {}))
    is_array = schema.get("type") == "array"
    properties = (schema.get("items", {}) if is_array else schema).get("properties", {})
    cases = []
    for name, field in properties.items():
        kind = field.get("type")
        if not isinstance(kind, str) or kind not in WRONG:
            continue  # a field of several types (or none): no single wrong type to send
        body: Any = copy.deepcopy(example)
        target = body[0] if is_array else body
        target[name] = WRONG[kind]
        cases.append((name, body))
    return cases


@pytest.mark.proves(
    "every_body_field_rejects_a_wrong_type",
    operations=[
        "createSenderPool",
        "updateSenderPool",
        "addSenderPoolSenders",
        "sendMessages",
        "…",
    ],
    provenance="documented",
)
def test_every_body_field_rejects_a_wrong_type(api: ApiSession) -> None:
    pool_id, _ = api.create_pool(name="conformance-negative")
    wrong: list[str] = []
    sent = 0
    for op in api.contract.operations:
        if not op.has_body:
            continue
        if op.op_id in api.contract.sending_op_ids and api.target.external:
            continue  # a send accepted by mistake would message the example's recipients
        path = op.path.replace("{senderPoolId}", pool_id)
        if "{" in path:
            raise AssertionError(f"{op.op_id}: no value for a parameter of {op.path}")
        for name, body in _cases(api, op.op_id):
            response = api.request(op.method.upper(), path, json=body)
            sent += 1
            if response.status_code == 202 and op.op_id == "createSenderPool":
                api.adopt(response.json()["operationLocation"])  # cleanup finds it
            if response.status_code != 400:
                wrong.append(f"{op.op_id} body.{name}: {response.status_code}")
    assert sent, "no body field was exercised"
    assert not wrong, "a wrong-typed body field was not refused with 400: " + "; ".join(wrong)
