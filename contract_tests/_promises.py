"""The catalogue of documented promises: one entry per behaviour the docs (or a decision recorded
in the spec) promise, each with its source and the test that checks it.

Most entries are derived from the spec, so a new operation gets its checks without a new test
file: every operation requires credentials (401), answers 404 for an unknown ID in its path,
400 for a malformed input and 429/503 with a retry the client can follow, and keeps one account's
resources from another; every list operation's filters return all and only the matching items
(judged against an unfiltered walk) and its `next` and `self` tokens behave as documented; every
field a write takes reads back exactly, at the edges of its documented limits; every documented
limit on an input is enforced. The rest are written once (`WRITTEN`).

The report lists every entry with its verdict (`reporting/_promises_report.py`): checked (passed
or drifted), inconclusive (why) or not checked (why), so a promise no request could test is
visible, never silent.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from comms_spec import Contract, SpecOperation, pointer, resolve

# Where the derived checks live: one test function per entry kind, one case per entry.
DERIVED_MODULE = "contract_tests/suite/test_promises_derived.py"
WRITTEN_MODULE = "contract_tests/suite/test_promises_written.py"
# The paging parameters are not filters: their promises are the `next` and `self` entries.
PAGING = frozenset({"pageToken", "pageSize"})


@dataclass(frozen=True)
class Source:
    """Where a promise is made: a JSON pointer into the spec and the page the spec cites there
    (its nearest `x-source`), or the spec's own recorded decision when it is inferred."""

    pointer: str
    page: str

    def as_dict(self) -> dict[str, str]:
        return {"pointer": self.pointer, "page": self.page}


@dataclass(frozen=True)
class Promise:
    id: str  # unique: KIND or KIND[key]
    kind: str  # what kind of behaviour; each kind has a broken emulator that proves it can fail
    statement: str  # in this kit's words
    operations: tuple[str, ...]
    source: Source
    provenance: str  # documented | inferred
    tests: tuple[str, ...]  # the node ids (under the suite) whose outcomes are its verdict
    key: str = ""  # the derived case (an operation, operation:parameter, ...); "" when written

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "statement": self.statement,
            "operations": list(self.operations),
            "source": self.source.as_dict(),
            "provenance": self.provenance,
            "tests": list(self.tests),
        }


def nearest_source(contract: Contract, where: str) -> str:
    """The page of the deepest `x-source` on the way to `where` (a JSON pointer, `$ref`s
    followed); "recorded decision (x-provenance: inferred)" when none is on the way."""
    node: Any = contract.document
    found = ""
    for raw in where.strip("/").split("/") if where.strip("/") else []:
        node = resolve(contract.document, node)
        found = _page(node) or found
        name = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and name in node:
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            node = node[int(name)]
        else:
            break
    else:
        node = resolve(contract.document, node)
        found = _page(node) or found
    return found or "recorded decision (x-provenance: inferred)"


def _page(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    source = node.get("x-source")
    if isinstance(source, list) and source:
        source = source[0]
    return str(source.get("url", "")) if isinstance(source, dict) else ""


def _derived_test(kind: str, key: str) -> str:
    return f"{DERIVED_MODULE}::test_{kind}[{key}]"


# Derived cases that a written test also checks, where the derived judgement cannot (a pool
# does not show the Operation that made it, so `operationId` is judged by its own test).
ALSO_CHECKED_BY = {
    "list_filter_holds[listSenderPools:operationId]": (
        "contract_tests/suite/test_workflows.py::test_operation_id_filter",
    ),
    "credentials_required[listSenderPools]": (
        "contract_tests/suite/test_auth.py::test_no_credentials_is_401",
    ),
}


def _promise(
    contract: Contract,
    kind: str,
    key: str,
    statement: str,
    operations: tuple[str, ...],
    where: str,
    provenance: str,
) -> Promise:
    return Promise(
        id=f"{kind}[{key}]",
        kind=kind,
        statement=statement,
        operations=operations,
        source=Source(where, nearest_source(contract, where)),
        provenance=provenance,
        tests=(_derived_test(kind, key), *ALSO_CHECKED_BY.get(f"{kind}[{key}]", ())),
        key=key,
    )


# --- what the spec says about an operation's inputs -------------------------------------------


def path_ids(op: SpecOperation) -> list[str]:
    return [p["name"] for p in op.parameters if p["in"] == "path"]


def list_filters(contract: Contract, op: SpecOperation) -> list[dict[str, Any]]:
    """The filters of a list operation: its query parameters other than the paging ones."""
    return [p for p in op.parameters if p["in"] == "query" and p["name"] not in PAGING]


def _response_provenance(contract: Contract, op: SpecOperation, status: int) -> str:
    response = resolve(contract.document, op.node.get("responses", {}).get(str(status), {}))
    return str(response.get("x-provenance", op.provenance))


def _filter_provenance(contract: Contract, param: dict[str, Any]) -> str:
    text = str(param.get("description", ""))
    return "inferred" if text.startswith("Inferred") else "documented"


# Write operations whose fields read back from a resource, and how: the resource they write.
# (Every other write returns only an Operation or a reference.) A new write operation that keeps
# fields goes here once; its fields are then derived from its request schema.
READ_BACK_FROM = {
    "createSenderPool": "fetchSenderPool",
    "updateSenderPool": "fetchSenderPool",
    "sendMessages": "fetchMessage",
}


def written_fields(contract: Contract, op_id: str) -> list[str]:
    """The request body fields of a write that its resource also shows (by name), so what was
    written can be read back: derived from the request and the read's response schema."""
    read = READ_BACK_FROM[op_id]
    shown = resolve(contract.document, contract.response_schema(read, 200) or {})
    properties = shown.get("properties", {})
    return [name for name in contract.body_properties(op_id) if name in properties]


def limited_inputs(contract: Contract, op: SpecOperation) -> list[tuple[str, str, Any]]:
    """(where, keyword, bound) of every documented limit on an input a single request can
    overstep without building a large body: query bounds, body string lengths, map sizes and
    key and value lengths, body number bounds. Array lengths (10,000 Senders, 100 recipients)
    are the written entries' (`documented_limits_are_rejected`)."""
    found: list[tuple[str, str, Any]] = []
    for param in op.parameters:
        if param["in"] != "query":
            continue
        schema = resolve(contract.document, param.get("schema", {}))
        for keyword in ("minimum", "maximum"):
            if keyword in schema:
                found.append((f"query.{param['name']}", keyword, schema[keyword]))
    for name, schema in contract.body_properties(op.op_id).items():
        for keyword in ("maxLength", "minLength", "minimum", "maximum", "maxProperties"):
            if keyword in schema and not (keyword == "minLength" and schema[keyword] == 0):
                found.append((f"body.{name}", keyword, schema[keyword]))
        keys = resolve(contract.document, schema.get("propertyNames", {}))
        if "maxLength" in keys:
            found.append((f"body.{name}.key", "maxLength", keys["maxLength"]))
        values = schema.get("additionalProperties")
        if isinstance(values, dict) and "maxLength" in resolve(contract.document, values):
            found.append(
                (f"body.{name}.value", "maxLength", resolve(contract.document, values)["maxLength"])
            )
    return found


# --- the derived entries -------------------------------------------------------------------------


def _derived(contract: Contract) -> Iterator[Promise]:
    for op in contract.operations:
        op_id, at = op.op_id, op.pointer
        yield _promise(
            contract,
            "credentials_required",
            op_id,
            f"{op.method.upper()} {op.path} without credentials, or with a wrong secret, is 401",
            (op_id,),
            f"{at}/responses/401",
            _response_provenance(contract, op, 401),
        )
        if path_ids(op) and 404 in contract.declared_statuses(op_id):
            yield _promise(
                contract,
                "unknown_id_is_404",
                op_id,
                f"{op.method.upper()} {op.path} with a well-formed ID nothing has is 404",
                (op_id,),
                f"{at}/responses/404",
                _response_provenance(contract, op, 404),
            )
        if (op.parameters or op.has_body) and 400 in contract.declared_statuses(op_id):
            yield _promise(
                contract,
                "malformed_input_is_400",
                op_id,
                f"{op.method.upper()} {op.path} with a malformed input is 400 with the Error body",
                (op_id,),
                f"{at}/responses/400",
                _response_provenance(contract, op, 400),
            )
        for status in (429, 503):
            if status in contract.declared_statuses(op_id):
                yield _promise(
                    contract,
                    f"busy_{status}_is_retried",
                    op_id,
                    f"{op.method.upper()} {op.path} answered {status} carries Retry-After and "
                    "the Error body; a client that waits as told gets the answer (the built-in "
                    "emulator's fault plane provokes it)",
                    (op_id,),
                    f"{at}/responses/{status}",
                    _response_provenance(contract, op, status),
                )
        if path_ids(op) or op_id in contract.list_keys:
            yield _promise(
                contract,
                "accounts_are_isolated",
                op_id,
                f"{op.method.upper()} {op.path} by another account never shows or changes "
                "this account's resources (404, or not listed)",
                (op_id,),
                "/components/securitySchemes/accountAuthToken",
                "inferred",
            )
        if op_id in contract.list_keys:
            yield _promise(
                contract,
                "next_visits_every_item_once",
                op_id,
                "following `pagination.next` one item a page lists every item once, in the "
                "order of one large page, and ends with `next: null`",
                (op_id,),
                "/components/schemas/Pagination",
                "documented",
            )
            yield _promise(
                contract,
                "self_rereads_the_page",
                op_id,
                "`pagination.self` fed back as pageToken reads the same page again (a later "
                "page, not only the first)",
                (op_id,),
                "/components/schemas/Pagination",
                "documented",
            )
            for param in list_filters(contract, op):
                index = op.parameters.index(param)
                yield _promise(
                    contract,
                    "list_filter_holds",
                    f"{op_id}:{param['name']}",
                    f"`{param['name']}` on {op_id} returns all and only the matching items of "
                    "the unfiltered walk",
                    (op_id,),
                    f"{at}/parameters/{index}" if _own_parameter(op, param) else at,
                    _filter_provenance(contract, param),
                )
        if op_id in READ_BACK_FROM:
            for name in written_fields(contract, op_id):
                yield _promise(
                    contract,
                    "written_field_reads_back",
                    f"{op_id}:{name}",
                    f"`{name}` written by {op_id} at the edges of its limits (the longest "
                    "allowed, the largest map, non-ASCII where allowed) reads back exactly "
                    f"from {READ_BACK_FROM[op_id]}",
                    (op_id, READ_BACK_FROM[op_id]),
                    pointer("components", "schemas", _body_schema_name(contract, op)),
                    "documented",
                )
        for where, keyword, bound in limited_inputs(contract, op):
            yield _promise(
                contract,
                "input_limit_is_enforced",
                f"{op_id}:{where}:{keyword}",
                f"{where} of {op_id} just past its {keyword} ({bound}) is 400",
                (op_id,),
                f"{at}/requestBody" if where.startswith("body") else at,
                "documented",
            )


def _own_parameter(op: SpecOperation, param: dict[str, Any]) -> bool:
    return 0 <= op.parameters.index(param) < len(op.node.get("parameters", []))


def _body_schema_name(contract: Contract, op: SpecOperation) -> str:
    media = op.node.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = str(media.get("schema", {}).get("$ref", ""))
    return ref.rsplit("/", 1)[-1] or op.op_id


# --- the entries written once ------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    kind: str
    statement: str
    operations: tuple[str, ...]
    where: str
    provenance: str
    tests: tuple[str, ...]


def _w(name: str) -> str:
    return f"{WRITTEN_MODULE}::{name}"


WRITTEN: tuple[Written, ...] = (
    Written(
        "membership_is_a_set",
        "a pool's Senders are a set: adding a member again lists it once",
        ("addSenderPoolSenders", "listSenderPoolSenders"),
        "/paths/~1SenderPools~1{senderPoolId}~1Senders/get",
        "documented",
        (_w("test_membership_is_a_set"),),
    ),
    Written(
        "remove_removes_exactly_one",
        "removing a member removes it and only it; the Sender itself stays",
        ("removeSenderPoolSender", "listSenderPoolSenders", "fetchSender"),
        "/paths/~1SenderPools~1{senderPoolId}~1Senders~1{senderId}/delete",
        "documented",
        (_w("test_remove_removes_exactly_one"),),
    ),
    Written(
        "locations_resolve",
        "every location handed out (Location, operationLocation, resourceLocation) resolves "
        "to the resource it names",
        ("createSenderPool", "updateSenderPool", "addSenderPoolSenders", "sendMessages"),
        "/components/schemas/ResourceReference",
        "documented",
        (_w("test_every_location_resolves"),),
    ),
    Written(
        "search_matches_address_and_channel",
        "Search returns the Senders of the address and channel asked, and only those",
        ("searchSenders", "listSenders"),
        "/paths/~1Senders~1Search/post",
        "documented",
        (
            "contract_tests/suite/test_senders.py::"
            "test_search_finds_each_sender_by_address_and_channel",
        ),
    ),
    Written(
        "resolve_returns_only_eligible_senders",
        "Resolve ranks only Senders eligible to communicate with the recipient: ACTIVATED, of "
        "the named pool when one is given, on a channel that reaches the recipient",
        ("resolveSenders", "listSenders"),
        "/paths/~1Senders~1Resolve/post",
        "documented",
        (
            _w("test_resolve_ranks_only_activated_senders"),
            _w("test_resolve_with_a_pool_ranks_only_its_activated_members"),
        ),
    ),
    Written(
        "resolve_first_is_what_a_send_uses",
        "Resolve's first result for a recipient is the Sender a send from the same pool uses",
        ("resolveSenders", "sendMessages", "listMessages"),
        "/paths/~1Senders~1Resolve/post",
        "inferred",
        (
            "contract_tests/suite/test_senders.py::test_resolve_agrees_with_the_sender_each_message_got",
        ),
    ),
    Written(
        "one_message_per_recipient",
        "a send makes one Message per reached recipient, addressed to it, with the content "
        "exactly as sent",
        ("sendMessages", "listMessages", "fetchMessage"),
        "/paths/~1Messages/post",
        "documented",
        (_w("test_one_message_per_recipient_with_the_content_sent"),),
    ),
    Written(
        "nothing_goes_out_before_send_at",
        "nothing of a scheduled send goes out before `sendAt`: the Operation and its Messages "
        "are SCHEDULED, with no attempt (on the target under test when sending is allowed)",
        ("sendMessages", "fetchMessageOperation", "listMessages", "fetchMessage"),
        "/paths/~1Messages/post",
        "inferred",
        (_w("test_nothing_goes_out_before_send_at"),),
    ),
    Written(
        "documented_limits_are_rejected",
        "the limits that need a large body (10,000 Senders, 100 recipients, 10,000 recipients, "
        "ID patterns, the tag pattern) are enforced with 400",
        ("createSenderPool", "resolveSenders", "searchSenders", "sendMessages"),
        "/components/schemas/CreateSenderPoolRequest",
        "documented",
        (
            "contract_tests/suite/test_limits.py::test_past_the_limit_is_400",
            "contract_tests/suite/test_senders.py::test_past_the_limit_is_400_and_nothing_changes",
        ),
    ),
    Written(
        "documented_limits_are_accepted",
        "exactly at the documented limits (10,000 Senders, 10 tags of the longest key and "
        "value, pageSize 1 and 1000, 100 recipients to resolve) is accepted",
        ("createSenderPool", "listSenders", "resolveSenders"),
        "/components/schemas/CreateSenderPoolRequest",
        "documented",
        (
            "contract_tests/suite/test_limits.py::test_exactly_at_the_limits_is_accepted",
            "contract_tests/suite/test_limits.py::test_page_size_bounds",
            "contract_tests/suite/test_senders.py::test_resolve_takes_up_to_a_hundred_recipients",
        ),
    ),
    Written(
        "deleted_pool_is_gone",
        "a deleted pool is neither fetched nor listed",
        ("deleteSenderPool", "fetchSenderPool", "listSenderPools"),
        "/paths/~1SenderPools~1{senderPoolId}/delete",
        "inferred",
        ("contract_tests/suite/test_workflows.py::test_use_after_delete",),
    ),
    Written(
        "async_create_is_found_by_operation_id",
        "a create answers 202 with its Operation, which completes, and the pool is listed by "
        "its operationId",
        ("createSenderPool", "fetchSenderPoolOperation", "listSenderPools"),
        "/paths/~1SenderPools/post",
        "documented",
        ("contract_tests/suite/test_workflows.py::test_create_lifecycle",),
    ),
    Written(
        "pool_sends_use_fitting_pool_senders",
        "a send from a pool uses, per recipient, an ACTIVATED Sender of the pool whose channel "
        "reaches it; DEACTIVATED Senders are never used",
        ("sendMessages", "listMessages"),
        "/paths/~1Messages/post",
        "documented",
        (
            "contract_tests/suite/test_messages.py::"
            "test_each_recipient_gets_a_fitting_sender_of_the_pool",
            "contract_tests/suite/test_messages.py::test_deactivated_senders_are_never_used",
        ),
    ),
    Written(
        "responses_match_the_spec",
        "every answer has a documented status and a body of the documented shape (every "
        "operation, fuzzed)",
        ("*",),
        "/paths",
        "documented",
        ("contract_tests/suite/test_fuzz.py::test_every_operation_conforms",),
    ),
)


@functools.cache
def catalogue(contract: Contract) -> tuple[Promise, ...]:
    """Every promise of the contract: derived ones first, then the ones written once."""
    written = tuple(
        Promise(
            id=entry.kind,
            kind=entry.kind,
            statement=entry.statement,
            operations=entry.operations,
            source=Source(entry.where, nearest_source(contract, entry.where)),
            provenance=entry.provenance,
            tests=entry.tests,
        )
        for entry in WRITTEN
    )
    return (*_derived(contract), *written)


def derived(contract: Contract, kind: str) -> list[Promise]:
    """The derived entries of one kind, for parametrising its test."""
    return [p for p in catalogue(contract) if p.kind == kind and p.key]
