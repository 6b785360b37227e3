"""The control plane under /_emulator/ (not part of the public spec; who may call it and the
JSON Schemas of its bodies are in `control_guard.py` and `control_schemas.json`).

GET    /_emulator/                          state summary (accounts, progression, consistency, ...)
POST   /_emulator/reset                     {"account": SID}? -> forget pools and Operations
PUT    /_emulator/accounts/{sid}/senders    {"senders": [...]} -> replace the inventory
GET    /_emulator/progression               current progression
PUT    /_emulator/progression               {"progression": "immediate|polls:N|seconds:T"}
GET    /_emulator/faults                    active fault rules
POST   /_emulator/faults                    {"status": 429|503, "operationId"?, "count"|"rate",
                                             "retryAfter"?, "key"?} (key: only requests whose
                                             X-Emulator-Rule-Key header is that key)
DELETE /_emulator/faults                    remove every fault rule
GET    /_emulator/rcs-capable               recipient patterns whose devices take RCS
PUT    /_emulator/rcs-capable               {"patterns": ["+1914*", ...]} (["*"]: every device)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from comms_emulator.http.control_guard import ControlGuard
from comms_emulator.http.errors import ApiError, ErrorBodies, bad_request
from comms_emulator.http.json_response import json_response
from comms_emulator.models.faults import FaultRule
from comms_emulator.models.progression import Progression
from comms_emulator.models.rules import RuleBookFull, check_op
from comms_emulator.models.world import World

Endpoint = Callable[[Request], Awaitable[Response]]
Body = dict[str, Any]


def control_routes(
    world: World, errors: ErrorBodies, guard: ControlGuard, op_ids: Collection[str]
) -> list[Route]:
    def guarded(func: Callable[[Request, Body], Awaitable[Any]], **schemas: str) -> Endpoint:
        """`schemas`: the control_schemas.json entry for each method that takes a body."""

        async def endpoint(request: Request) -> Response:
            try:
                body = await guard.admit(request, schemas.get(request.method))
                return json_response(200, await func(request, body or {}))
            except ApiError as error:
                headers = dict(error.headers)
                if error.status in (408, 413):
                    # The rest of the body may still be on its way: do not wait for it.
                    headers["Connection"] = "close"
                return json_response(error.status, errors.of(error), headers)

        return endpoint

    async def summary(request: Request, __: Body) -> dict[str, Any]:
        # Requests the server refused before the app (431, 414, 505, malformed...), by status:
        # counted, and logged only at debug level (`_protocols.py`).
        refusals = getattr(request.app.state, "refusals", {})
        return {
            "accounts": [_account_summary(world, sid) for sid in world.account_sids],
            "progression": str(world.progression),
            "consistency": str(world.consistency),
            "rcsCapable": list(world.rcs_capable.patterns),
            "faults": [rule.as_dict() for rule in world.faults.rules],
            "refusals": {str(status): count for status, count in sorted(refusals.items())},
        }

    async def reset(_: Request, body: Body) -> dict[str, Any]:
        sid = body.get("account")
        if sid is not None:
            _known(world, sid)
        world.reset(sid)
        return {"reset": [sid] if sid else world.account_sids}

    async def seed(request: Request, body: Body) -> dict[str, Any]:
        sid = _known(world, request.path_params["sid"])
        senders = body["senders"]
        try:
            # Off the event loop: checking 10,000 senders takes about a second, which every
            # client of the API would otherwise wait for.
            count = await asyncio.to_thread(world.seed_senders, sid, senders)
        except (ValueError, TypeError, KeyError) as error:
            raise bad_request(f"invalid sender inventory: {error}") from None
        return {"account": sid, "senders": count}

    async def progression(request: Request, body: Body) -> dict[str, Any]:
        if request.method == "PUT":
            try:
                world.progression = Progression.parse(body["progression"])
            except ValueError as error:
                raise bad_request(str(error)) from None
        return {"progression": str(world.progression)}

    async def faults(request: Request, body: Body) -> dict[str, Any]:
        if request.method == "DELETE":
            world.faults.clear()
        elif request.method == "POST":
            count = body.get("count")
            try:
                check_op(body.get("operationId"), op_ids)
                world.faults.add(
                    FaultRule(
                        status=body["status"],
                        op_id=body.get("operationId"),
                        count=None if count is None else int(count),  # the schema allows 2.0
                        rate=body.get("rate"),
                        retry_after=int(body.get("retryAfter", 1)),
                        key=body.get("key"),
                    )
                )
            except RuleBookFull as error:  # valid, and accepted once rules are removed
                raise ApiError(409, str(error)) from None
            except (ValueError, TypeError) as error:
                raise bad_request(f"invalid fault rule: {error}") from None
        return {"faults": [rule.as_dict() for rule in world.faults.rules]}

    async def rcs_capable(request: Request, body: Body) -> dict[str, Any]:
        if request.method == "PUT":
            world.rcs_capable.patterns = list(body["patterns"])
        return {"patterns": list(world.rcs_capable.patterns)}

    get, put, post, delete = "GET", "PUT", "POST", "DELETE"
    return [
        Route("/_emulator/", guarded(summary), methods=[get]),
        Route("/_emulator/rcs-capable", guarded(rcs_capable, PUT="rcs"), methods=[get, put]),
        Route("/_emulator/reset", guarded(reset, POST="reset"), methods=[post]),
        Route("/_emulator/accounts/{sid}/senders", guarded(seed, PUT="senders"), methods=[put]),
        Route("/_emulator/progression", guarded(progression, PUT="progress"), methods=[get, put]),
        Route("/_emulator/faults", guarded(faults, POST="faults"), methods=[get, post, delete]),
    ]


def _account_summary(world: World, sid: str) -> dict[str, Any]:
    return {"sid": sid, **world.account(sid).counts()}


def _known(world: World, sid: str) -> str:
    if sid not in world.account_sids:
        raise ApiError(404, f"no emulated account {sid}")
    return sid
