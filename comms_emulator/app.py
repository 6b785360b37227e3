"""The ASGI application: public API routes from the spec, /openapi.json, the control plane."""

from __future__ import annotations

import copy
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from comms_emulator.config import EmulatorConfig
from comms_emulator.http.control import control_routes
from comms_emulator.http.dispatch import API_VERSIONS, Api, ApiMiddleware
from comms_emulator.http.json_response import error_response, json_response
from comms_emulator.models.faults import FaultInjector
from comms_emulator.models.routing import RcsCapability
from comms_emulator.models.world import World
from comms_spec import load_spec

log = logging.getLogger("comms_emulator")


def create_app(
    config: EmulatorConfig | None = None, spec: dict[str, Any] | None = None
) -> Starlette:
    config = config or EmulatorConfig()
    spec = spec if spec is not None else load_spec()
    world = World(
        credentials=config.credentials(),
        inventory=config.inventory,
        progression=config.progression,
        faults=FaultInjector(seed=config.fault_seed),
        rcs_capable=RcsCapability(list(config.rcs_capable)),
    )
    api = Api(spec, world, self_check=config.self_check, max_body_bytes=config.max_body_bytes)

    async def openapi(request: Request) -> Response:
        served = copy.deepcopy(spec)
        base = f"{request.url.scheme}://{request.url.netloc}"
        # Point tools that read the served spec at this emulator, never at Twilio.
        served["servers"] = [{"url": f"{base}/{v}"} for v in API_VERSIONS]
        return json_response(200, served)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        return error_response(status, f"No such resource: {request.method} {request.url.path}")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, f"Internal emulator error: {type(exc).__name__}")

    app = Starlette(
        routes=[
            Route("/openapi.json", openapi, methods=["GET"]),
            *control_routes(world),
        ],
        middleware=[Middleware(ApiMiddleware, api=api)],
        exception_handlers={404: not_found, 405: not_found, Exception: server_error},
    )
    app.state.world = world
    app.state.config = config
    return app
