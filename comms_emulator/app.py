"""The ASGI application: public API routes from the contract, /openapi.json, the control plane.

`create_app(config, contract)` serves the `Contract` it is given. Composition roots (the CLI,
`comms_emulator.threaded`, test fixtures, the benchmarks) build one with `Contract.load()` and
hand it down; called without one, `create_app` is itself the composition root and loads the
kit's spec (or `COMMS_SPEC_PATH`). Nothing below it loads the spec.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from comms_emulator.config import EmulatorConfig
from comms_emulator.http.control import control_routes
from comms_emulator.http.control_guard import ControlGuard, host_name
from comms_emulator.http.control_journal import journal_routes
from comms_emulator.http.dispatch import Api, EmulatorApp
from comms_emulator.http.errors import ErrorBodies
from comms_emulator.http.journal import RequestJournal
from comms_emulator.http.json_response import encode_json, json_response
from comms_emulator.http.origin import PublicOrigin
from comms_emulator.models.faults import FaultInjector
from comms_emulator.models.routing import RcsCapability
from comms_emulator.models.world import World
from comms_spec import Contract, published_document

log = logging.getLogger("comms_emulator")


def create_app(config: EmulatorConfig | None = None, contract: Contract | None = None) -> Starlette:
    config = config or EmulatorConfig()
    contract = contract if contract is not None else Contract.load()
    faults = FaultInjector(seed=config.fault_seed, latency_s=config.latency)
    faults.busy(config.fault_rate, config.fault_retry_after)
    world = World(
        contract,
        credentials=config.credentials(),
        inventory=config.inventory,
        progression=config.progression,
        faults=faults,
        rcs_capable=RcsCapability(list(config.rcs_capable)),
        clock=config.clock,
        retention=config.retention,
        pool_quota=config.pool_quota,
        consistency=config.consistency,
    )
    errors = ErrorBodies(contract.error_codes)
    origin = PublicOrigin(config.public_url)
    secrets = [c.secret for c in world.credentials.values()]
    journal = RequestJournal(config.journal_size, world.clock, secrets)
    api = Api(
        contract,
        world,
        errors,
        self_check=config.self_check,
        max_body_bytes=config.max_body_bytes,
        origin=origin,
        body_timeout=config.body_timeout,
        journal=journal,
    )
    guard = ControlGuard(
        token=config.control_token,
        hosts=[host_name(urlsplit(origin.fixed).netloc) or ""] if origin.fixed else [],
        max_body_bytes=config.max_body_bytes,
        body_timeout=config.body_timeout,
    )
    served: dict[str, bytes] = {}  # origin -> the spec as served there, encoded once

    async def openapi(request: Request) -> Response:
        base = origin.of(request.scope)
        if base not in served:
            # Point tools that read the served spec at this emulator: never at Twilio, never
            # at whatever Host a request named.
            servers = [{"url": f"{base}/{v}"} for v in contract.api_versions]
            # The published document (what SDK authors download), pointed at this emulator.
            published = published_document(contract.document)
            served[base] = encode_json({**published, "servers": servers})
        return Response(served[base], media_type="application/json")

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
        if status == 405:
            message = f"Method {request.method[:32]} is not allowed here"
        else:
            message = f"No such resource: {request.method[:32]} {request.url.path}"
        return json_response(status, errors.body(status, message), headers or None)

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = f"Internal emulator error: {type(exc).__name__}"
        return json_response(500, errors.body(500, message))

    app = EmulatorApp(
        routes=[
            Route("/openapi.json", openapi, methods=["GET"]),
            *control_routes(world, errors, guard, contract.op_ids),
            *journal_routes(world, journal, api.variance_applier, errors, guard),
        ],
        exception_handlers={404: not_found, 405: not_found, Exception: server_error},
    )
    # Starlette would answer /_emulator with a redirect built from the Host header.
    app.router.redirect_slashes = False
    app.api = api
    app.state.world = world
    app.state.journal = journal
    app.state.config = config
    app.state.contract = contract
    return app
