"""The Schemathesis schema for a target and profile: the run's contract, never the target's."""

from __future__ import annotations

import copy
import functools
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from comms_spec import Contract
from contract_tests._target import Target
from contract_tests.divergences import SCHEMATHESIS_OPERATIONS
from contract_tests.profiles import Profile

IN_PROCESS_BASE = "http://emulator.local/v1"


def load_schema(
    contract: Contract, target: Target, profile: Profile, seed: int | None = None
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
        writes = contract.operation_ids - contract.read_only_operation_ids
        schema = schema.exclude(operation_id=sorted(writes))
    if target.external:
        # Generated sends would message whatever addresses Hypothesis makes up: the fuzzer
        # sends Messages to the built-in emulator only, even with --allow-sending.
        schema = schema.exclude(operation_id=sorted(contract.sending_operation_ids))
    return schema


@functools.cache
def run_schema() -> BaseSchema:
    """The schema for this run's contract, target and profile, built once."""
    from contract_tests._context import context

    run = context()
    return load_schema(run.contract, run.target, run.profile)
