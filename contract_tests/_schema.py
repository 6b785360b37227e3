"""The Schemathesis schema for a target and profile: the run's contract, never the target's."""

from __future__ import annotations

import copy
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from comms_spec import Contract
from contract_tests._deadline import DEFAULT_REQUEST_DEADLINE, NoRedirectSession
from contract_tests._profiles import Profile
from contract_tests._target import Target
from contract_tests._transport import Transport

IN_PROCESS_BASE = "http://emulator.local/v1"

# Schemathesis per-operation configuration.
LIST_OPERATIONS = "^(list|search)"
SCHEMATHESIS_OPERATIONS: list[dict[str, Any]] = [
    {
        # pageToken is opaque: a schema-valid string the API never issued is rightly a 400, and
        # startDate > endDate is a 400 that JSON Schema cannot express. Deterministic tests
        # pin both (test_pagination, test_filters), so fuzzing accepts 400 on lists (and on
        # Search, which pages through its body).
        "include-operation-id-regex": LIST_OPERATIONS,
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 400, 401, 403, 404, 409, 429]}
        },
    },
    {
        # Boundary arrays of 1,000 and 10,000 unique sender references take Hypothesis
        # minutes to build; test_limits sends exactly those sizes instead.
        "include-operation-id": ["createSenderPool", "addSenderPoolSenders", "sendMessages"],
        "phases": {"coverage": {"enabled": False}},
    },
    {
        # A schema-valid send (or Resolve) names a pool or a sender address the account may
        # not have, or a schedule time that has passed, which is rightly a 400 that JSON Schema
        # cannot express; test_messages and test_senders pin them.
        "include-operation-id": ["sendMessages", "resolveSenders"],
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", 400, 401, 403, 404, 409, 429]}
        },
    },
]


class RunTransport:
    """Schemathesis' transport for a run's schema: every request Schemathesis sends over the
    network, its cases and its own extra requests (the auth probes) alike, passes the run's
    gate (rate limit, count, stop) once bound to the run's transport, with the request deadline
    and no redirect followed."""

    def __init__(self, schema: BaseSchema, deadline: float) -> None:
        self._inner = schemathesis.transport.get(schema.app)
        self._session = NoRedirectSession(deadline)
        self.transport: Transport | None = None

    def bind(self, transport: Transport) -> None:
        self.transport = transport
        self._session.adapter.cap = transport.patience.time_left

    def send(self, case: Any, **kwargs: Any) -> Any:
        if "app" not in kwargs and case.operation.app is None:
            kwargs["session"] = self._session

        def send() -> Any:
            return self._inner.send(case, **kwargs)

        if self.transport is None:
            return send()
        self.transport.gate()
        return self.transport.exchange(send)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _through(schema: BaseSchema, deadline: float) -> BaseSchema:
    """`schema`, and every clone of it, sending through a RunTransport of its own (a class
    made for this schema: Schemathesis reads its transport from a property of the class)."""
    wire = RunTransport(schema, deadline)
    cls = type(schema)
    schema.__class__ = type(cls.__name__, (cls,), {"transport": property(lambda _: wire)})
    return schema


def load_schema(
    contract: Contract,
    target: Target,
    profile: Profile,
    seed: int | None = None,
    deadline: float = DEFAULT_REQUEST_DEADLINE,
) -> BaseSchema:
    user, password = target.credentials.pair
    config: dict[str, Any] = {
        "auth": {"basic": {"username": user, "password": password}},
        "generation": {
            "max-examples": profile.max_examples,
            # Keep the configured credentials off generated "no auth" cases; ignored_auth
            # still sends its own unauthenticated requests.
            "with-security-parameters": False,
            "database": "none",
        },
        "operations": SCHEMATHESIS_OPERATIONS,
    }
    if seed is not None:
        config["seed"] = seed
    settings = SchemathesisConfig.from_dict(config)
    # The suite's view of the spec: the published document plus the suite overlay (links with
    # request bodies, `uniqueItems`), handed over as a copy, since the loader may annotate it.
    schema: BaseSchema = schemathesis.openapi.from_dict(
        copy.deepcopy(contract.suite.document), config=settings
    )
    if target.app is not None:
        schema.app = target.app
        schema.config.update(base_url=IN_PROCESS_BASE)
    else:
        schema.config.update(base_url=target.api_base)
    if target.read_only:
        # GETs and the POSTs the spec marks `x-read-only` (Search, Resolve) change nothing.
        # Everything else is excluded: with per-operation config set, Schemathesis ignores an
        # `include` filter (the old `include(method="GET")` let every operation through).
        writes = contract.op_ids - contract.read_only_op_ids
        schema = schema.exclude(operation_id=sorted(writes))
    if target.external:
        # Generated sends would message whatever addresses Hypothesis makes up: the fuzzer
        # sends Messages to the built-in emulator only, even with --allow-sending.
        schema = schema.exclude(operation_id=sorted(contract.sending_op_ids))
    return _through(schema, deadline)
