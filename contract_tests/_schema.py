"""The Schemathesis schema for a target and profile: loaded from spec/, never from the target."""

from __future__ import annotations

import functools
from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig

from comms_spec import load_spec, sending_operation_ids, spec_path
from contract_tests._target import Target
from contract_tests.divergences import SCHEMATHESIS_OPERATIONS
from contract_tests.profiles import Profile

IN_PROCESS_BASE = "http://emulator.local/v1"


def load_schema(target: Target, profile: Profile, seed: int | None = None) -> Any:
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
    schema = schemathesis.openapi.from_path(
        str(spec_path()), config=SchemathesisConfig.from_dict(config)
    )
    if target.app is not None:
        schema.app = target.app
        schema.config.update(base_url=IN_PROCESS_BASE)
    else:
        schema.config.update(base_url=target.api_base)
    if target.read_only:
        schema = schema.include(method="GET")
    if target.external:
        # Generated sends would message whatever addresses Hypothesis makes up: the fuzzer
        # sends Messages to the built-in emulator only, even with --allow-sending.
        schema = schema.exclude(operation_id=sorted(sending_operation_ids(load_spec())))
    return schema


@functools.cache
def run_schema() -> Any:
    """The schema for this run's target and profile, built once."""
    from contract_tests._context import context

    return load_schema(context().target, context().profile)
